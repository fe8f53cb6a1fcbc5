import { replayDelivery } from "@/server/delivery/replay";
import { durableWork } from "@/server/jobs/durable-runner";
import { attemptChart, successSparklines } from "@/server/integrations/attempt-buckets";
import { integrationHealth } from "@/server/integrations/health";
import { attemptChartSchema, deliveryIdSchema, integrationHealthSchema, sparklinesSchema } from "@/server/inspector/schemas";
import { createTRPCRouter, tenantProcedure } from "../init";

/** Outbound deliveries: replaying a FAILED one by hand (ADMIN and up), and an integration's delivery health (every member). */
export const deliveryRouter = createTRPCRouter({
  replay: tenantProcedure("ADMIN")
    .input(deliveryIdSchema)
    .mutation(({ ctx, input }) => replayDelivery(ctx.db, ctx.actor, input.id, durableWork())),

  health: tenantProcedure("VIEWER")
    .input(integrationHealthSchema)
    .query(({ ctx, input }) => integrationHealth(ctx.db, ctx.actor, input.integrationId)),

  /** The health page's charts: attempts by outcome and latency, per step of the range. */
  chart: tenantProcedure("VIEWER")
    .input(attemptChartSchema)
    .query(({ ctx, input }) => attemptChart(ctx.db, ctx.actor, input.integrationId, input.range)),

  /** The integrations list's sparklines: hourly success rate over the last 24 hours. */
  sparklines: tenantProcedure("VIEWER")
    .input(sparklinesSchema)
    .query(({ ctx, input }) => successSparklines(ctx.db, ctx.actor, input.integrationIds)),
});
