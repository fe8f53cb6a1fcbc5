import { z } from "zod";
import {
  createChannelAsset,
  getChannelAsset,
  listChannelAssets,
  revealChannelSigningSecret,
  revealMessengerSecret,
  rotateChannelSecret,
  updateChannelAsset,
} from "@/server/channels/channel-assets";
import { deleteChannelAsset } from "@/server/channels/delete-asset";
import { createChannelSchema, updateChannelSchema } from "@/server/channels/schemas";
import { updateWidgetSettings } from "@/server/channels/widget";
import { widgetSettingsSchema } from "@/server/channels/widget-settings";
import { createTRPCRouter, tenantProcedure } from "../init";

const byId = z.object({ id: z.string().min(1) });

export const channelRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").query(({ ctx }) => listChannelAssets(ctx.db, ctx.actor.tenantId)),

  get: tenantProcedure("VIEWER")
    .input(byId)
    .query(({ ctx, input }) => getChannelAsset(ctx.db, ctx.actor.tenantId, input.id)),

  /** An HTTP channel's secret is in the answer, once. */
  create: tenantProcedure("ADMIN")
    .input(createChannelSchema)
    .mutation(({ ctx, input }) => createChannelAsset(ctx.db, ctx.actor.tenantId, input)),

  update: tenantProcedure("ADMIN")
    .input(updateChannelSchema)
    .mutation(({ ctx, input }) => updateChannelAsset(ctx.db, ctx.actor.tenantId, input)),

  rotateSecret: tenantProcedure("ADMIN")
    .input(byId)
    .mutation(({ ctx, input }) => rotateChannelSecret(ctx.db, ctx.actor.tenantId, input.id)),

  /** The Standard Webhooks secret that signs an HTTP channel's callbacks. */
  revealSigningSecret: tenantProcedure("ADMIN")
    .input(byId)
    .mutation(({ ctx, input }) => revealChannelSigningSecret(ctx.db, ctx.actor.tenantId, input.id)),

  /** A Messenger channel's Page access token or App secret (encrypted at rest). */
  revealMessengerSecret: tenantProcedure("ADMIN")
    .input(z.object({ id: z.string().min(1), which: z.enum(["pageAccessToken", "appSecret"]) }))
    .mutation(({ ctx, input }) => revealMessengerSecret(ctx.db, ctx.actor.tenantId, input.id, input.which)),

  /** A web chat's look: title, greeting, accent colour, initials, launcher corner. */
  updateWidget: tenantProcedure("ADMIN")
    .input(widgetSettingsSchema.extend({ id: z.string().min(1) }))
    .mutation(({ ctx, input: { id, ...widget } }) => updateWidgetSettings(ctx.db, ctx.actor.tenantId, id, widget)),

  delete: tenantProcedure("ADMIN")
    .input(byId)
    .mutation(({ ctx, input }) => deleteChannelAsset(ctx.db, ctx.actor.tenantId, input.id)),
});
