/**
 * One Send API exchange for the delivery pipeline's attempt function (src/server/delivery/attempt.ts):
 * the same claim, deadline, attempt record, ordering and retries as every delivery; only the
 * request (the stored Send API body, to the channel's Page with its access token) and the verdict
 * (judgeGraphAnswer) are Messenger's. Also the best-effort typing indicator.
 */
import { env } from "@/server/config/env";
import type { Db } from "@/server/db/client";
import { VERIFY_TIMEOUT_MS } from "@/server/net/outbound-options";
import { postJson, type OutboundResult } from "@/server/net/outbound-http";
import type { UrlPolicy } from "@/server/net/url-policy";
import type { FailureClass, ReceiverVerdict } from "@/server/delivery/receiver-protocol";
import { judgeGraphAnswer, senderActionBody, type GraphVerdict } from "./send-api";
import { decryptMessengerSecrets, readMessengerSettings } from "./settings";

export const GRAPH_URL_NOT_SET = "MESSENGER_GRAPH_API_URL is not set";

/** The operator configures the Graph API URL (tests point it at 127.0.0.1), no tenant: it is trusted as given. */
const GRAPH_POLICY: UrlPolicy = { allowPrivate: true, requireHttps: false };

export interface SendApiExchange {
  result: OutboundResult;
  verdict: ReceiverVerdict;
  failure?: FailureClass;
  graph: GraphVerdict;
  /** The Page access token and App secret: never stored in what is recorded. */
  secrets: string[];
}

function failed(message: string, kind: "RETRY" | "REFUSED", description: string): SendApiExchange {
  return {
    result: { ok: false, error: { kind: "network", message }, durationMs: 0 },
    verdict: { ok: false, reason: message },
    failure: { kind },
    graph: { ok: false, kind, reason: message, description },
    secrets: [],
  };
}

export async function sendApiExchange(args: { payload: unknown; settings: unknown; timeoutMs: number }): Promise<SendApiExchange> {
  const settings = readMessengerSettings(args.settings);
  if (!settings) return failed("the Messenger channel has no Page settings", "REFUSED", "the Messenger channel has no Page settings");
  const base = env().MESSENGER_GRAPH_API_URL;
  if (!base) return failed(GRAPH_URL_NOT_SET, "RETRY", `Messenger could not be reached: ${GRAPH_URL_NOT_SET}`);
  const { pageAccessToken, appSecret } = decryptMessengerSecrets(settings);
  const secrets = [pageAccessToken, appSecret, encodeURIComponent(pageAccessToken)];
  const result = await postJson({
    url: `${base}/${encodeURIComponent(settings.pageId)}/messages?access_token=${encodeURIComponent(pageAccessToken)}`,
    body: JSON.stringify(args.payload),
    headers: {},
    timeoutMs: args.timeoutMs,
    policy: GRAPH_POLICY,
  });
  if (!result.ok) {
    const reason = `Send API: ${result.error.message}`;
    return { result, verdict: { ok: false, reason }, failure: { kind: "RETRY" }, graph: { ok: false, kind: "RETRY", reason, description: `Messenger could not be reached: ${result.error.message}` }, secrets };
  }
  const graph = judgeGraphAnswer(result.status, result.bodyStart);
  if (graph.ok) return { result, verdict: { ok: true, status: result.status }, graph, secrets };
  return { result, verdict: { ok: false, reason: graph.reason, status: result.status }, failure: { kind: graph.kind }, graph, secrets };
}

/** typing_on / typing_off for a customer: best effort, nothing recorded, a failure only logged. */
export async function sendTypingIndicator(args: { settings: unknown; psid: string; typing: boolean; timeoutMs: number }): Promise<void> {
  const settings = readMessengerSettings(args.settings);
  const base = env().MESSENGER_GRAPH_API_URL;
  if (!settings || !base) return;
  const { pageAccessToken } = decryptMessengerSecrets(settings);
  const result = await postJson({
    url: `${base}/${encodeURIComponent(settings.pageId)}/messages?access_token=${encodeURIComponent(pageAccessToken)}`,
    body: JSON.stringify(senderActionBody(args.psid, args.typing)),
    headers: {},
    timeoutMs: args.timeoutMs,
    policy: GRAPH_POLICY,
  });
  if (!result.ok || result.status < 200 || result.status > 299) {
    console.warn(`[messenger] typing indicator not sent: ${result.ok ? `HTTP ${result.status}` : result.error.message}`);
  }
}

/**
 * Someone (the bot, or an agent in the desk) is typing to this customer: on a Messenger channel
 * the Page's typing bubble, sent after the caller's answer; on other channels nothing happens.
 */
export function typingOnMessenger(db: Db, channelAssetId: string, psid: string, typing: boolean): void {
  void db.channelAsset
    .findFirst({ where: { id: channelAssetId, type: "MESSENGER" }, select: { settings: true } })
    .then((asset) => (asset ? sendTypingIndicator({ settings: asset.settings, psid, typing, timeoutMs: VERIFY_TIMEOUT_MS }) : undefined))
    .catch((error: unknown) => console.warn("[messenger] typing indicator not sent:", error instanceof Error ? error.message : error));
}
