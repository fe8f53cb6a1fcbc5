/** Test data through the real domain functions (the tRPC router where a tenant would use it), on the real test database. */
import { randomUUID } from "node:crypto";
import { signUp } from "@/server/accounts/sign-up";
import { db } from "@/server/db/client";
import { encryptStored } from "@/server/security/app-key";
import { issueVerificationTicket } from "@/server/integrations/verification-ticket";
import { generateInboundSecret, generateSigningSecret, hashSecret } from "@/server/security/tokens";
import { resolveCurrentMembership } from "@/server/tenancy/memberships";
import type { Role } from "@/server/tenancy/roles";
import type { Context } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { answeringVerification, quietReceiver } from "./receiver";

export const uniqueEmail = (label = "user") => `${label}-${randomUUID()}@example.test`;

export async function createOwner(organizationName = "Acme") {
  const email = uniqueEmail("owner");
  const { userId, tenantId } = await signUp(db(), { name: "Owner", email, password: "password123", organizationName });
  return { userId, tenantId, email };
}

export async function createMember(tenantId: string, role: Role) {
  const email = uniqueEmail(role.toLowerCase());
  const user = await db().user.create({ data: { email, name: role, passwordHash: "unused" } });
  await db().membership.create({ data: { userId: user.id, tenantId, role } });
  return { userId: user.id, email };
}

/** A tRPC caller for a signed-in user, the organization resolved as a request would (cookie). */
export async function callerFor(userId: string, requestedTenantId?: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const context: Context = {
    db: db(),
    user: { id: user.id, name: user.name, email: user.email },
    membership: await resolveCurrentMembership(db(), user.id, requestedTenantId),
    resHeaders: new Headers(),
  };
  return { caller: createCaller(context), context };
}

export const anonymousCaller = () => createCaller({ db: db(), user: null, membership: null, resHeaders: new Headers() });

/**
 * An ACTIVE integration of the organization, saved by its owner as the wizard saves it
 * (saveIntegration); an IMI BOT or CCSP webhook without a URL points at the quiet stand-in. The
 * stored row, with the plain secrets.
 */
export async function createActiveIntegration(
  tenantId: string,
  options: { name?: string; platform?: "IMI_BOT" | "OTHERS" | "WEBHOOK" | "BUILT_IN"; url?: string } = {},
) {
  const platform = options.platform ?? "IMI_BOT";
  const owner = await db().membership.findFirstOrThrow({ where: { tenantId, role: "OWNER" }, select: { userId: true } });
  const { caller } = await callerFor(owner.userId, tenantId);
  const url = platform === "BUILT_IN" ? "" : (options.url ?? (await quietReceiver()).url);
  const saved = await saveIntegration(caller, tenantId, platform, url, options.name);
  const row = await db().integration.findUniqueOrThrow({ where: { id: saved.id } });
  return { ...row, token: platform === "BUILT_IN" ? null : saved.token, signingSecret: saved.signingSecret, inboundSecret: saved.inboundSecret };
}

/**
 * An integration row in a given state, written directly but stored exactly as the domain stores
 * it (token and signing secret encrypted, inbound secret hashed), with no history. For the
 * integration lifecycle's own tests, which start from a given status (UNVERIFIED, INACTIVE) or
 * from a row nothing has happened to yet; anything else wants createActiveIntegration. The plain
 * secrets are returned.
 */
export async function createIntegrationRow(
  tenantId: string,
  options: {
    name?: string;
    platform?: "IMI_BOT" | "OTHERS" | "WEBHOOK" | "BUILT_IN";
    url?: string | null;
    token?: string | null;
    status?: "UNVERIFIED" | "ACTIVE" | "INACTIVE";
  } = {},
) {
  const platform = options.platform ?? "IMI_BOT";
  const builtIn = platform === "BUILT_IN";
  const token = builtIn ? null : options.token === undefined ? `token-${randomUUID()}` : options.token;
  const signingSecret = generateSigningSecret();
  const inboundSecret = generateInboundSecret();
  const row = await db().integration.create({
    data: {
      tenantId,
      kind: platform === "IMI_BOT" || platform === "OTHERS" ? "BOT" : "CCSP",
      platform,
      name: options.name ?? `Integration ${randomUUID().slice(0, 8)}`,
      url: builtIn ? null : (options.url ?? "https://bot.example.com/webhook"),
      tokenEncrypted: token === null ? null : encryptStored(token),
      inboundSecretHash: hashSecret(inboundSecret),
      signingSecretEncrypted: encryptStored(signingSecret),
      status: options.status ?? (builtIn ? "ACTIVE" : "UNVERIFIED"),
    },
  });
  return { ...row, token, signingSecret, inboundSecret };
}

type Caller = ReturnType<typeof createCaller>;

export interface SavedIntegration {
  id: string;
  /** Empty for the built-in desk, which has no inbound webhook. */
  inboundSecret: string;
  signingSecret: string;
  token: string;
}

/**
 * An integration saved as the wizard saves it, through the router: an IMI BOT or CCSP webhook is
 * verified over HTTP on Save, against the stand-in at its URL (receiver.ts answers that handshake
 * as a working bot does and keeps it out of the test's requests); an OTHERS bot presents the
 * ticket its Verify would have issued (the domain's own record of a passed verification), so its
 * URL may be one nothing listens on; the built-in desk needs nothing. Fails unless it is ACTIVE.
 */
export async function saveIntegration(
  caller: Caller,
  tenantId: string,
  platform: "OTHERS" | "IMI_BOT" | "WEBHOOK" | "BUILT_IN",
  url: string,
  name = `${platform} ${randomUUID().slice(0, 8)}`,
): Promise<SavedIntegration> {
  const token = `token-${randomUUID()}`;
  let created;
  if (platform === "BUILT_IN") {
    created = await caller.integration.create({ platform, name });
  } else if (platform === "OTHERS") {
    // What the wizard's Verify issues once the bot answered with its verification token.
    const ticket = issueVerificationTicket({ tenantId, url: new URL(url).href, token, signingSecret: generateSigningSecret(), verifiedAt: new Date() });
    created = await caller.integration.create({ platform, name, url, token, verificationTicket: ticket });
  } else {
    created = await answeringVerification(url, () => caller.integration.create({ platform, name, url, token }));
  }
  if (created.status !== "ACTIVE") {
    const reason = created.verification && !created.verification.ok ? created.verification.reason : created.status;
    throw new Error(`The scene's ${platform} integration at ${url} did not verify (${reason}): start its stand-in receiver before the scene`);
  }
  const { signingSecret } = await caller.integration.revealSigningSecret({ id: created.id });
  return { id: created.id, inboundSecret: created.inboundSecret ?? "", signingSecret, token };
}

/**
 * A BOT (OTHERS) or CCSP (webhook) integration saved by the organization's owner, for tests of
 * services and rules (which only need an integration to exist with a kind and a name).
 */
export async function createPlaceholderIntegration(tenantId: string, kind: "BOT" | "CCSP", options: { name?: string } = {}) {
  const owner = await db().membership.findFirstOrThrow({ where: { tenantId, role: "OWNER" }, select: { userId: true } });
  const { caller } = await callerFor(owner.userId, tenantId);
  const saved =
    kind === "BOT"
      ? await saveIntegration(caller, tenantId, "OTHERS", "https://bot.example.test/webhook", options.name)
      : await saveIntegration(caller, tenantId, "WEBHOOK", (await quietReceiver()).url, options.name);
  return db().integration.findUniqueOrThrow({ where: { id: saved.id } });
}

/**
 * A delivery row in a given state, written directly (for inspector and health tests that need
 * a history of attempts without waiting for retries). The receiver is an integration or an
 * HTTP channel's callback, as in the outbox.
 */
export async function createDeliveryRow(
  tenantId: string,
  options: {
    integrationId?: string;
    channelAssetId?: string;
    conversationId?: string | null;
    messageId?: string | null;
    state?: "PENDING" | "DELIVERED" | "FAILED" | "HELD";
    payload?: { [key: string]: string | number | boolean | null };
  },
) {
  const id = `dlv_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const receiver = options.integrationId ?? options.channelAssetId ?? "none";
  return db().delivery.create({
    data: {
      id,
      tenantId,
      integrationId: options.integrationId ?? null,
      channelAssetId: options.channelAssetId ?? null,
      conversationId: options.conversationId ?? null,
      messageId: options.messageId ?? null,
      orderingKey: `${options.conversationId ?? id}:${receiver}`,
      payload: options.payload ?? { Event: "Incoming message", Message: "test" },
      state: options.state ?? "PENDING",
    },
  });
}

/** Attempt rows of a delivery, numbered from 1 (or `firstNumber`); the delivery's attempt count follows. */
export async function createAttemptRows(
  deliveryId: string,
  attempts: Array<{ startedAt?: Date; durationMs: number; statusCode?: number | null; error?: string | null; responseStart?: string | null }>,
  firstNumber = 1,
) {
  const { integrationId } = await db().delivery.findUniqueOrThrow({ where: { id: deliveryId }, select: { integrationId: true } });
  await db().deliveryAttempt.createMany({
    data: attempts.map((a, index) => ({
      deliveryId,
      integrationId,
      number: firstNumber + index,
      startedAt: a.startedAt ?? new Date(),
      durationMs: a.durationMs,
      statusCode: a.statusCode ?? null,
      error: a.error ?? null,
      responseStart: a.responseStart ?? null,
    })),
  });
  const last = attempts.at(-1);
  await db().delivery.update({
    where: { id: deliveryId },
    data: { attempts: firstNumber + attempts.length - 1, lastError: last?.error ?? null, lastAttemptAt: last?.startedAt ?? new Date() },
  });
}
