import { z } from "zod";
import { createChannelAsset } from "@/server/channels/create";
import { deleteChannelAsset } from "@/server/channels/delete";
import { revealMessengerSecret } from "@/server/channels/messenger-secret";
import { getChannelAsset, listChannelAssets } from "@/server/channels/queries";
import { rotateChannelSecret } from "@/server/channels/rotate-secret";
import { createChannelSchema, updateChannelSchema } from "@/server/channels/schemas";
import { revealChannelSigningSecret } from "@/server/channels/signing-secret";
import { updateChannelAsset } from "@/server/channels/update";
import { updateWidgetSettings } from "@/server/channels/update-widget";
import { widgetSettingsSchema } from "@/server/channels/widget-settings";
import { signOutVisitors } from "@/server/channels/sign-out-visitors";
import { createTRPCRouter, tenantProcedure } from "../init";

const byId = z.object({ id: z.string().min(1) });

export const channelRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").query(({ ctx }) => listChannelAssets(ctx.db, ctx.actor)),

  get: tenantProcedure("VIEWER")
    .input(byId)
    .query(({ ctx, input }) => getChannelAsset(ctx.db, ctx.actor, input.id)),

  /** An HTTP channel's secret is in the answer, once. */
  create: tenantProcedure("ADMIN")
    .input(createChannelSchema)
    .mutation(({ ctx, input }) => createChannelAsset(ctx.db, ctx.actor, input)),

  update: tenantProcedure("ADMIN")
    .input(updateChannelSchema)
    .mutation(({ ctx, input }) => updateChannelAsset(ctx.db, ctx.actor, input)),

  rotateSecret: tenantProcedure("ADMIN")
    .input(byId)
    .mutation(({ ctx, input }) => rotateChannelSecret(ctx.db, ctx.actor, input.id)),

  /** The Standard Webhooks secret that signs an HTTP channel's callbacks. */
  revealSigningSecret: tenantProcedure("ADMIN")
    .input(byId)
    .mutation(({ ctx, input }) => revealChannelSigningSecret(ctx.db, ctx.actor, input.id)),

  /** A Messenger channel's Page access token or App secret (encrypted at rest). */
  revealMessengerSecret: tenantProcedure("ADMIN")
    .input(z.object({ id: z.string().min(1), which: z.enum(["pageAccessToken", "appSecret"]) }))
    .mutation(({ ctx, input }) => revealMessengerSecret(ctx.db, ctx.actor, input.id, input.which)),

  /** A web chat's look: title, greeting, accent colour, initials, launcher corner. */
  updateWidget: tenantProcedure("ADMIN")
    .input(widgetSettingsSchema.extend({ id: z.string().min(1) }))
    .mutation(({ ctx, input: { id, ...widget } }) => updateWidgetSettings(ctx.db, ctx.actor, id, widget)),

  /** A web chat: every visitor token issued so far stops working and open chats start over. */
  signOutVisitors: tenantProcedure("ADMIN")
    .input(byId)
    .mutation(({ ctx, input }) => signOutVisitors(ctx.db, ctx.actor, input.id)),

  delete: tenantProcedure("ADMIN")
    .input(byId)
    .mutation(({ ctx, input }) => deleteChannelAsset(ctx.db, ctx.actor, input.id)),
});
