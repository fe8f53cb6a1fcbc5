import { revokeAllSessions } from "@/server/accounts/sessions";
import { signUp } from "@/server/accounts/sign-up";
import { signUpSchema } from "@/server/accounts/schemas";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../init";

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
    await signUp(ctx.db, input);
    return { email: input.email };
  }),
  me: protectedProcedure.query(({ ctx }) => ({ user: ctx.user, membership: ctx.membership })),
  /** "Sign out of all devices": every session of the caller ends, this one included. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => ({ revoked: await revokeAllSessions(ctx.db, ctx.user.id) })),
});
