import { describe, expect, it } from "vitest";
import { publicBaseUrl } from "@/server/config/env";
import { db } from "@/server/db/client";
import { hashSecret, secretMatchesHash } from "@/server/security/tokens";
import { expectTrpcError, fieldOf } from "@/test/trpc-errors";
import { supportService } from "@/test/support-service";
import { callerFor, createMember, createOwner } from "@/test/factories";

describe("channel assets: web chat", () => {
  it("shows the hosted chat URL, an embed snippet and the WEBCHAT label; origins are normalized", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    const { asset, secret } = await caller.channel.create({
      type: "WEB_CHAT",
      name: "  Website  ",
      allowedOrigins: ["https://Shop.Example.com/", "https://shop.example.com", "", "http://localhost:8080"],
    });
    expect(secret).toBeNull();
    expect(asset).toMatchObject({
      type: "WEB_CHAT",
      name: "Website",
      channelLabel: "WEBCHAT",
      allowedOrigins: ["https://shop.example.com", "http://localhost:8080"],
      callbackUrl: null,
      hasSecret: false,
      service: null,
      hostedChatUrl: `${publicBaseUrl()}/chat/${asset.id}`,
    });
    expect(asset.embedSnippet).toContain(`src="${publicBaseUrl()}/chat/${asset.id}"`);
    const row = await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(row).toMatchObject({ tenantId: owner.tenantId, secretHash: null, settings: {} });
  });

  it("refuses origins with a path, another scheme or that do not parse, naming the entry", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    const withPath = await expectTrpcError(
      caller.channel.create({ type: "WEB_CHAT", name: "W", allowedOrigins: ["https://ok.example", "https://shop.example.com/chat"] }),
      "BAD_REQUEST",
      /must be an origin only/,
    );
    expect(fieldOf(withPath)).toBe("allowedOrigins.1");
    await expectTrpcError(caller.channel.create({ type: "WEB_CHAT", name: "W", allowedOrigins: ["ftp://files.example"] }), "BAD_REQUEST", /https:\/\/ or http:\/\//);
    await expectTrpcError(caller.channel.create({ type: "WEB_CHAT", name: "W", allowedOrigins: ["shop.example.com"] }), "BAD_REQUEST", /not a valid origin/);
    expect(await db().channelAsset.count({ where: { tenantId: owner.tenantId } })).toBe(0);
  });

  it("cannot be created as MESSENGER without its Page settings (src/server/messenger), nor with a name already taken", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    await expectTrpcError(caller.channel.create({ type: "MESSENGER", name: "FB" } as never), "BAD_REQUEST");
    await caller.channel.create({ type: "WEB_CHAT", name: "Website" });
    const taken = await expectTrpcError(caller.channel.create({ type: "HTTP", name: "Website", callbackUrl: "https://cb.example.com/x" }), "CONFLICT");
    expect(taken.message).toBe("A channel with this name already exists");
    expect(fieldOf(taken)).toBe("name");
  });
});

describe("channel assets: HTTP", () => {
  it("returns the secret once, stores only its hash, and rotates it", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    const { asset, secret } = await caller.channel.create({ type: "HTTP", name: "Provider", callbackUrl: "https://provider.example.com/replies" });
    expect(secret).toMatch(/^sbch_[A-Za-z0-9_-]{43}$/);
    expect(asset).toMatchObject({ channelLabel: "HTTP", callbackUrl: "https://provider.example.com/replies", hasSecret: true, hostedChatUrl: null, embedSnippet: null });

    const row = await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(row.secretHash).toBe(hashSecret(secret!));
    expect(JSON.stringify(row)).not.toContain(secret!);
    // No read ever shows the secret or its hash.
    const reads = JSON.stringify([await caller.channel.list(), await caller.channel.get({ id: asset.id })]);
    expect(reads).not.toContain(secret!);
    expect(reads).not.toContain(row.secretHash!);

    const rotated = await caller.channel.rotateSecret({ id: asset.id });
    expect(rotated.secret).not.toBe(secret);
    const after = await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(secretMatchesHash(rotated.secret, after.secretHash!)).toBe(true);
    expect(secretMatchesHash(secret!, after.secretHash!)).toBe(false);
  });

  it("checks the callback URL with the URL-safety guard", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    for (const [callbackUrl, reason] of [
      ["not a url", "URL is not valid"],
      ["ftp://provider.example.com/x", "URL must use http or https"],
      ["https://user:pass@provider.example.com/x", "URL must not contain a username or password"],
      [`https://provider.example.com/${"x".repeat(2100)}`, "URL is too long (at most 2048 characters)"],
    ] as const) {
      const error = await expectTrpcError(caller.channel.create({ type: "HTTP", name: "Provider", callbackUrl }), "BAD_REQUEST", reason);
      expect(fieldOf(error)).toBe("callbackUrl");
    }
    await expectTrpcError(caller.channel.create({ type: "HTTP", name: "Provider", callbackUrl: "  " }), "BAD_REQUEST");
    expect(await db().channelAsset.count({ where: { tenantId: owner.tenantId } })).toBe(0);
  });

  it("edits the callback URL and name; type-specific fields are refused on the other type", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    const http = (await caller.channel.create({ type: "HTTP", name: "Provider", callbackUrl: "https://a.example.com/cb" })).asset;
    const web = (await caller.channel.create({ type: "WEB_CHAT", name: "Website" })).asset;

    const edited = await caller.channel.update({ id: http.id, name: "Provider 2", callbackUrl: "https://b.example.com/cb" });
    expect(edited).toMatchObject({ name: "Provider 2", callbackUrl: "https://b.example.com/cb" });
    await expectTrpcError(caller.channel.update({ id: http.id, callbackUrl: "gopher://b.example.com" }), "BAD_REQUEST", "URL must use http or https");
    await expectTrpcError(caller.channel.update({ id: http.id, allowedOrigins: ["https://x.example"] }), "BAD_REQUEST", "Allowed origins apply to web chat channels only");
    await expectTrpcError(caller.channel.update({ id: web.id, callbackUrl: "https://x.example" }), "BAD_REQUEST", "A callback URL applies to HTTP channels only");
    await expectTrpcError(caller.channel.update({ id: web.id, name: "Provider 2" }), "CONFLICT", "A channel with this name already exists");
    await expectTrpcError(caller.channel.rotateSecret({ id: web.id }), "BAD_REQUEST", "Only HTTP channels have a secret");
    expect(await caller.channel.update({ id: web.id, allowedOrigins: ["https://shop.example"] })).toMatchObject({ allowedOrigins: ["https://shop.example"] });
  });
});

describe("channel assets: signed callbacks", () => {
  it("gives an HTTP channel its own signing secret, stored encrypted and revealed to admins only", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    const { asset } = await caller.channel.create({ type: "HTTP", name: "Provider", callbackUrl: "https://cb.example.com/in" });
    const { signingSecret } = await caller.channel.revealSigningSecret({ id: asset.id });
    expect(signingSecret).toMatch(/^whsec_/);
    const row = await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(row.signingSecretEncrypted).not.toContain(signingSecret.slice(6));
    expect((await caller.channel.revealSigningSecret({ id: asset.id })).signingSecret).toBe(signingSecret);

    const viewer = await createMember(owner.tenantId, "VIEWER");
    await expectTrpcError((await callerFor(viewer.userId)).caller.channel.revealSigningSecret({ id: asset.id }), "FORBIDDEN");
    const stranger = await createOwner();
    await expectTrpcError((await callerFor(stranger.userId)).caller.channel.revealSigningSecret({ id: asset.id }), "NOT_FOUND");
    const web = await caller.channel.create({ type: "WEB_CHAT", name: "Site" });
    await expectTrpcError(caller.channel.revealSigningSecret({ id: web.asset.id }), "BAD_REQUEST");
  });
});

describe("channel assets: deletion", () => {
  it("is refused while a rule uses the asset, naming the rule; the confirmation names the service", async () => {
    const { caller, service, asset, bot } = await supportService();
    const rule = await caller.rule.create({ serviceId: service.id, channelAssetId: asset.id, event: "INCOMING_MESSAGE", actionType: "BOT", botIntegrationId: bot.id });

    const page = await caller.channel.get({ id: asset.id });
    expect(page.service).toEqual({ id: service.id, name: "Support" });
    expect(page.rules).toEqual([
      { id: rule.id, serviceId: service.id, summary: 'rule 1 of service "Support" (Incoming message on "Website" → Forward the message to BOT)' },
    ]);
    const expected =
      'Channel "Website" is used by rule 1 of service "Support" (Incoming message on "Website" → Forward the message to BOT). Change or delete that rule first.';
    expect(page.deletion).toEqual({ allowed: false, message: expected });
    await expectTrpcError(caller.channel.delete({ id: asset.id }), "CONFLICT", expected);
    expect(await db().channelAsset.count({ where: { id: asset.id } })).toBe(1);

    await caller.rule.delete({ id: rule.id });
    const allowed = (await caller.channel.get({ id: asset.id })).deletion;
    expect(allowed).toEqual({
      allowed: true,
      message: 'Delete channel "Website"? Customers can no longer write on it. It is removed from service "Support".',
    });
    await caller.channel.delete({ id: asset.id });
    expect(await db().channelAsset.count({ where: { id: asset.id } })).toBe(0);
    expect((await caller.service.get({ id: service.id })).assets).toEqual([]);
  });
});

describe("channel assets: roles and tenants", () => {
  it("let every role read, never a secret; only OWNER and ADMIN change", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    const { asset } = await caller.channel.create({ type: "HTTP", name: "Provider", callbackUrl: "https://a.example.com/cb" });

    const admin = await createMember(owner.tenantId, "ADMIN");
    const { caller: adminCaller } = await callerFor(admin.userId);
    await adminCaller.channel.create({ type: "WEB_CHAT", name: "By admin" });
    await adminCaller.channel.rotateSecret({ id: asset.id });

    for (const role of ["AGENT", "VIEWER"] as const) {
      const member = await createMember(owner.tenantId, role);
      const { caller: reader } = await callerFor(member.userId);
      expect((await reader.channel.list()).map((a) => a.name)).toEqual(["By admin", "Provider"]);
      const page = await reader.channel.get({ id: asset.id });
      expect(page).not.toHaveProperty("secretHash");
      expect(page).not.toHaveProperty("secret");
      await expectTrpcError(reader.channel.create({ type: "WEB_CHAT", name: "Nope" }), "FORBIDDEN");
      await expectTrpcError(reader.channel.update({ id: asset.id, name: "Nope" }), "FORBIDDEN");
      await expectTrpcError(reader.channel.rotateSecret({ id: asset.id }), "FORBIDDEN");
      await expectTrpcError(reader.channel.delete({ id: asset.id }), "FORBIDDEN");
    }
    const row = await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(row.name).toBe("Provider");
  });

  it("never let another tenant read or change an asset", async () => {
    const acme = await createOwner("Acme");
    const { caller: acmeCaller } = await callerFor(acme.userId);
    const { asset } = await acmeCaller.channel.create({ type: "HTTP", name: "Provider", callbackUrl: "https://a.example.com/cb" });
    const before = await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } });

    const globex = await createOwner("Globex");
    const { caller } = await callerFor(globex.userId, acme.tenantId);
    expect(await caller.channel.list()).toEqual([]);
    await expectTrpcError(caller.channel.get({ id: asset.id }), "NOT_FOUND");
    await expectTrpcError(caller.channel.update({ id: asset.id, name: "Hijacked" }), "NOT_FOUND");
    await expectTrpcError(caller.channel.rotateSecret({ id: asset.id }), "NOT_FOUND");
    await expectTrpcError(caller.channel.delete({ id: asset.id }), "NOT_FOUND");
    expect(await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } })).toEqual(before);
    // Same name in another tenant is fine.
    await caller.channel.create({ type: "WEB_CHAT", name: "Provider" });
  });
});
