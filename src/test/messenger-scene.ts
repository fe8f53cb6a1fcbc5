/**
 * A tenant with a Messenger channel wired end to end (bot, CCSP, service, rules), and signed
 * webhook notifications built like the Messenger Platform's sample notifications (docs/messenger.md).
 */
import { randomUUID } from "node:crypto";
import { GET as getMessenger, POST as postMessenger } from "@/app/api/v1/channels/[assetId]/messenger/route";
import { readMessengerSettings } from "@/server/messenger/settings";
import { hubSignature } from "@/server/messenger/signature";
import { createChatScene, digits, type SceneOptions } from "./chat-scene";
import type { GraphApi } from "./graph-api";

export { digits };

/** A Messenger channel created as a tenant creates it (a Messenger channel has no channel API secret: Meta signs with the App secret). */
export async function messengerScene(options: Omit<SceneOptions, "channel" | "messenger">, graph?: GraphApi) {
  const pageId = digits();
  const pageAccessToken = `EAAG${randomUUID().replaceAll("-", "")}`;
  const appSecret = randomUUID().replaceAll("-", "");
  const scene = await createChatScene({ ...options, channel: "MESSENGER", messenger: { pageId, pageName: "Acme Page", pageAccessToken, appSecret } });
  const settings = readMessengerSettings(scene.asset.settings);
  if (!settings) throw new Error("The Messenger channel was saved without its settings");
  graph?.addPage(pageId, pageAccessToken);
  return { ...scene, pageId, pageAccessToken, appSecret, verifyToken: settings.verifyToken };
}

export type MessengerScene = Awaited<ReturnType<typeof messengerScene>>;

/** One `entry[].messaging[]` item from a customer (PSID) to the Page. */
export const fromCustomer = (pageId: string, psid: string, event: Record<string, unknown>) => ({
  sender: { id: psid },
  recipient: { id: pageId },
  timestamp: Date.now(),
  ...event,
});

export const notification = (pageId: string, messaging: unknown[], more: { id: string; messaging: unknown[] }[] = []) => ({
  object: "page",
  entry: [{ id: pageId, time: Date.now(), messaging }, ...more.map((e) => ({ ...e, time: Date.now() }))],
});

export const mid = () => `m_${randomUUID().replaceAll("-", "")}`;

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; field?: string } };
  text: string;
}

async function answerOf(response: Response): Promise<WebhookAnswer> {
  const text = await response.text();
  let body: WebhookAnswer["body"] = {};
  try {
    body = JSON.parse(text) as WebhookAnswer["body"];
  } catch {
    // plain text (the challenge)
  }
  return { status: response.status, body, text };
}

/** POSTs a notification as Meta does: the raw body signed with the App secret (or as told). */
export async function postWebhook(
  assetId: string,
  body: unknown,
  init: { appSecret?: string; signature?: string | null; rawBody?: string | Uint8Array; contentType?: string } = {},
): Promise<WebhookAnswer> {
  const raw = init.rawBody ?? JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": init.contentType ?? "application/json" };
  const signature = init.signature === undefined ? hubSignature(raw, init.appSecret ?? "") : init.signature;
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  const request = new Request(`http://localhost/api/v1/channels/${assetId}/messenger`, { method: "POST", headers, body: typeof raw === "string" ? raw : new Blob([new Uint8Array(raw)]) });
  return answerOf(await postMessenger(request, { params: Promise.resolve({ assetId }) }));
}

export async function verifyWebhook(assetId: string, query: Record<string, string>): Promise<WebhookAnswer> {
  const url = new URL(`http://localhost/api/v1/channels/${assetId}/messenger`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return answerOf(await getMessenger(new Request(url, { method: "GET" }), { params: Promise.resolve({ assetId }) }));
}
