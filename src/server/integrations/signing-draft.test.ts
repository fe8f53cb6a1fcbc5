/**
 * Verify can be verified: the wizard gets the signing secret before Verify or Save, and the bot,
 * a real HTTP server on 127.0.0.1 that checks every signature it receives, accepts even the
 * first Verification event; the saved integration keeps signing with that secret.
 */
import { describe, expect, it } from "vitest";
import { verifyWebhook } from "@/server/webhooks/standard-webhooks";
import { organization } from "@/test/organization";
import { receiversClosedAfterEach } from "@/test/receivers-per-test";
import { expectTrpcError } from "@/test/trpc-errors";

/** Stand-ins for the bot or CCSP webhook, closed after each test. */
const bot = receiversClosedAfterEach({ path: "/bot/webhook" });

/** A bot that answers only correctly signed requests (and, for OTHERS, echoes its token). */
async function checkingBot(secret: { value: string }, echo = "") {
  return bot((req) => (verifyWebhook({ headers: req.headers, body: req.rawBody, secret: secret.value }) ? { status: 200, body: echo } : { status: 401, body: "bad signature" }));
}

describe("the signing secret before Verify", () => {
  it("OTHERS: the draft's secret signs Verify, and the saved integration keeps it", async () => {
    const org = await organization();
    const draft = await org.caller.integration.draftSigningSecret();
    expect(draft.signingSecret).toMatch(/^whsec_/);
    const standIn = await checkingBot({ value: draft.signingSecret }, "verify-me");

    const verified = await org.caller.integration.verifyDraft({ url: standIn.url, token: "verify-me", signingDraft: draft.signingDraft });
    expect(verified).toMatchObject({ ok: true });
    if (!verified.ok) return;
    const created = await org.caller.integration.create({
      platform: "OTHERS",
      name: "Checked bot",
      url: standIn.url,
      token: "verify-me",
      verificationTicket: verified.ticket,
      signingDraft: draft.signingDraft,
    });
    expect(created.status).toBe("ACTIVE");
    expect((await org.caller.integration.revealSigningSecret({ id: created.id })).signingSecret).toBe(draft.signingSecret);
    // Verify again: still signed with it.
    expect(await org.caller.integration.verify({ id: created.id })).toMatchObject({ ok: true });
  });

  it("IMI BOT and CCSP webhook: the verification Save sends is signed with the shown secret", async () => {
    const org = await organization();
    for (const platform of ["IMI_BOT", "WEBHOOK"] as const) {
      const draft = await org.caller.integration.draftSigningSecret();
      const standIn = await checkingBot({ value: draft.signingSecret });
      const created = await org.caller.integration.create({ platform, name: `Checked ${platform}`, url: standIn.url, token: "tok-123", signingDraft: draft.signingDraft });
      expect(created.verification).toMatchObject({ ok: true, status: "ACTIVE" });
      expect((await org.caller.integration.revealSigningSecret({ id: created.id })).signingSecret).toBe(draft.signingSecret);
    }
  });

  it("refuses a draft from another tenant or a tampered one, saving nothing", async () => {
    const org = await organization();
    const other = await organization("Other");
    const theirs = await other.caller.integration.draftSigningSecret();
    const standIn = await checkingBot({ value: theirs.signingSecret });
    await expectTrpcError(
      org.caller.integration.create({ platform: "IMI_BOT", name: "Stolen draft", url: standIn.url, token: "tok-123", signingDraft: theirs.signingDraft }),
      "BAD_REQUEST",
      /signing secret draft is not valid/,
    );
    await expectTrpcError(
      org.caller.integration.verifyDraft({ url: standIn.url, token: "tok-123", signingDraft: `${theirs.signingDraft.slice(0, -4)}AAAA` }),
      "BAD_REQUEST",
      /signing secret draft is not valid/,
    );
    expect(standIn.requests).toHaveLength(0);
    expect(await org.caller.integration.list()).toHaveLength(0);
  });

  it("is for admins only", async () => {
    const org = await organization();
    await expectTrpcError((await org.as("AGENT")).integration.draftSigningSecret(), "FORBIDDEN");
  });
});
