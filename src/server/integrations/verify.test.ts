/**
 * Verify against real HTTP servers on 127.0.0.1 standing in for the bot, through the tRPC router
 * on the real database (and the domain function where the URL policy must differ from the env's).
 */
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/server/db/client";
import { verifyWebhook } from "@/server/webhooks/standard-webhooks";
import { sendVerification } from "./send-verification";
import { organization } from "@/test/organization";
import { deadUrl } from "@/test/receiver";
import { receiversClosedAfterEach } from "@/test/receivers-per-test";
import { expectTrpcError } from "@/test/trpc-errors";
import { verifyIntegration } from "./verify";
import { embeddedWork } from "@/server/jobs/embedded-work";

/** Stand-ins for the bot or CCSP webhook, closed after each test. */
const bot = receiversClosedAfterEach({ path: "/bot/webhook" });

const GMT_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

describe("IMI BOT: Save verifies", () => {
  it("sends a signed Verification event with the access token as Bearer, and becomes ACTIVE", async () => {
    const org = await organization();
    const accessToken = "imi-access-token-123";
    const standIn = await bot((req) =>
      req.headers.authorization === `Bearer ${accessToken}` ? { status: 200, body: "ok" } : { status: 401, body: "bad token" },
    );

    const created = await org.caller.integration.create({ platform: "IMI_BOT", name: "Support bot", url: standIn.url, token: accessToken });

    expect(created.verification).toMatchObject({ ok: true, status: "ACTIVE", reactivated: false });
    expect(created.status).toBe("ACTIVE");
    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/bot/webhook");
    expect(request?.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    const payload = JSON.parse(request!.rawBody) as Record<string, string>;
    expect(Object.keys(payload).sort()).toEqual(["Challenge", "Event", "Timestamp"]);
    expect(payload.Event).toBe("Verification");
    expect(payload.Challenge).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(payload.Timestamp).toMatch(GMT_TIMESTAMP);

    // Standard Webhooks headers verify with this integration's signing secret, and only with it.
    const { signingSecret } = await org.caller.integration.revealSigningSecret({ id: created.id });
    expect(signingSecret).toMatch(/^whsec_/);
    expect(request?.headers["webhook-id"]).toMatch(/^vrf_/);
    expect(verifyWebhook({ headers: request!.headers, body: request!.rawBody, secret: signingSecret })).toBe(true);
    const other = await org.caller.integration.create({ platform: "BUILT_IN", name: "Desk" });
    const { signingSecret: otherSecret } = await org.caller.integration.revealSigningSecret({ id: other.id });
    expect(verifyWebhook({ headers: request!.headers, body: request!.rawBody, secret: otherSecret })).toBe(false);
    expect(verifyWebhook({ headers: request!.headers, body: `${request!.rawBody} `, secret: signingSecret })).toBe(false);

    const detail = await org.caller.integration.get({ id: created.id });
    expect(detail.status).toBe("ACTIVE");
    expect(detail.lastVerifiedAt).toBeInstanceOf(Date);
    expect(detail.history.map((e) => e.type).sort()).toEqual(["CREATED", "VERIFIED"]);
  });

  it("a bot refusing the token leaves it saved UNVERIFIED with the reason", async () => {
    const org = await organization();
    const standIn = await bot((req) =>
      req.headers.authorization === "Bearer right" ? { status: 200 } : { status: 401, body: '{"error":"invalid access token"}' },
    );

    const created = await org.caller.integration.create({ platform: "IMI_BOT", name: "Bot", url: standIn.url, token: "wrong" });

    expect(created.verification).toEqual({ ok: false, status: "UNVERIFIED", reason: 'HTTP 401: {"error":"invalid access token"}' });
    expect(created.inboundSecret).toMatch(/^sbin_/);
    const detail = await org.caller.integration.get({ id: created.id });
    expect(detail.status).toBe("UNVERIFIED");
    expect(detail.lastVerifyError).toBe('HTTP 401: {"error":"invalid access token"}');
    expect(detail.history.find((e) => e.type === "VERIFY_FAILED")?.detail).toBe('HTTP 401: {"error":"invalid access token"}');
  });

  it("a CCSP webhook is verified the same way, with its token as Bearer", async () => {
    const org = await organization();
    const standIn = await bot((req) => ({ status: req.headers.authorization === "Bearer ccsp-tok" ? 202 : 403 }));
    const created = await org.caller.integration.create({ platform: "WEBHOOK", name: "Contact centre", url: standIn.url, token: "ccsp-tok" });
    expect(created.status).toBe("ACTIVE");
    expect(JSON.parse(standIn.requests[0]!.rawBody).Event).toBe("Verification");
  });
});

describe("OTHERS: Verify, then Save", () => {
  const token = "verify-me-42";

  it.each([
    ["as the plain-text body", { status: 200, body: `${token}\n`, headers: { "content-type": "text/plain" } }],
    ["as the JSON field verificationToken", { status: 200, body: JSON.stringify({ verificationToken: token, status: "ready" }), headers: { "content-type": "application/json" } }],
    ["in the X-Verification-Token header", { status: 204, body: "", headers: { "X-Verification-Token": token } }],
  ])("succeeds with the token %s, and saves ACTIVE", async (_how, answer) => {
    const org = await organization();
    const standIn = await bot(answer);

    const draft = await org.caller.integration.verifyDraft({ url: standIn.url, token });
    if (!draft.ok) throw new Error(`expected success, got: ${draft.reason}`);
    // The verification token is never sent: the bot must prove it knows it.
    expect(standIn.requests[0]?.headers.authorization).toBeUndefined();
    expect(standIn.requests[0]?.rawBody).not.toContain(token);
    expect(JSON.parse(standIn.requests[0]!.rawBody).Event).toBe("Verification");
    expect(await db().integration.count({ where: { tenantId: org.tenantId } })).toBe(0);

    const created = await org.caller.integration.create({ platform: "OTHERS", name: "Generic", url: standIn.url, token, verificationTicket: draft.ticket });
    expect(created).toMatchObject({ status: "ACTIVE", verification: null });
    expect(standIn.requests).toHaveLength(1);

    // The saved integration signs with the secret that signed the verification.
    const { signingSecret } = await org.caller.integration.revealSigningSecret({ id: created.id });
    const [request] = standIn.requests;
    expect(verifyWebhook({ headers: request!.headers, body: request!.rawBody, secret: signingSecret })).toBe(true);
    const detail = await org.caller.integration.get({ id: created.id });
    expect(detail.lastVerifiedAt?.getTime()).toBe(draft.verifiedAt.getTime());
  });

  it("Save is refused without a successful Verify of exactly this URL and token", async () => {
    const org = await organization();
    const standIn = await bot({ status: 200, body: token });
    const draft = await org.caller.integration.verifyDraft({ url: standIn.url, token });
    if (!draft.ok) throw new Error(draft.reason);

    const changed = await expectTrpcError(
      org.caller.integration.create({ platform: "OTHERS", name: "G", url: standIn.url, token: "another-token", verificationTicket: draft.ticket }),
      "BAD_REQUEST",
    );
    expect(changed.message).toBe("The Webhook URL or Verification Token changed after Verify: click Verify again");
    const missing = await expectTrpcError(
      org.caller.integration.create({ platform: "OTHERS", name: "G", url: standIn.url, token, verificationTicket: "" }),
      "BAD_REQUEST",
    );
    expect(missing.message).toContain("Click Verify before saving");
    // A ticket from another organization is worthless here.
    const other = await organization("Globex");
    await expectTrpcError(
      other.caller.integration.create({ platform: "OTHERS", name: "G", url: standIn.url, token, verificationTicket: draft.ticket }),
      "BAD_REQUEST",
    );
    expect(await db().integration.count({ where: { tenantId: { in: [org.tenantId, other.tenantId] } } })).toBe(0);
  });
});

describe("Verify failures say exactly why", () => {
  it("a bot answering after 7 s fails at 5 s", async () => {
    const org = await organization();
    const standIn = await bot({ status: 200, body: "too late", delayMs: 7_000 });
    const started = performance.now();
    const created = await org.caller.integration.create({ platform: "IMI_BOT", name: "Slow", url: standIn.url, token: "t" });
    const elapsed = performance.now() - started;

    expect(created.verification).toEqual({ ok: false, status: "UNVERIFIED", reason: "timed out after 5 s" });
    expect(elapsed).toBeGreaterThanOrEqual(4_900);
    expect(elapsed).toBeLessThan(6_900);
  });

  it("HTTP 500 with the start of the body", async () => {
    const org = await organization();
    const standIn = await bot({ status: 500, body: `Internal Server Error: ${"x".repeat(3000)}` });
    const draft = await org.caller.integration.verifyDraft({ url: standIn.url, token: "tok" });
    expect(draft).toEqual({ ok: false, reason: `HTTP 500: Internal Server Error: ${"x".repeat(200 - 23)}…` });
  });

  it("a 200 without the verification token", async () => {
    const org = await organization();
    const standIn = await bot({ status: 200, body: JSON.stringify({ verificationToken: "not-it" }), headers: { "x-verification-token": "nor-this" } });
    expect(await org.caller.integration.verifyDraft({ url: standIn.url, token: "tok" })).toEqual({
      ok: false,
      reason: "the response did not carry the verification token",
    });
  });

  it("connection refused", async () => {
    const org = await organization();
    expect(await org.caller.integration.verifyDraft({ url: await deadUrl(), token: "tok" })).toEqual({ ok: false, reason: "connection refused" });
  });

  it("a malformed URL is refused before anything is sent", async () => {
    const org = await organization();
    const error = await expectTrpcError(org.caller.integration.verifyDraft({ url: "http//bot.example.com", token: "tok" }), "BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    expect((error.cause as ZodError).issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["url", "Enter a full http or https URL, such as https://bot.example.com/webhook"],
    ]);
    await expectTrpcError(org.caller.integration.create({ platform: "IMI_BOT", name: "B", url: "ftp://bot.example.com/x", token: "t" }), "BAD_REQUEST");
    // The sender itself refuses it too, in the words the UI shows.
    const outcome = await sendVerification(
      { platform: "IMI_BOT", url: "http://exa mple.com/hook", token: "t", signingSecret: "whsec_c2VjcmV0" },
      { policy: { allowPrivate: true, requireHttps: false }, timeoutMs: 5_000 },
    );
    expect(outcome).toMatchObject({ ok: false, reason: "URL refused: URL is not valid" });
  });

  it("a private address is refused when the guard is on, and nothing is sent", async () => {
    const org = await organization();
    const standIn = await bot({ status: 200 });
    const saved = await org.caller.integration.create({ platform: "IMI_BOT", name: "Local", url: standIn.url, token: "t" });
    expect(saved.status).toBe("ACTIVE");
    const guarded = { policy: { allowPrivate: false, requireHttps: false }, timeoutMs: 5_000 };

    const literal = await verifyIntegration(db(), org.actor, saved.id, guarded, embeddedWork(db()));
    expect(literal).toEqual({ ok: false, status: "ACTIVE", reason: "URL refused: URL points to a private or loopback address" });

    // A host name is resolved and refused at connect time.
    await org.caller.integration.update({ id: saved.id, name: "Local", url: `http://localhost:${standIn.port}/bot/webhook` });
    const resolved = await verifyIntegration(db(), org.actor, saved.id, guarded, embeddedWork(db()));
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.reason).toMatch(/^URL refused: host localhost resolves to a private or loopback address/);

    // Only the two verifications that ran with private addresses allowed reached the bot.
    expect(standIn.requests).toHaveLength(2);
    const history = await org.caller.integration.get({ id: saved.id });
    expect(history.lastVerifyError).toMatch(/^URL refused: host localhost/);
  });
});
