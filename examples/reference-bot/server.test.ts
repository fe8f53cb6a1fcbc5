/**
 * The reference bot on 127.0.0.1 against a stand-in platform (a real HTTP server on 127.0.0.1).
 * Requests are signed with the platform's own signer, answers judged with the platform's own
 * verification-token check, and the bot's events parsed with the platform's own parser, so the
 * bot stays compatible with what Switchboard really sends and accepts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseInboundEvent } from "@/server/conversations/wire/inbound-events";
import {
  incomingMessagePayload,
  messageDeliveryPayload,
  postbackPayload,
  verificationPayload,
} from "@/server/conversations/wire/outbound-payloads";
import { carriesVerificationToken } from "@/server/delivery/receiver-protocol";
import { signWebhook } from "@/server/webhooks/standard-webhooks";
import { startReceiver, type Receiver } from "@/test/receiver";
import { HANDOVER_REASON, QUICK_REPLIES, startReferenceBot, type PlatformEvent, type ReferenceBot } from "./bot";

const SIGNING_SECRET = `whsec_${randomBytes(24).toString("base64")}`;
const INBOUND_SECRET = "inbound-secret-for-tests";
const VERIFICATION_TOKEN = "reference-bot-verification-token";
const GMT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

type Received = { authorization?: string; body: Record<string, unknown>; path?: string };

/** The platform's inbound webhook, standing in: records what the bot sends, 401 on a wrong secret. */
let platform: Receiver;
let platformUrl: string;
let received: Received[] = [];

beforeAll(async () => {
  platform = await startReceiver({
    path: "/api/v1/integrations/int_test/events",
    reply: (request) => {
      received.push({ authorization: request.headers.authorization, body: request.body, path: request.path });
      const ok = request.headers.authorization === `Bearer ${INBOUND_SECRET}`;
      return { status: ok ? 202 : 401, headers: { "content-type": "application/json" }, body: ok ? '{"messageId":"msg_x"}' : '{"error":{"code":"UNAUTHORIZED"}}' };
    },
  });
  platformUrl = platform.url;
});

afterAll(() => platform.close());

let bot: ReferenceBot | undefined;
let events: PlatformEvent[] = [];
let logLines: string[] = [];

async function startBot(overrides: Partial<Parameters<typeof startReferenceBot>[0]> = {}) {
  received = [];
  events = [];
  logLines = [];
  bot = await startReferenceBot(
    {
      port: 0,
      host: "127.0.0.1",
      platformEventsUrl: platformUrl,
      inboundSecret: INBOUND_SECRET,
      signingSecret: SIGNING_SECRET,
      verificationToken: VERIFICATION_TOKEN,
      ...overrides,
    },
    { log: (line) => logLines.push(line), onEvent: (event) => events.push(event) },
  );
  return bot;
}

afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** POSTs a payload the way the platform does: signed with Standard Webhooks headers. */
async function deliver(payload: object, options: { secret?: string; id?: string; headers?: Record<string, string> } = {}) {
  const body = JSON.stringify(payload);
  const signature = signWebhook({ id: options.id ?? `dlv_${randomBytes(6).toString("hex")}`, timestamp: new Date(), body, secret: options.secret ?? SIGNING_SECRET });
  const response = await fetch(bot!.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...signature, ...options.headers },
    body,
  });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, text, headers };
}

const ref = (conversationId: string, conversationType: "BOT" | "CCSP" = "BOT") => ({ conversationId, conversationType, channel: "WEBCHAT", at: new Date() });
const customerSays = (conversationId: string, text: string, conversationType: "BOT" | "CCSP" = "BOT") =>
  incomingMessagePayload(ref(conversationId, conversationType), { id: `msg_${randomBytes(4).toString("hex")}`, text, type: "text" });

async function waitForReceived(count: number) {
  const deadline = Date.now() + 5_000;
  while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await bot!.idle();
  return received;
}

describe("reference bot", () => {
  it("refuses requests without a valid signature (401) and acts on none of them", async () => {
    await startBot();
    const wrongSecret = await deliver(customerSays("conv_a", "hello"), { secret: `whsec_${randomBytes(24).toString("base64")}` });
    expect(wrongSecret.status).toBe(401);
    expect(carriesVerificationToken({ headers: wrongSecret.headers, bodyStart: wrongSecret.text }, VERIFICATION_TOKEN)).toBe(false);

    const unsigned = await fetch(bot!.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(customerSays("conv_a", "hello")) });
    expect(unsigned.status).toBe(401);

    // A body changed after signing does not pass either.
    const body = JSON.stringify(customerSays("conv_a", "hello"));
    const signature = signWebhook({ id: "dlv_tampered", timestamp: new Date(), body, secret: SIGNING_SECRET });
    const tampered = await fetch(bot!.url, { method: "POST", headers: { "content-type": "application/json", ...signature }, body: body.replace("hello", "hacked") });
    expect(tampered.status).toBe(401);

    await bot!.idle();
    expect(events).toEqual([]);
    expect(received).toEqual([]);
    expect(logLines.filter((line) => line.includes("refused"))).toHaveLength(3);
  });

  it("answers the Verification event with the verification token, as the platform checks it", async () => {
    await startBot();
    const answer = await deliver(verificationPayload("challenge-123", new Date()));
    expect(answer.status).toBe(200);
    expect(carriesVerificationToken({ headers: answer.headers, bodyStart: answer.text }, VERIFICATION_TOKEN)).toBe(true);
    expect(JSON.parse(answer.text)).toMatchObject({ verificationToken: VERIFICATION_TOKEN, challenge: "challenge-123" });
    await bot!.idle();
    expect(received).toEqual([]);
  });

  it("replies to a message through the inbound webhook, with quick replies, in the platform's format", async () => {
    await startBot();
    const answer = await deliver(customerSays("conv_hello", "hello"));
    expect(answer.status).toBe(200);
    // Every answer carries the token, not only the Verification's.
    expect(carriesVerificationToken({ headers: answer.headers, bodyStart: answer.text }, VERIFICATION_TOKEN)).toBe(true);

    const [reply] = await waitForReceived(1);
    expect(reply?.authorization).toBe(`Bearer ${INBOUND_SECRET}`);
    expect(reply?.body).toMatchObject({
      eventid: "1001",
      conversation_id: "conv_hello",
      message: "You said: hello",
      Messagetype: "text",
      quickReplies: QUICK_REPLIES,
    });
    expect(reply?.body.Timestamp).toMatch(GMT);
    const parsed = parseInboundEvent(reply?.body);
    expect(parsed).toMatchObject({ ok: true, event: { kind: "MESSAGE", conversationId: "conv_hello", customParams: { quickReplies: "Talk to an agent|Bye" } } });
  });

  it('hands over on "agent" (typed) and on the "Talk to an agent" postback', async () => {
    await startBot();
    await deliver(customerSays("conv_typed", "Agent"));
    await deliver(postbackPayload(ref("conv_button"), "Talk to an agent"));
    const replies = await waitForReceived(2);
    expect(replies.map((r) => r.body).sort((a, b) => String(a.conversation_id).localeCompare(String(b.conversation_id)))).toEqual([
      { eventid: "1002", conversation_id: "conv_button", reason: HANDOVER_REASON, Timestamp: expect.stringMatching(GMT) },
      { eventid: "1002", conversation_id: "conv_typed", reason: HANDOVER_REASON, Timestamp: expect.stringMatching(GMT) },
    ]);
    for (const reply of replies) expect(parseInboundEvent(reply.body)).toMatchObject({ ok: true, event: { kind: "HANDOVER", customParams: { reason: HANDOVER_REASON } } });
  });

  it('says goodbye and then closes on "bye", in that order', async () => {
    await startBot();
    await deliver(customerSays("conv_bye", "bye!"));
    const replies = await waitForReceived(2);
    expect(replies.map((r) => [r.body.eventid, r.body.conversation_id])).toEqual([
      ["1001", "conv_bye"],
      ["1003", "conv_bye"],
    ]);
    expect(parseInboundEvent(replies[1]?.body)).toMatchObject({ ok: true, event: { kind: "CLOSE" } });
  });

  it("does not answer copies sent while an agent has the conversation (ConversationType CCSP), nor receipts", async () => {
    await startBot();
    const copy = await deliver(customerSays("conv_copy", "hello agent", "CCSP"));
    expect(copy.status).toBe(200);
    expect(carriesVerificationToken({ headers: copy.headers, bodyStart: copy.text }, VERIFICATION_TOKEN)).toBe(true);
    await deliver(messageDeliveryPayload(ref("conv_copy"), { messageId: "msg_1", status: "Read" }));
    // Then an ordinary message: only that one is answered.
    await deliver(customerSays("conv_after", "still there?"));
    const replies = await waitForReceived(1);
    expect(replies.map((r) => r.body.conversation_id)).toEqual(["conv_after"]);
    expect(events.map((e) => e.Event)).toEqual(["Incoming message", "Message Delivery", "Incoming message"]);
    expect(logLines.some((line) => line.includes("Message Delivery") && line.includes("Read"))).toBe(true);
    expect(logLines.some((line) => line.includes("conv_copy") && line.includes("not answered"))).toBe(true);
  });

  it("acts once on a delivery retried with the same webhook-id", async () => {
    await startBot();
    const payload = customerSays("conv_retry", "once");
    expect((await deliver(payload, { id: "dlv_same" })).status).toBe(200);
    const again = await deliver(payload, { id: "dlv_same" });
    expect(again.status).toBe(200);
    expect(carriesVerificationToken({ headers: again.headers, bodyStart: again.text }, VERIFICATION_TOKEN)).toBe(true);
    await deliver(customerSays("conv_retry", "twice"));
    const replies = await waitForReceived(2);
    expect(replies.map((r) => r.body.message)).toEqual(["You said: once", "You said: twice"]);
  });

  it("as an IMI BOT, checks the Bearer access token", async () => {
    await startBot({ verificationToken: undefined, accessToken: "imi-access-token" });
    expect((await deliver(verificationPayload("c", new Date()))).status).toBe(401);
    expect((await deliver(verificationPayload("c", new Date()), { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const ok = await deliver(customerSays("conv_imi", "hi"), { headers: { authorization: "Bearer imi-access-token" } });
    expect(ok.status).toBe(200);
    const [reply] = await waitForReceived(1);
    expect(reply?.body.message).toBe("You said: hi");
  });

  it("before it has the signing secret, answers the Verification; configured later, it checks signatures", async () => {
    await startBot({ signingSecret: undefined, inboundSecret: undefined, platformEventsUrl: undefined });
    const unsignedVerification = await fetch(bot!.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(verificationPayload("c", new Date())),
    });
    expect(carriesVerificationToken({ headers: {}, bodyStart: await unsignedVerification.text() }, VERIFICATION_TOKEN)).toBe(true);

    bot!.configure({ signingSecret: SIGNING_SECRET, inboundSecret: INBOUND_SECRET, platformEventsUrl: platformUrl });
    expect((await deliver(customerSays("conv_cfg", "hi"), { secret: `whsec_${randomBytes(24).toString("base64")}` })).status).toBe(401);
    expect((await deliver(customerSays("conv_cfg", "hi"))).status).toBe(200);
    const [reply] = await waitForReceived(1);
    expect(reply?.body.conversation_id).toBe("conv_cfg");
  });
});

describe("another organization, connected from the bot's page", () => {
  const connectForm = (fields: Record<string, string>) =>
    fetch(new URL("/connect", bot!.url), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });

  it("checks each organization's signature and replies to each through its own inbound webhook", async () => {
    await startBot();
    const otherSecret = `whsec_${randomBytes(24).toString("base64")}`;
    // Not connected yet: its Verify is refused, and the answer says where to connect.
    const refused = await deliver(verificationPayload("v", new Date()), { secret: otherSecret });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain("connect this organization's signing secret on the bot's page");

    // The page shows the form; a wrong bot token connects nothing.
    const page = await fetch(new URL("/", bot!.url));
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain('aria-label="Connect an organization"');
    expect((await connectForm({ botToken: "guess", signingSecret: otherSecret })).status).toBe(403);
    expect((await deliver(verificationPayload("v", new Date()), { secret: otherSecret })).status).toBe(401);

    // Step 1: the signing secret the wizard shows, before Verify.
    const first = await connectForm({ botToken: VERIFICATION_TOKEN, signingSecret: otherSecret });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("Signing secret saved");
    const verification = await deliver(verificationPayload("v", new Date()), { secret: otherSecret });
    expect(carriesVerificationToken({ headers: verification.headers, bodyStart: verification.text }, VERIFICATION_TOKEN)).toBe(true);

    // Step 2, after Save: where to reply. Its replies go there, the first organization's to its own.
    const otherEvents = `${platformUrl.replace("int_test", "int_other")}`;
    expect((await connectForm({ botToken: VERIFICATION_TOKEN, signingSecret: otherSecret, platformEventsUrl: otherEvents, inboundSecret: INBOUND_SECRET })).status).toBe(200);
    expect((await deliver(customerSays("conv_other", "hi"), { secret: otherSecret })).status).toBe(200);
    expect((await deliver(customerSays("conv_first", "hello"))).status).toBe(200);
    await waitForReceived(2);
    expect(received.find((r) => r.body.conversation_id === "conv_other")).toMatchObject({ path: "/api/v1/integrations/int_other/events", body: { message: "You said: hi" } });
    expect(received.find((r) => r.body.conversation_id === "conv_first")).toMatchObject({ path: "/api/v1/integrations/int_test/events", body: { message: "You said: hello" } });
    expect((await connectForm({ botToken: VERIFICATION_TOKEN, signingSecret: "not-a-secret" })).status).toBe(400);
  });
});

describe("server.ts", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill("SIGTERM");
    child = undefined;
  });

  it("starts from the environment, says where it listens, and refuses to start without a token", async () => {
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    const entry = path.join(process.cwd(), "examples", "reference-bot", "server.ts");

    const refused = spawn(tsx, [entry], { env: { ...process.env, PORT: "0", VERIFICATION_TOKEN: "", ACCESS_TOKEN: "" } });
    let refusal = "";
    refused.stderr.on("data", (chunk: Buffer) => (refusal += chunk.toString()));
    expect(await new Promise((resolve) => refused.on("exit", resolve))).toBe(1);
    expect(refusal).toContain("Set VERIFICATION_TOKEN");

    child = spawn(tsx, [entry], {
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", VERIFICATION_TOKEN, SIGNING_SECRET, PLATFORM_EVENTS_URL: platformUrl, INBOUND_SECRET },
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = "";
      const timer = setTimeout(() => reject(new Error(`no "listening" line in: ${output}`)), 15_000);
      child!.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/webhook)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const body = JSON.stringify(verificationPayload("from-env", new Date()));
    const answer = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...signWebhook({ id: "dlv_env", timestamp: new Date(), body, secret: SIGNING_SECRET }) }, body });
    expect(answer.status).toBe(200);
    expect(carriesVerificationToken({ headers: {}, bodyStart: await answer.text() }, VERIFICATION_TOKEN)).toBe(true);
  });
});
