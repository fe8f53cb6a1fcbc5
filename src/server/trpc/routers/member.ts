import { z } from "zod";
import { emailSchema } from "@/server/accounts/schemas";
import { mailQueued } from "@/server/jobs/mail-work";
import { inviteMember, listInvitations, resendInvitation, revokeInvitation } from "@/server/tenancy/invitations";
import { changeMemberRole } from "@/server/tenancy/change-member-role";
import { listMembers } from "@/server/tenancy/members";
import { removeMember } from "@/server/tenancy/remove-member";
import { ROLES } from "@/server/tenancy/roles";
import { createTRPCRouter, tenantProcedure } from "../init";

const roleSchema = z.enum(ROLES as ["OWNER", "ADMIN", "AGENT", "VIEWER"]);
const invitationId = z.object({ id: z.string().min(1).max(100) });

export const memberRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").query(({ ctx }) => listMembers(ctx.db, ctx.actor)),

  /** Members join by invitation only: the answer never tells whether the email has an account. */
  invite: tenantProcedure("ADMIN")
    .input(z.object({ email: emailSchema, role: roleSchema }))
    .mutation(async ({ ctx, input }) => {
      const { invitation, mailKey } = await inviteMember(ctx.db, ctx.actor, input);
      await mailQueued(ctx.db, [mailKey]);
      return invitation;
    }),

  invitations: tenantProcedure("ADMIN").query(({ ctx }) => listInvitations(ctx.db, ctx.actor)),

  resendInvitation: tenantProcedure("ADMIN")
    .input(invitationId)
    .mutation(async ({ ctx, input }) => {
      const { invitation, mailKey } = await resendInvitation(ctx.db, ctx.actor, input.id);
      await mailQueued(ctx.db, [mailKey]);
      return invitation;
    }),

  revokeInvitation: tenantProcedure("ADMIN")
    .input(invitationId)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.actor, input.id)),

  changeRole: tenantProcedure("ADMIN")
    .input(z.object({ userId: z.string().min(1), role: roleSchema }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.db, ctx.actor, input)),

  remove: tenantProcedure("ADMIN")
    .input(z.object({ userId: z.string().min(1) }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input.userId)),
});
