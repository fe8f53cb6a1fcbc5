/** A service wired as the channel, service and rule tests need it, through the tRPC router. */
import { callerFor, createOwner, createPlaceholderIntegration } from "./factories";

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
