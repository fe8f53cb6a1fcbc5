/** Helpers for the channel, service and rule tests (not imported by app code). */
import type { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { DomainError } from "@/server/errors";
import { callerFor, createOwner, createPlaceholderIntegration } from "@/test/factories";
export { expectTrpcError, messageOf } from "@/test/trpc-errors";

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
