/** Who may see and do what: tenants are isolated, secrets stay with admins, tokens are encrypted at rest. */
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { anonymousCaller, createIntegrationRow } from "@/test/factories";
import { organization } from "@/test/organization";
import { receiversClosedAfterEach } from "@/test/receivers-per-test";
import { expectTrpcError } from "@/test/trpc-errors";

/** Stand-ins for the bot or CCSP webhook, closed after each test. */
const bot = receiversClosedAfterEach({ path: "/bot/webhook" });

describe("tokens at rest", () => {
  it("are not readable in the raw database row", async () => {
    const org = await organization();
    const token = "plain-access-token-XYZ";
    const standIn = await bot({ status: 200 });
    const created = await org.caller.integration.create({ platform: "IMI_BOT", name: "Bot", url: standIn.url, token });
    const { signingSecret } = await org.caller.integration.revealSigningSecret({ id: created.id });

    const rows = await db().$queryRaw<Array<Record<string, unknown>>>`SELECT * FROM "Integration" WHERE id = ${created.id}`;
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows[0]);
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(signingSecret);
    expect(raw).not.toContain(signingSecret.slice("whsec_".length));
    expect(raw).not.toContain(created.inboundSecret!);
    expect(rows[0]?.tokenEncrypted).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(rows[0]?.signingSecretEncrypted).toMatch(/^v1\./);
    // The history never holds them either.
    const events = JSON.stringify(await db().$queryRaw`SELECT * FROM "IntegrationEvent" WHERE "integrationId" = ${created.id}`);
    expect(events).not.toContain(token);
    // But the bot received the real token.
    expect(standIn.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });
});

describe("tenants", () => {
  it("another tenant can neither read, verify, edit, rotate, reveal nor delete an integration", async () => {
    const acme = await organization("Acme");
    const globex = await organization("Globex");
    const standIn = await bot({ status: 200 });
    const integration = await createIntegrationRow(acme.tenantId, { name: "Acme bot", url: standIn.url, status: "ACTIVE" });
    const id = integration.id;

    expect(await globex.caller.integration.list()).toEqual([]);
    await expectTrpcError(globex.caller.integration.get({ id }), "NOT_FOUND");
    await expectTrpcError(globex.caller.integration.verify({ id }), "NOT_FOUND");
    await expectTrpcError(globex.caller.integration.update({ id, name: "Stolen", url: standIn.url, token: "mine" }), "NOT_FOUND");
    await expectTrpcError(globex.caller.integration.rotateSecret({ id }), "NOT_FOUND");
    await expectTrpcError(globex.caller.integration.revealSigningSecret({ id }), "NOT_FOUND");
    await expectTrpcError(globex.caller.integration.delete({ id }), "NOT_FOUND");

    expect(standIn.requests).toHaveLength(0);
    const row = await db().integration.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: "Acme bot", inboundSecretHash: integration.inboundSecretHash, tokenEncrypted: integration.tokenEncrypted });
    expect(await db().integrationEvent.count({ where: { integrationId: id } })).toBe(0);
    expect((await acme.caller.integration.list()).map((i) => i.id)).toEqual([id]);
  });
});

describe("roles", () => {
  it.each(["AGENT", "VIEWER"] as const)("a %s sees the list and status but never a URL, token or secret", async (role) => {
    const org = await organization();
    const standIn = await bot({ status: 200 });
    const created = await org.caller.integration.create({ platform: "IMI_BOT", name: "Bot", url: standIn.url, token: "secret-token-1" });
    const caller = await org.as(role);

    const list = await caller.integration.list();
    expect(list).toEqual([expect.objectContaining({ id: created.id, name: "Bot", status: "ACTIVE", consecutiveFailures: 0 })]);
    const detail = await caller.integration.get({ id: created.id });
    expect(detail).toMatchObject({ status: "ACTIVE", manage: null });
    expect(detail.history.length).toBeGreaterThan(0);
    const { signingSecret } = await org.caller.integration.revealSigningSecret({ id: created.id });
    for (const output of [JSON.stringify(list), JSON.stringify(detail)]) {
      expect(output).not.toContain("secret-token-1");
      expect(output).not.toContain(standIn.url);
      expect(output).not.toContain(signingSecret);
      expect(output).not.toContain(created.inboundSecret!);
      expect(output).not.toContain("/api/v1/integrations/");
    }

    // Every change needs ADMIN, and nothing is written or sent.
    const forbidden = [
      () => caller.integration.create({ platform: "BUILT_IN", name: "Desk" }),
      () => caller.integration.verifyDraft({ url: standIn.url, token: "x" }),
      () => caller.integration.update({ id: created.id, name: "Renamed" }),
      () => caller.integration.verify({ id: created.id }),
      () => caller.integration.rotateSecret({ id: created.id }),
      () => caller.integration.revealSigningSecret({ id: created.id }),
      () => caller.integration.delete({ id: created.id }),
    ];
    for (const attempt of forbidden) await expectTrpcError(attempt(), "FORBIDDEN");
    expect(standIn.requests).toHaveLength(1);
    expect(await db().integration.findMany({ where: { tenantId: org.tenantId }, select: { name: true } })).toEqual([{ name: "Bot" }]);
  });

  it("an ADMIN manages integrations and sees the webhook; anonymous callers get nothing", async () => {
    const org = await organization();
    const admin = await org.as("ADMIN");
    const standIn = await bot({ status: 200 });
    const created = await admin.integration.create({ platform: "WEBHOOK", name: "CC", url: standIn.url, token: "ccsp-token-value" });
    const detail = await admin.integration.get({ id: created.id });
    expect(detail.manage).toMatchObject({ url: standIn.url, hasToken: true, inboundWebhookUrl: expect.stringContaining(`/api/v1/integrations/${created.id}/events`) });
    expect(JSON.stringify(detail)).not.toContain("ccsp-token-value");
    await admin.integration.rotateSecret({ id: created.id });
    await admin.integration.delete({ id: created.id });

    await expectTrpcError(anonymousCaller().integration.list(), "UNAUTHORIZED");
  });
});
