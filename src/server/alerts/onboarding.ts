/**
 * Where a tenant stands (the dashboard): the onboarding steps, each done or to do from the
 * tenant's own rows. Only owners and admins get the steps (they are the ones who can take them);
 * agents and viewers get what they can use instead (dashboard page).
 */
import type { Db } from "@/server/db/client";
import { hasRole, type Role } from "@/server/tenancy/roles";

export interface OnboardingStep {
  id: "bot" | "channel" | "rule" | "conversation" | "team";
  title: string;
  text: string;
  href: string;
  done: boolean;
}

export async function onboardingSteps(db: Db, viewer: { tenantId: string; role: Role }): Promise<{ steps: OnboardingStep[]; allDone: boolean } | null> {
  if (!hasRole(viewer.role, "ADMIN")) return null;
  const tenantId = viewer.tenantId;
  const [verifiedBot, channel, rule, conversation, members] = await Promise.all([
    db.integration.findFirst({ where: { tenantId, kind: "BOT", deletedAt: null, lastVerifiedAt: { not: null } }, select: { id: true } }),
    db.channelAsset.findFirst({ where: { tenantId }, select: { id: true } }),
    db.rule.findFirst({ where: { tenantId }, select: { id: true } }),
    db.conversation.findFirst({ where: { tenantId }, select: { id: true } }),
    db.membership.count({ where: { tenantId } }),
  ]);
  const steps: OnboardingStep[] = [
    { id: "bot", title: "Add a bot and verify it", text: "Connect your bot's webhook (IMI BOT or any other platform) and verify it.", href: "/integrations", done: Boolean(verifiedBot) },
    { id: "channel", title: "Add a channel", text: "Create the web chat or HTTP channel your customers write on.", href: "/channels", done: Boolean(channel) },
    { id: "rule", title: "Create a service and a rule", text: "Decide which messages go to the bot, to agents, or to the bot first.", href: "/services", done: Boolean(rule) },
    { id: "conversation", title: "Have a first conversation", text: "Write to your channel: every message, handover and delivery shows in Conversations.", href: "/conversations", done: Boolean(conversation) },
    { id: "team", title: "Add your team", text: "Add the agents and admins who work with you.", href: "/settings", done: members > 1 },
  ];
  return { steps, allDone: steps.every((s) => s.done) };
}
