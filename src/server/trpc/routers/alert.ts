import { inactiveIntegrations } from "@/server/alerts/inactive-integrations";
import { listNotifications, markAllRead, markRead } from "@/server/alerts/notifications";
import { onboardingSteps } from "@/server/alerts/onboarding";
import { alertPreferences, setAlertPreference } from "@/server/alerts/preferences";
import { alertPreferenceSchema, notificationIdsSchema } from "@/server/alerts/schemas";
import { createTRPCRouter, tenantProcedure } from "../init";

/** Alerts for every member (docs/alerts.md): their notifications, their email choices, the inactive-integration banner. */
export const alertRouter = createTRPCRouter({
  notifications: tenantProcedure("VIEWER").query(({ ctx }) => listNotifications(ctx.db, ctx.actor)),

  markRead: tenantProcedure("VIEWER")
    .input(notificationIdsSchema)
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.actor, input.ids)),

  markAllRead: tenantProcedure("VIEWER").mutation(({ ctx }) => markAllRead(ctx.db, ctx.actor)),

  preferences: tenantProcedure("VIEWER").query(({ ctx }) => alertPreferences(ctx.db, ctx.actor)),

  setPreference: tenantProcedure("VIEWER")
    .input(alertPreferenceSchema)
    .mutation(({ ctx, input }) => setAlertPreference(ctx.db, ctx.actor, input.kind, input.email)),

  inactiveIntegrations: tenantProcedure("VIEWER").query(({ ctx }) => inactiveIntegrations(ctx.db, ctx.actor)),

  onboarding: tenantProcedure("VIEWER").query(({ ctx }) => onboardingSteps(ctx.db, ctx.actor)),
});
