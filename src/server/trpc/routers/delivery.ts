import { replayDelivery } from "@/server/delivery/replay";
import { durableWork } from "@/server/jobs/durable-runner";
import { integrationHealth } from "@/server/integrations/health";
import { deliveryIdSchema, integrationHealthSchema } from "@/server/inspector/schemas";
import { createTRPCRouter, tenantProcedure } from "../init";

/** Outbound deliveries: replaying a FAILED one by hand (ADMIN and up), and an integration's delivery health (every member). */
export const deliveryRouter = createTRPCRouter({
  replay: tenantProcedure("ADMIN")
    .input(deliveryIdSchema)
    .mutation(({ ctx, input }) => replayDelivery(ctx.db, ctx.actor.tenantId, input.id, durableWork())),

  health: tenantProcedure("VIEWER")
    .input(integrationHealthSchema)
    .query(({ ctx, input }) => integrationHealth(ctx.db, ctx.actor.tenantId, input.integrationId)),
});
