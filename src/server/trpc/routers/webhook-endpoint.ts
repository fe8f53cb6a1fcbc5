import { createEndpointSchema, endpointIdSchema, updateEndpointSchema } from "@/server/alerts/schemas";
import {
  createEndpoint,
  deleteEndpoint,
  endpointDeliveries,
  listEndpoints,
  revealEndpointSecret,
  sendTestEvent,
  updateEndpoint,
} from "@/server/alerts/webhook-endpoints";
import { durableWork } from "@/server/jobs/durable-runner";
import { createTRPCRouter, tenantProcedure } from "../init";

/** Operational webhook endpoints (docs/alerts.md): ADMIN and up, for reading too (the list shows where alerts go). */
export const webhookEndpointRouter = createTRPCRouter({
  list: tenantProcedure("ADMIN").query(({ ctx }) => listEndpoints(ctx.db, ctx.actor)),

  create: tenantProcedure("ADMIN")
    .input(createEndpointSchema)
    .mutation(({ ctx, input }) => createEndpoint(ctx.db, ctx.actor, input)),

  update: tenantProcedure("ADMIN")
    .input(updateEndpointSchema)
    .mutation(({ ctx, input }) => updateEndpoint(ctx.db, ctx.actor, input.id, input)),

  revealSecret: tenantProcedure("ADMIN")
    .input(endpointIdSchema)
    .mutation(({ ctx, input }) => revealEndpointSecret(ctx.db, ctx.actor, input.id)),

  sendTest: tenantProcedure("ADMIN")
    .input(endpointIdSchema)
    .mutation(({ ctx, input }) => sendTestEvent(ctx.db, ctx.actor, input.id, durableWork())),

  deliveries: tenantProcedure("ADMIN")
    .input(endpointIdSchema)
    .query(({ ctx, input }) => endpointDeliveries(ctx.db, ctx.actor, input.id)),

  delete: tenantProcedure("ADMIN")
    .input(endpointIdSchema)
    .mutation(({ ctx, input }) => deleteEndpoint(ctx.db, ctx.actor, input.id)),
});
