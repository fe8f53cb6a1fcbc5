import { z } from "zod";
import { emailSchema } from "@/server/accounts/schemas";
import { addMember, changeMemberRole, listMembers, removeMember } from "@/server/tenancy/members";
import { ROLES } from "@/server/tenancy/roles";
import { createTRPCRouter, tenantProcedure } from "../init";

const roleSchema = z.enum(ROLES as ["OWNER", "ADMIN", "AGENT", "VIEWER"]);

export const memberRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").query(({ ctx }) => listMembers(ctx.db, ctx.actor.tenantId)),

  add: tenantProcedure("ADMIN")
    .input(z.object({ email: emailSchema, role: roleSchema }))
    .mutation(({ ctx, input }) => addMember(ctx.db, ctx.actor, input)),

  changeRole: tenantProcedure("ADMIN")
    .input(z.object({ userId: z.string().min(1), role: roleSchema }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.db, ctx.actor, input)),

  remove: tenantProcedure("ADMIN")
    .input(z.object({ userId: z.string().min(1) }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input.userId)),
});
