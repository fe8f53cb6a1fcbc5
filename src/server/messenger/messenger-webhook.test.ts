/**
 * The Messenger webhook over its route handler with signed notifications built like the
 * Messenger Platform's sample notifications (docs/messenger.md): verification, every event kind,
 * batches, repeats, at least fifteen refusals that write nothing, and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerFor, createOwner } from "@/test/factories";
import { fromCustomer, messengerScene, mid, notification, postWebhook, verifyWebhook, type MessengerScene, digits } from "@/test/messenger-scene";
import { startReceiver, type Receiver } from "@/test/receiver";
import { expectTrpcError } from "@/test/trpc-errors";
import { hubSignature } from "./signature";

let bot: Receiver;
let ccsp: Receiver;
beforeAll(async () => {
  [bot, ccsp] = await Promise.all([startReceiver(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([bot.close(), ccsp.close()]);
});

const scene = () => messengerScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url, ccspUrl: ccsp.url });

/** What a notification may leave behind on the channel. */
async function written(s: MessengerScene) {
  const [messages, deliveries, conversations] = await Promise.all([
    db().message.count({ where: { channelAssetId: s.asset.id } }),
    db().delivery.count({ where: { tenantId: s.tenantId } }),
    db().conversation.count({ where: { channelAssetId: s.asset.id } }),
  ]);
  return { messages, deliveries, conversations };
}

const botRequestsFor = (conversationOrPayload: (body: Record<string, unknown>) => boolean) => bot.requests.filter((r) => conversationOrPayload(r.body));

describe("Messenger webhook verification (GET)", () => {
  it("answers the challenge as plain text when the Verify token matches, 403 otherwise", async () => {
    const s = await scene();
    const ok = await verifyWebhook(s.asset.id, { "hub.mode": "subscribe", "hub.verify_token": s.verifyToken, "hub.challenge": "1158201444" });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("1158201444");

    const queries: Record<string, string>[] = [
      { "hub.mode": "subscribe", "hub.verify_token": `${s.verifyToken}x`, "hub.challenge": "1" },
      { "hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1" },
      { "hub.mode": "unsubscribe", "hub.verify_token": s.verifyToken, "hub.challenge": "1" },
      { "hub.verify_token": s.verifyToken, "hub.challenge": "1" },
    ];
    for (const query of queries) {
      const refused = await verifyWebhook(s.asset.id, query);
      expect(refused.status, JSON.stringify(query)).toBe(403);
      expect(refused.text).not.toContain("1158201444");
    }
    const other = await scene();
    expect((await verifyWebhook(other.asset.id, { "hub.mode": "subscribe", "hub.verify_token": s.verifyToken, "hub.challenge": "1" })).status).toBe(403);
    expect((await verifyWebhook("no-such-asset", { "hub.mode": "subscribe", "hub.verify_token": s.verifyToken, "hub.challenge": "1" })).status).toBe(404);
  });
});

describe("Messenger webhook events (POST)", () => {
  it("sends a text message to the bot as the seed's Incoming message on channel FB, and a repeated mid once", async () => {
    const s = await scene();
    const psid = digits();
    const id = mid();
    const body = notification(s.pageId, [fromCustomer(s.pageId, psid, { message: { mid: id, text: "hello, world!" } })]);
    const start = bot.requests.length;
    const answer = await postWebhook(s.asset.id, body, { appSecret: s.appSecret });
    expect(answer.status).toBe(200);
    const [request] = (await bot.waitForRequests(start + 1)).slice(start);
    const conversation = await db().conversation.findFirstOrThrow({ where: { channelAssetId: s.asset.id, channelUserId: psid } });
    const message = await db().message.findFirstOrThrow({ where: { channelAssetId: s.asset.id, channelMessageId: id } });
    expect(request!.body).toStrictEqual({
      Conversationid: conversation.id,
      ConversationType: "BOT",
      Message: "hello, world!",
      MessageType: "text",
      Messageid: message.id,
      Channel: "FB",
      Event: "Incoming message",
      Timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/),
    });
    expect(request!.headers.authorization).toBe(`Bearer ${s.bot.token}`);
    // The inspector shows the event as Messenger sent it.
    expect(message.customParams).toMatchObject({ messengerEvent: { sender: { id: psid }, message: { mid: id } } });

    // Meta sends it again (a slow answer, a retry): stored once, sent once.
    const again = await postWebhook(s.asset.id, body, { appSecret: s.appSecret });
    expect(again.status).toBe(200);
    expect(await written(s)).toEqual({ messages: 1, deliveries: 1, conversations: 1 });
  });

  it("sends attachments as image / video / audio / file / location with the URL or the coordinates as Message", async () => {
    const s = await scene();
    const psid = digits();
    const id = mid();
    const start = bot.requests.length;
    const answer = await postWebhook(
      s.asset.id,
      notification(s.pageId, [
        fromCustomer(s.pageId, psid, {
          message: {
            mid: id,
            attachments: [
              { type: "image", payload: { url: "https://cdn.example.test/photo.jpg" } },
              { type: "video", payload: { url: "https://cdn.example.test/clip.mp4" } },
              { type: "audio", payload: { url: "https://cdn.example.test/voice.mp4" } },
              { type: "file", payload: { url: "https://cdn.example.test/invoice.pdf" } },
              { type: "location", payload: { coordinates: { lat: 52.52, long: 13.405 } } },
            ],
          },
        }),
      ]),
      { appSecret: s.appSecret },
    );
    expect(answer.status).toBe(200);
    const requests = (await bot.waitForRequests(start + 5)).slice(start).map((r) => [r.body.MessageType, r.body.Message]);
    expect(requests).toEqual([
      ["image", "https://cdn.example.test/photo.jpg"],
      ["video", "https://cdn.example.test/clip.mp4"],
      ["audio", "https://cdn.example.test/voice.mp4"],
      ["file", "https://cdn.example.test/invoice.pdf"],
      ["location", "52.52,13.405"],
    ]);
    const ids = await db().message.findMany({ where: { channelAssetId: s.asset.id }, orderBy: { createdAt: "asc" }, select: { channelMessageId: true } });
    expect(ids.map((m) => m.channelMessageId)).toEqual([id, `${id}#1`, `${id}#2`, `${id}#3`, `${id}#4`]);
  });

  it("sends postbacks and quick-reply taps as FB POSTBACK with their payload", async () => {
    const s = await scene();
    const psid = digits();
    const start = bot.requests.length;
    const answer = await postWebhook(
      s.asset.id,
      notification(s.pageId, [
        fromCustomer(s.pageId, psid, { postback: { mid: mid(), title: "Get Started", payload: "GET_STARTED" } }),
        fromCustomer(s.pageId, psid, { message: { mid: mid(), text: "Red", quick_reply: { payload: "PICKED_RED" } } }),
      ]),
      { appSecret: s.appSecret },
    );
    expect(answer.status).toBe(200);
    const requests = (await bot.waitForRequests(start + 2)).slice(start).map((r) => r.body);
    const conversation = await db().conversation.findFirstOrThrow({ where: { channelAssetId: s.asset.id, channelUserId: psid } });
    for (const [i, payload] of ["GET_STARTED", "PICKED_RED"].entries()) {
      expect(requests[i]).toStrictEqual({
        Conversationid: conversation.id,
        ConversationType: "BOT",
        PostbackPayload: payload,
        Channel: "FB",
        Event: "FB POSTBACK",
        Timestamp: expect.any(String),
      });
    }
  });

  it("records the Page's echoes without routing them, and takes a batch of several entries in order", async () => {
    const s = await scene();
    const [alice, bob] = [digits(), digits()];
    const echoMid = mid();
    const start = bot.requests.length;
    const answer = await postWebhook(
      s.asset.id,
      notification(
        s.pageId,
        [
          fromCustomer(s.pageId, alice, { message: { mid: mid(), text: "first" } }),
          { sender: { id: s.pageId }, recipient: { id: alice }, timestamp: Date.now(), message: { mid: echoMid, is_echo: true, app_id: 1517776481860111, text: "typed in the Page inbox" } },
        ],
        [
          { id: s.pageId, messaging: [fromCustomer(s.pageId, bob, { message: { mid: mid(), text: "second" } })] },
          // A chat plugin visitor: no PSID to answer.
          { id: s.pageId, messaging: [{ sender: { user_ref: "plugin-visitor-1" }, recipient: { id: s.pageId }, timestamp: Date.now(), message: { mid: mid(), text: "from the plugin" } }] },
          // Another Page of the same Meta app: not this channel's.
          { id: digits(), messaging: [fromCustomer(digits(), digits(), { message: { mid: mid(), text: "elsewhere" } })] },
        ],
      ),
      { appSecret: s.appSecret },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ stored: 3, ignored: 2 });
    const requests = (await bot.waitForRequests(start + 2)).slice(start).map((r) => r.body.Message);
    expect(requests.sort()).toEqual(["first", "second"]);
    const echo = await db().message.findFirstOrThrow({ where: { channelAssetId: s.asset.id, kind: "ECHO" } });
    expect(echo).toMatchObject({ channelUserId: alice, text: "typed in the Page inbox", channelMessageId: `echo:${echoMid}` });
    expect(await db().delivery.count({ where: { messageId: echo.id } })).toBe(0);
    // The echo again: recorded once.
    await postWebhook(
      s.asset.id,
      notification(s.pageId, [{ sender: { id: s.pageId }, recipient: { id: alice }, timestamp: Date.now(), message: { mid: echoMid, is_echo: true, text: "typed in the Page inbox" } }]),
      { appSecret: s.appSecret },
    );
    expect(await db().message.count({ where: { channelAssetId: s.asset.id, kind: "ECHO" } })).toBe(1);
    expect(botRequestsFor((b) => b.Message === "typed in the Page inbox")).toHaveLength(0);
  });

  it("refuses bad signatures and malformed notifications with a JSON error, writing nothing", async () => {
    const s = await scene();
    const psid = digits();
    const good = (event: Record<string, unknown>) => notification(s.pageId, [fromCustomer(s.pageId, psid, event)]);
    const text = good({ message: { mid: mid(), text: "hi" } });
    const raw = JSON.stringify(text);
    const cases: { name: string; status: number; post: () => ReturnType<typeof postWebhook> }[] = [
      { name: "no signature", status: 401, post: () => postWebhook(s.asset.id, text, { signature: null }) },
      { name: "signed with another secret", status: 401, post: () => postWebhook(s.asset.id, text, { appSecret: "not-the-app-secret" }) },
      { name: "sha1 signature", status: 401, post: () => postWebhook(s.asset.id, text, { signature: `sha1=${"a".repeat(40)}` }) },
      { name: "empty signature", status: 401, post: () => postWebhook(s.asset.id, text, { signature: "sha256=" }) },
      { name: "signature not hex", status: 401, post: () => postWebhook(s.asset.id, text, { signature: `sha256=${"z".repeat(64)}` }) },
      {
        name: "body changed after signing",
        status: 401,
        post: () => postWebhook(s.asset.id, text, { rawBody: raw.replace('"hi"', '"hI"'), signature: hubSignature(raw, s.appSecret) }),
      },
      { name: "not JSON", status: 400, post: () => postWebhook(s.asset.id, null, { rawBody: "{not json", appSecret: s.appSecret }) },
      { name: "invalid UTF-8", status: 400, post: () => postWebhook(s.asset.id, null, { rawBody: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), appSecret: s.appSecret }) },
      { name: "object is not page", status: 400, post: () => postWebhook(s.asset.id, { ...text, object: "instagram" }, { appSecret: s.appSecret }) },
      { name: "no entry", status: 400, post: () => postWebhook(s.asset.id, { object: "page" }, { appSecret: s.appSecret }) },
      { name: "empty entry", status: 400, post: () => postWebhook(s.asset.id, { object: "page", entry: [] }, { appSecret: s.appSecret }) },
      { name: "an array body", status: 400, post: () => postWebhook(s.asset.id, [text], { appSecret: s.appSecret }) },
      {
        name: "no sender",
        status: 400,
        post: () => postWebhook(s.asset.id, notification(s.pageId, [{ recipient: { id: s.pageId }, message: { mid: mid(), text: "x" } }]), { appSecret: s.appSecret }),
      },
      { name: "message without mid", status: 400, post: () => postWebhook(s.asset.id, good({ message: { text: "x" } }), { appSecret: s.appSecret }) },
      { name: "text is a number", status: 400, post: () => postWebhook(s.asset.id, good({ message: { mid: mid(), text: 42 } }), { appSecret: s.appSecret }) },
      {
        name: "recipient is another Page",
        status: 400,
        post: () => postWebhook(s.asset.id, notification(s.pageId, [fromCustomer(digits(), psid, { message: { mid: mid(), text: "x" } })]), { appSecret: s.appSecret }),
      },
      { name: "postback with empty payload", status: 400, post: () => postWebhook(s.asset.id, good({ postback: { mid: mid(), payload: "" } }), { appSecret: s.appSecret }) },
      { name: "watermark is a string", status: 400, post: () => postWebhook(s.asset.id, good({ read: { watermark: "yesterday" } }), { appSecret: s.appSecret }) },
      { name: "a NUL in the text", status: 400, post: () => postWebhook(s.asset.id, good({ message: { mid: mid(), text: "a\u0000b" } }), { appSecret: s.appSecret }) },
      {
        name: "a lone surrogate in the text",
        status: 400,
        post: () => postWebhook(s.asset.id, null, { rawBody: raw.replace('"hi"', '"\\ud800"'), appSecret: s.appSecret }),
      },
      { name: "a NUL in the asset ID", status: 400, post: () => postWebhook(`${s.asset.id}\u0000`, text, { appSecret: s.appSecret }) },
      {
        name: "the second event of a batch is malformed",
        status: 400,
        post: () =>
          postWebhook(
            s.asset.id,
            notification(s.pageId, [fromCustomer(s.pageId, psid, { message: { mid: mid(), text: "fine" } }), fromCustomer(s.pageId, psid, { message: { text: "no mid" } })]),
            { appSecret: s.appSecret },
          ),
      },
      { name: "not JSON content type", status: 415, post: () => postWebhook(s.asset.id, text, { appSecret: s.appSecret, contentType: "text/plain" }) },
      {
        name: "larger than 1 MB",
        status: 413,
        post: () => postWebhook(s.asset.id, good({ message: { mid: mid(), text: "x".repeat(1024 * 1024) } }), { appSecret: s.appSecret }),
      },
      { name: "unknown channel", status: 404, post: () => postWebhook("no-such-channel", text, { appSecret: s.appSecret }) },
    ];
    expect(cases.length).toBeGreaterThanOrEqual(15);
    const before = bot.requests.length;
    for (const c of cases) {
      const answer = await c.post();
      expect(answer.status, c.name).toBe(c.status);
      expect(answer.body.error?.message, c.name).toEqual(expect.any(String));
      expect(await written(s), c.name).toEqual({ messages: 0, deliveries: 0, conversations: 0 });
    }
    expect(bot.requests.length).toBe(before);
    // The same body, signed right, is accepted: the refusals were about what they changed.
    expect((await postWebhook(s.asset.id, text, { appSecret: s.appSecret })).status).toBe(200);
    expect((await written(s)).messages).toBe(1);
  });
});

describe("Messenger channels between tenants", () => {
  it("keeps each tenant's Page to itself: signatures, secrets and settings", async () => {
    const [a, b] = await Promise.all([scene(), scene()]);
    const body = notification(b.pageId, [fromCustomer(b.pageId, digits(), { message: { mid: mid(), text: "hi" } })]);
    // Tenant A's App secret does not sign for tenant B's channel.
    expect((await postWebhook(b.asset.id, body, { appSecret: a.appSecret })).status).toBe(401);
    expect(await written(b)).toEqual({ messages: 0, deliveries: 0, conversations: 0 });

    const { caller } = await callerFor(a.ownerId);
    await expectTrpcError(caller.channel.get({ id: b.asset.id }), "NOT_FOUND");
    await expectTrpcError(caller.channel.revealMessengerSecret({ id: b.asset.id, which: "appSecret" }), "NOT_FOUND");
    await expectTrpcError(caller.channel.update({ id: b.asset.id, pageAccessToken: "EAAstolen" }), "NOT_FOUND");
    expect((await caller.channel.list()).map((c) => c.id)).not.toContain(b.asset.id);
    // Its own are revealed to its admins.
    await expect(caller.channel.revealMessengerSecret({ id: a.asset.id, which: "appSecret" })).resolves.toEqual({ secret: a.appSecret });
    await expect(caller.channel.revealMessengerSecret({ id: a.asset.id, which: "pageAccessToken" })).resolves.toEqual({ secret: a.pageAccessToken });
  });

  it("creates a Messenger channel with encrypted secrets and a generated Verify token; agents cannot reveal them", async () => {
    const owner = await createOwner("Messenger tenant");
    const { caller } = await callerFor(owner.userId);
    const created = await caller.channel.create({ type: "MESSENGER", name: "Support Page", pageName: "Acme", pageId: "1234567890", pageAccessToken: "EAAGtoken123", appSecret: "0123456789abcdef0123456789abcdef" });
    expect(created.secret).toBeNull();
    expect(created.asset).toMatchObject({ type: "MESSENGER", channelLabel: "FB", messenger: { pageId: "1234567890", pageName: "Acme" } });
    expect(created.asset.messenger?.callbackUrl).toMatch(new RegExp(`/api/v1/channels/${created.asset.id}/messenger$`));
    expect(created.asset.messenger?.verifyToken).toMatch(/^sbvt_[\w-]{32}$/);
    const row = await db().channelAsset.findUniqueOrThrow({ where: { id: created.asset.id } });
    expect(JSON.stringify(row.settings)).not.toContain("EAAGtoken123");
    expect(JSON.stringify(row.settings)).not.toContain("0123456789abcdef0123456789abcdef");
    expect(JSON.stringify(created)).not.toContain("EAAGtoken123");

    await expectTrpcError(caller.channel.create({ type: "MESSENGER", name: "Bad", pageName: "Acme", pageId: "acme", pageAccessToken: "x", appSecret: "y" }), "BAD_REQUEST");
    const updated = await caller.channel.update({ id: created.asset.id, pageAccessToken: "EAAGnewtoken" });
    expect(updated.messenger?.verifyToken).toBe(created.asset.messenger?.verifyToken);
    await expect(caller.channel.revealMessengerSecret({ id: created.asset.id, which: "pageAccessToken" })).resolves.toEqual({ secret: "EAAGnewtoken" });
    await expect(caller.channel.revealMessengerSecret({ id: created.asset.id, which: "appSecret" })).resolves.toEqual({ secret: "0123456789abcdef0123456789abcdef" });

    const { createMember } = await import("@/test/factories");
    const agent = await createMember(owner.tenantId, "AGENT");
    const { caller: agentCaller } = await callerFor(agent.userId, owner.tenantId);
    await expectTrpcError(agentCaller.channel.revealMessengerSecret({ id: created.asset.id, which: "appSecret" }), "FORBIDDEN");
  });
});
