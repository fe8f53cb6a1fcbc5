/** Helpers for the channel, service and rule tests (not imported by app code). */
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { ZodError } from "zod";
import { DomainError } from "@/server/errors";
import { callerFor, createOwner, createPlaceholderIntegration } from "@/test/factories";

export async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"], message?: string | RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (typeof message === "string") expect(messageOf(error as TRPCError)).toBe(message);
  else if (message) expect(messageOf(error as TRPCError)).toMatch(message);
  return error as TRPCError;
}

/** The message a form shows: the domain's, or the first input-validation message. */
export function messageOf(error: TRPCError): string {
  return error.cause instanceof ZodError ? (error.cause.issues[0]?.message ?? error.message) : error.message;
}

/** The field the error points at, as the client gets it in `data.fieldErrors` (see trpc/init.ts). */
export function fieldOf(error: TRPCError): string | undefined {
  if (error.cause instanceof ZodError) return error.cause.issues[0]?.path.join(".");
  return error.cause instanceof DomainError ? error.cause.field : undefined;
}

/**
 * An owner's organization with a service "Support" that has a web chat "Website" attached and a
 * BOT "Helpdesk bot" and a CCSP "Agents" mapped to it.
 */
export async function supportService(organization = "Acme") {
  const owner = await createOwner(organization);
  const { caller } = await callerFor(owner.userId);
  const service = await caller.service.create({ name: "Support" });
  const { asset } = await caller.channel.create({ type: "WEB_CHAT", name: "Website" });
  await caller.service.attachAsset({ serviceId: service.id, assetId: asset.id });
  const bot = await createPlaceholderIntegration(owner.tenantId, "BOT", { name: "Helpdesk bot" });
  const ccsp = await createPlaceholderIntegration(owner.tenantId, "CCSP", { name: "Agents" });
  await caller.service.mapIntegration({ serviceId: service.id, integrationId: bot.id });
  await caller.service.mapIntegration({ serviceId: service.id, integrationId: ccsp.id });
  return { owner, caller, service, asset, bot, ccsp };
}
