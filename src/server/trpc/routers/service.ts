import { z } from "zod";
import { attachAsset } from "@/server/services/attach-asset";
import { createService } from "@/server/services/create";
import { deleteService } from "@/server/services/delete";
import { detachAsset } from "@/server/services/detach-asset";
import { mapIntegration } from "@/server/services/map-integration";
import { getService, listServices, servicesOfIntegration } from "@/server/services/queries";
import { renameService } from "@/server/services/rename";
import { createServiceSchema, renameServiceSchema, serviceAssetSchema, serviceIntegrationSchema } from "@/server/services/schemas";
import { unmapIntegration } from "@/server/services/unmap-integration";
import { createTRPCRouter, tenantProcedure } from "../init";

const byId = z.object({ id: z.string().min(1) });

export const serviceRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").query(({ ctx }) => listServices(ctx.db, ctx.actor)),

  get: tenantProcedure("VIEWER")
    .input(byId)
    .query(({ ctx, input }) => getService(ctx.db, ctx.actor, input.id)),

  create: tenantProcedure("ADMIN")
    .input(createServiceSchema)
    .mutation(({ ctx, input }) => createService(ctx.db, ctx.actor, input)),

  rename: tenantProcedure("ADMIN")
    .input(renameServiceSchema)
    .mutation(({ ctx, input }) => renameService(ctx.db, ctx.actor, input)),

  delete: tenantProcedure("ADMIN")
    .input(byId)
    .mutation(({ ctx, input }) => deleteService(ctx.db, ctx.actor, input.id)),

  attachAsset: tenantProcedure("ADMIN")
    .input(serviceAssetSchema)
    .mutation(({ ctx, input }) => attachAsset(ctx.db, ctx.actor, input)),

  detachAsset: tenantProcedure("ADMIN")
    .input(serviceAssetSchema)
    .mutation(({ ctx, input }) => detachAsset(ctx.db, ctx.actor, input)),

  mapIntegration: tenantProcedure("ADMIN")
    .input(serviceIntegrationSchema)
    .mutation(({ ctx, input }) => mapIntegration(ctx.db, ctx.actor, input)),

  unmapIntegration: tenantProcedure("ADMIN")
    .input(serviceIntegrationSchema)
    .mutation(({ ctx, input }) => unmapIntegration(ctx.db, ctx.actor, input)),

  /** The services an integration is mapped to, and those it could be mapped to. */
  ofIntegration: tenantProcedure("VIEWER")
    .input(z.object({ integrationId: z.string().min(1) }))
    .query(({ ctx, input }) => servicesOfIntegration(ctx.db, ctx.actor, input.integrationId)),
});
