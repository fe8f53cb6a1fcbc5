import { z } from "zod";
import { createRule } from "@/server/services/rules/create";
import { deleteRule } from "@/server/services/rules/delete";
import { moveRule } from "@/server/services/rules/move";
import { listServiceRules } from "@/server/services/rules/queries";
import { setRuleEnabled } from "@/server/services/rules/set-enabled";
import { updateRule } from "@/server/services/rules/update";
import { createRuleSchema, moveRuleSchema, setRuleEnabledSchema, updateRuleSchema } from "@/server/services/rules/schemas";
import { createTRPCRouter, tenantProcedure } from "../init";

export const ruleRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER")
    .input(z.object({ serviceId: z.string().min(1) }))
    .query(({ ctx, input }) => listServiceRules(ctx.db, ctx.actor, input.serviceId)),

  create: tenantProcedure("ADMIN")
    .input(createRuleSchema)
    .mutation(({ ctx, input }) => createRule(ctx.db, ctx.actor, input)),

  update: tenantProcedure("ADMIN")
    .input(updateRuleSchema)
    .mutation(({ ctx, input }) => updateRule(ctx.db, ctx.actor, input)),

  setEnabled: tenantProcedure("ADMIN")
    .input(setRuleEnabledSchema)
    .mutation(({ ctx, input }) => setRuleEnabled(ctx.db, ctx.actor, input)),

  /** Swaps the rule with its neighbour; returns the service's rules in their new order. */
  move: tenantProcedure("ADMIN")
    .input(moveRuleSchema)
    .mutation(({ ctx, input }) => moveRule(ctx.db, ctx.actor, input)),

  delete: tenantProcedure("ADMIN")
    .input(z.object({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) => deleteRule(ctx.db, ctx.actor, input.id)),
});
