/** Test data through the real domain functions, on the real test database. */
import { randomUUID } from "node:crypto";
import { signUp } from "@/server/accounts/sign-up";
import { db } from "@/server/db/client";
import { encryptStored } from "@/server/security/app-key";
import { generateInboundSecret, generateSigningSecret, hashSecret } from "@/server/security/tokens";
import { resolveCurrentMembership } from "@/server/tenancy/memberships";
import type { Role } from "@/server/tenancy/roles";
import type { Context } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";

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
 * An integration row in a given state, written directly but stored exactly as the domain stores
 * it (token and signing secret encrypted, inbound secret hashed). For tests that need an
 * integration without going through Verify; the plain secrets are returned.
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

/**
 * A BOT or CCSP integration row with placeholder URL and secrets, for tests of services and
 * rules (which only need an integration to exist with a kind and a name).
 */
export async function createPlaceholderIntegration(
  tenantId: string,
  kind: "BOT" | "CCSP",
  options: { name?: string; status?: "UNVERIFIED" | "ACTIVE" | "INACTIVE" } = {},
) {
  return db().integration.create({
    data: {
      tenantId,
      kind,
      platform: kind === "BOT" ? "OTHERS" : "WEBHOOK",
      name: options.name ?? `${kind} ${randomUUID().slice(0, 8)}`,
      url: "https://bot.example.test/webhook",
      inboundSecretHash: "0".repeat(64),
      signingSecretEncrypted: "placeholder",
      status: options.status ?? "ACTIVE",
    },
  });
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
