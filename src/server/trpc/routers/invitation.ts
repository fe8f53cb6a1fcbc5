import { z } from "zod";
import { signUpSchema } from "@/server/accounts/schemas";
import { acceptInvitation, acceptInvitationWithSignUp } from "@/server/tenancy/invitations";
import { CURRENT_TENANT_COOKIE } from "@/server/tenancy/memberships";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../init";

const token = z.string().trim().min(1, "The invitation link is incomplete").max(200, "The invitation link is not valid");

/** The accepted organization becomes the current one in this browser. */
function workIn(resHeaders: Headers, tenantId: string) {
  resHeaders.append("set-cookie", `${CURRENT_TENANT_COOKIE}=${encodeURIComponent(tenantId)}; Path=/; SameSite=Lax; HttpOnly; Max-Age=31536000`);
}

export const invitationRouter = createTRPCRouter({
  /** A signed-in user whose email the invitation is for joins that organization. */
  accept: protectedProcedure.input(z.object({ token })).mutation(async ({ ctx, input }) => {
    const joined = await acceptInvitation(ctx.db, ctx.user, input.token);
    workIn(ctx.resHeaders, joined.tenantId);
    return joined;
  }),

  /** Someone without an account: it is created for the invited email, with no organization of its own. */
  signUp: publicProcedure
    .input(z.object({ token, name: signUpSchema.shape.name, password: signUpSchema.shape.password }))
    .mutation(async ({ ctx, input }) => {
      const joined = await acceptInvitationWithSignUp(ctx.db, input);
      workIn(ctx.resHeaders, joined.tenantId);
      return joined;
    }),
});
