/** Saving, editing, status rules, secrets and deleting, through the tRPC router on the real database. */
import { describe, expect, it } from "vitest";
import { publicBaseUrl } from "@/server/config/env";
import { db } from "@/server/db/client";
import { DomainError } from "@/server/errors";
import { hashSecret, secretMatchesHash } from "@/server/security/tokens";
import { createIntegrationRow } from "@/test/factories";
import { organization } from "@/test/organization";
import { deadUrl } from "@/test/receiver";
import { receiversClosedAfterEach } from "@/test/receivers-per-test";
import { expectTrpcError } from "@/test/trpc-errors";

/** Stand-ins for the bot or CCSP webhook, closed after each test. */
const bot = receiversClosedAfterEach({ path: "/bot/webhook" });

const okBot = () => bot({ status: 200, body: "ok" });

describe("the built-in agent desk", () => {
  it("is ACTIVE at once, with no URL, no webhook and nothing to verify", async () => {
    const org = await organization();
    const desk = await org.caller.integration.create({ platform: "BUILT_IN", name: "Agent desk" });
    expect(desk).toEqual({ id: desk.id, status: "ACTIVE", inboundSecret: null, verification: null });

    const detail = await org.caller.integration.get({ id: desk.id });
    expect(detail).toMatchObject({ kind: "CCSP", platform: "BUILT_IN", status: "ACTIVE" });
    expect(detail.manage).toEqual({
      url: null,
      hasToken: false,
      inboundWebhookUrl: null,
      requireSignedEvents: false,
      previousInboundSecretValidUntil: null,
      previousSigningSecretValidUntil: null,
    });
    await expectTrpcError(org.caller.integration.verify({ id: desk.id }), "BAD_REQUEST");
    await expectTrpcError(org.caller.integration.rotateSecret({ id: desk.id }), "BAD_REQUEST");
  });
});

describe("saving", () => {
  it("generates the inbound webhook URL and a secret that is returned once and stored as a hash", async () => {
    const org = await organization();
    const created = await org.caller.integration.create({ platform: "IMI_BOT", name: "Bot", url: (await okBot()).url, token: "t" });
    expect(created.inboundSecret).toMatch(/^sbin_[A-Za-z0-9_-]{43}$/);

    const row = await db().integration.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.inboundSecretHash).toBe(hashSecret(created.inboundSecret!));
    const detail = await org.caller.integration.get({ id: created.id });
    expect(detail.manage?.inboundWebhookUrl).toBe(`${publicBaseUrl()}/api/v1/integrations/${created.id}/events`);
    expect(JSON.stringify(detail)).not.toContain(created.inboundSecret!);
    expect(JSON.stringify(await org.caller.integration.list())).not.toContain(created.inboundSecret!);
  });

  it("refuses a second integration with the same name, next to the name field", async () => {
    const org = await organization();
    await org.caller.integration.create({ platform: "BUILT_IN", name: "Desk" });
    const error = await expectTrpcError(org.caller.integration.create({ platform: "BUILT_IN", name: "Desk" }), "CONFLICT");
    expect(error.cause).toBeInstanceOf(DomainError);
    expect((error.cause as DomainError).field).toBe("name");
    // Another organization may use the name.
    const other = await organization("Globex");
    await other.caller.integration.create({ platform: "BUILT_IN", name: "Desk" });
  });

  it("validates every field, naming it", async () => {
    const org = await organization();
    await expectTrpcError(org.caller.integration.create({ platform: "IMI_BOT", name: " ", url: "https://bot.example.com", token: "t" }), "BAD_REQUEST");
    await expectTrpcError(org.caller.integration.create({ platform: "IMI_BOT", name: "B", url: "https://bot.example.com", token: "has space" }), "BAD_REQUEST");
    await expectTrpcError(org.caller.integration.create({ platform: "IMI_BOT", name: "B", url: "https://user:pw@bot.example.com", token: "t" }), "BAD_REQUEST");
    expect(await db().integration.count({ where: { tenantId: org.tenantId } })).toBe(0);
  });
});

describe("status rules", () => {
  it("renaming keeps the status and sends nothing; a new URL or token makes it UNVERIFIED until verified", async () => {
    const org = await organization();
    const first = await okBot();
    const created = await org.caller.integration.create({ platform: "IMI_BOT", name: "Bot", url: first.url, token: "one" });
    expect(created.status).toBe("ACTIVE");

    const renamed = await org.caller.integration.update({ id: created.id, name: "Renamed", url: first.url, token: "" });
    expect(renamed).toMatchObject({ status: "ACTIVE", changed: ["name"], verification: null });
    expect(first.requests).toHaveLength(1);

    // Same token typed again: nothing changed.
    expect(await org.caller.integration.update({ id: created.id, name: "Renamed", token: "one" })).toMatchObject({ changed: [] });

    // A new URL that does not answer: UNVERIFIED with the reason.
    const dead = await deadUrl();
    const moved = await org.caller.integration.update({ id: created.id, name: "Renamed", url: dead, token: "" });
    expect(moved).toMatchObject({ status: "UNVERIFIED", changed: ["URL"], verification: { ok: false, reason: "connection refused" } });
    expect((await org.caller.integration.get({ id: created.id })).lastVerifiedAt).toBeNull();

    // A new token, with a URL that answers: verified right after saving, with the new Bearer.
    const second = await okBot();
    const fixed = await org.caller.integration.update({ id: created.id, name: "Renamed", url: second.url, token: "two" });
    expect(fixed).toMatchObject({ status: "ACTIVE", changed: ["URL", "token"], verification: { ok: true } });
    expect(second.requests[0]?.headers.authorization).toBe("Bearer two");

    const history = (await org.caller.integration.get({ id: created.id })).history.map((e) => [e.type, e.detail]);
    expect(history).toContainEqual(["EDITED", 'Changed: name "Bot" → "Renamed"']);
    expect(history).toContainEqual(["EDITED", "Changed: URL"]);
    expect(history).toContainEqual(["EDITED", "Changed: URL, token"]);
  });

  it("Verify again on an INACTIVE integration makes it ACTIVE and resets the failure count", async () => {
    const org = await organization();
    const standIn = await okBot();
    const integration = await createIntegrationRow(org.tenantId, { url: standIn.url, status: "ACTIVE" });
    // What the delivery pipeline does after five failed attempts.
    await db().integration.update({
      where: { id: integration.id },
      data: { status: "INACTIVE", consecutiveFailures: 5, deactivatedAt: new Date() },
    });

    const result = await org.caller.integration.verify({ id: integration.id });

    expect(result).toMatchObject({ ok: true, status: "ACTIVE", reactivated: true });
    expect(standIn.requests[0]?.headers.authorization).toBe(`Bearer ${integration.token}`);
    const detail = await org.caller.integration.get({ id: integration.id });
    expect(detail).toMatchObject({ status: "ACTIVE", consecutiveFailures: 0, deactivatedAt: null, lastVerifyError: null });
    expect(detail.history.map((e) => e.type)).toEqual(expect.arrayContaining(["VERIFIED", "REACTIVATED"]));
  });

  it("a failed Verify again leaves an INACTIVE integration INACTIVE, with its failure count", async () => {
    const org = await organization();
    const integration = await createIntegrationRow(org.tenantId, { url: await deadUrl(), status: "INACTIVE" });
    await db().integration.update({ where: { id: integration.id }, data: { consecutiveFailures: 5, deactivatedAt: new Date() } });

    expect(await org.caller.integration.verify({ id: integration.id })).toEqual({ ok: false, status: "INACTIVE", reason: "connection refused" });
    expect(await org.caller.integration.get({ id: integration.id })).toMatchObject({ status: "INACTIVE", consecutiveFailures: 5, lastVerifyError: "connection refused" });
  });

  it("an INACTIVE integration edited and verified again comes back ACTIVE", async () => {
    const org = await organization();
    const integration = await createIntegrationRow(org.tenantId, { url: await deadUrl(), status: "INACTIVE" });
    await db().integration.update({ where: { id: integration.id }, data: { consecutiveFailures: 5, deactivatedAt: new Date() } });

    const standIn = await okBot();
    const edited = await org.caller.integration.update({ id: integration.id, name: integration.name, url: standIn.url });
    expect(edited).toMatchObject({ status: "ACTIVE", verification: { ok: true, reactivated: true } });
    expect(await org.caller.integration.get({ id: integration.id })).toMatchObject({ consecutiveFailures: 0, deactivatedAt: null });
  });

  it("a failed Verify again on an ACTIVE integration keeps it ACTIVE and records why", async () => {
    const org = await organization();
    let healthy = true;
    const standIn = await bot(() => (healthy ? { status: 200 } : { status: 503, body: "maintenance" }));
    const created = await org.caller.integration.create({ platform: "WEBHOOK", name: "CC", url: standIn.url, token: "t" });
    healthy = false;
    expect(await org.caller.integration.verify({ id: created.id })).toEqual({ ok: false, status: "ACTIVE", reason: "HTTP 503: maintenance" });
    expect((await org.caller.integration.get({ id: created.id })).lastVerifyError).toBe("HTTP 503: maintenance");
    healthy = true;
    expect(await org.caller.integration.verify({ id: created.id })).toMatchObject({ ok: true, reactivated: false });
    expect((await org.caller.integration.get({ id: created.id })).lastVerifyError).toBeNull();
  });
});

describe("secrets", () => {
  it("Rotate secret replaces the inbound secret: the old one stops matching", async () => {
    const org = await organization();
    const integration = await createIntegrationRow(org.tenantId, { platform: "OTHERS" });
    const { inboundSecret } = await org.caller.integration.rotateSecret({ id: integration.id });

    expect(inboundSecret).not.toBe(integration.inboundSecret);
    const row = await db().integration.findUniqueOrThrow({ where: { id: integration.id } });
    expect(secretMatchesHash(inboundSecret, row.inboundSecretHash)).toBe(true);
    expect(secretMatchesHash(integration.inboundSecret, row.inboundSecretHash)).toBe(false);
    expect((await org.caller.integration.get({ id: integration.id })).history[0]?.type).toBe("SECRET_ROTATED");
  });

  it("the signing secret is revealed to admins as stored", async () => {
    const org = await organization();
    const integration = await createIntegrationRow(org.tenantId);
    const admin = await org.as("ADMIN");
    expect(await admin.integration.revealSigningSecret({ id: integration.id })).toEqual({ signingSecret: integration.signingSecret });
  });
});

describe("deleting", () => {
  async function serviceWith(tenantId: string, integrationId: string, name: string) {
    return db().service.create({ data: { tenantId, name, integrations: { create: { integrationId } } } });
  }

  it("names the services it is mapped to, removes it from them, and deletes it (its row stays, for the history)", async () => {
    const org = await organization();
    const integration = await createIntegrationRow(org.tenantId);
    const service = await serviceWith(org.tenantId, integration.id, "Support");

    const detail = await org.caller.integration.get({ id: integration.id });
    expect(detail.usage).toEqual({ services: [{ id: service.id, name: "Support" }], rules: [], conversations: 0 });

    expect(await org.caller.integration.delete({ id: integration.id })).toEqual({ id: integration.id, name: integration.name });
    expect((await db().integration.findUniqueOrThrow({ where: { id: integration.id } })).deletedAt).toBeInstanceOf(Date);
    expect(await db().serviceIntegration.count({ where: { serviceId: service.id } })).toBe(0);
    expect(await db().service.count({ where: { id: service.id } })).toBe(1);
    await expectTrpcError(org.caller.integration.get({ id: integration.id }), "NOT_FOUND");
  });

  it("is refused, with the reason, while a rule uses it", async () => {
    const org = await organization();
    const integration = await createIntegrationRow(org.tenantId);
    const service = await serviceWith(org.tenantId, integration.id, "Support");
    const asset = await db().channelAsset.create({
      data: { tenantId: org.tenantId, type: "WEB_CHAT", name: "Web", channelLabel: "WEBCHAT", serviceId: service.id },
    });
    await db().rule.create({
      data: {
        tenantId: org.tenantId,
        serviceId: service.id,
        position: 0,
        channelAssetId: asset.id,
        event: "INCOMING_MESSAGE",
        actionType: "BOT",
        botIntegrationId: integration.id,
      },
    });

    expect((await org.caller.integration.get({ id: integration.id })).usage.rules).toEqual([
      expect.objectContaining({ serviceId: service.id, serviceName: "Support", as: "BOT" }),
    ]);
    const error = await expectTrpcError(org.caller.integration.delete({ id: integration.id }), "CONFLICT");
    expect(error.message).toBe('This integration is used by 1 rule of service "Support": remove it from the rules that use it, then delete it');
    expect(await db().integration.count({ where: { id: integration.id } })).toBe(1);
    expect(await db().serviceIntegration.count({ where: { integrationId: integration.id } })).toBe(1);
  });
});
