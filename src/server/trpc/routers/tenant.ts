import { z } from "zod";
import { organizationNameSchema } from "@/server/accounts/schemas";
import { notFound } from "@/server/errors";
import { createTenant } from "@/server/tenancy/create-tenant";
import { CURRENT_TENANT_COOKIE, listMemberships, rememberLastTenant } from "@/server/tenancy/memberships";
import { retentionSetting, setRetention } from "@/server/conversations/retention";
import { retentionSchema } from "@/server/conversations/retention-schema";
import { createTRPCRouter, protectedProcedure, tenantProcedure } from "../init";

function rememberTenant(resHeaders: Headers, tenantId: string) {
  resHeaders.append(
    "set-cookie",
    `${CURRENT_TENANT_COOKIE}=${encodeURIComponent(tenantId)}; Path=/; SameSite=Lax; HttpOnly; Max-Age=31536000`,
  );
}

export const tenantRouter = createTRPCRouter({
  list: protectedProcedure.query(async ({ ctx }) => ({
    current: ctx.membership,
    memberships: await listMemberships(ctx.db, ctx.user.id),
  })),

  switch: protectedProcedure.input(z.object({ tenantId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const memberships = await listMemberships(ctx.db, ctx.user.id);
    const target = memberships.find((m) => m.tenantId === input.tenantId);
    if (!target) throw notFound("Organization");
    rememberTenant(ctx.resHeaders, target.tenantId);
    await rememberLastTenant(ctx.db, ctx.user.id, target.tenantId);
    return target;
  }),

  create: protectedProcedure.input(z.object({ name: organizationNameSchema })).mutation(async ({ ctx, input }) => {
    const tenant = await createTenant(ctx.db, ctx.user.id, input.name);
    rememberTenant(ctx.resHeaders, tenant.id);
    await rememberLastTenant(ctx.db, ctx.user.id, tenant.id);
    return tenant;
  }),

  /** How long conversations are kept, and what the last run deleted (every member may see it). */
  retention: tenantProcedure("VIEWER").query(({ ctx }) => retentionSetting(ctx.db, ctx.actor)),

  /** Changing it deletes history for good once it runs: owners and admins only. */
  setRetention: tenantProcedure("ADMIN")
    .input(retentionSchema)
    .mutation(({ ctx, input }) => setRetention(ctx.db, ctx.actor, input.days)),
});
