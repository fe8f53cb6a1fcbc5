import { z } from "zod";
import { deleteService } from "@/server/services/delete-service";
import { createServiceSchema, renameServiceSchema, serviceAssetSchema, serviceIntegrationSchema } from "@/server/services/schemas";
import { attachAsset, detachAsset } from "@/server/services/service-assets";
import { mapIntegration, servicesOfIntegration, unmapIntegration } from "@/server/services/service-integrations";
import { createService, getService, listServices, renameService } from "@/server/services/services";
import { createTRPCRouter, tenantProcedure } from "../init";

const byId = z.object({ id: z.string().min(1) });

export const serviceRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").query(({ ctx }) => listServices(ctx.db, ctx.actor.tenantId)),

  get: tenantProcedure("VIEWER")
    .input(byId)
    .query(({ ctx, input }) => getService(ctx.db, ctx.actor.tenantId, input.id)),

  create: tenantProcedure("ADMIN")
    .input(createServiceSchema)
    .mutation(({ ctx, input }) => createService(ctx.db, ctx.actor.tenantId, input)),

  rename: tenantProcedure("ADMIN")
    .input(renameServiceSchema)
    .mutation(({ ctx, input }) => renameService(ctx.db, ctx.actor.tenantId, input)),

  delete: tenantProcedure("ADMIN")
    .input(byId)
    .mutation(({ ctx, input }) => deleteService(ctx.db, ctx.actor.tenantId, input.id)),

  attachAsset: tenantProcedure("ADMIN")
    .input(serviceAssetSchema)
    .mutation(({ ctx, input }) => attachAsset(ctx.db, ctx.actor.tenantId, input)),

  detachAsset: tenantProcedure("ADMIN")
    .input(serviceAssetSchema)
    .mutation(({ ctx, input }) => detachAsset(ctx.db, ctx.actor.tenantId, input)),

  mapIntegration: tenantProcedure("ADMIN")
    .input(serviceIntegrationSchema)
    .mutation(({ ctx, input }) => mapIntegration(ctx.db, ctx.actor.tenantId, input)),

  unmapIntegration: tenantProcedure("ADMIN")
    .input(serviceIntegrationSchema)
    .mutation(({ ctx, input }) => unmapIntegration(ctx.db, ctx.actor.tenantId, input)),

  /** The services an integration is mapped to, and those it could be mapped to. */
  ofIntegration: tenantProcedure("VIEWER")
    .input(z.object({ integrationId: z.string().min(1) }))
    .query(({ ctx, input }) => servicesOfIntegration(ctx.db, ctx.actor.tenantId, input.integrationId)),
});
