import { changePassword, confirmEmailChange, requestEmailChange } from "@/server/accounts/account-settings";
import { requestPasswordReset, resetPassword } from "@/server/accounts/password-reset";
import { revokeAllSessions } from "@/server/accounts/sessions";
import { resetRequestThrottleFor, signInThrottleFor } from "@/server/accounts/sign-in-throttle";
import { signUp } from "@/server/accounts/sign-up";
import {
  changeEmailSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  linkTokenSchema,
  resetPasswordSchema,
  signUpSchema,
} from "@/server/accounts/schemas";
import { pool } from "@/server/db/client";
import { mailQueued } from "@/server/jobs/mail-work";
import { z } from "zod";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../init";

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
    await signUp(ctx.db, input);
    return { email: input.email };
  }),
  me: protectedProcedure.query(({ ctx }) => ({ user: ctx.user, membership: ctx.membership })),
  /** "Sign out of all devices": every session of the caller ends, this one included. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => ({ revoked: await revokeAllSessions(ctx.db, ctx.user.id) })),

  /** Always the same answer, account or not (throttled per email and address). */
  requestPasswordReset: publicProcedure.input(forgotPasswordSchema).mutation(async ({ ctx, input }) => {
    const mailKey = await requestPasswordReset(ctx.db, resetRequestThrottleFor(pool()), input.email, ctx.clientIp ?? null);
    if (mailKey) await mailQueued(ctx.db, [mailKey]);
    return { email: input.email };
  }),

  /** A reset link's new password; every session of the account ends. */
  resetPassword: publicProcedure.input(resetPasswordSchema).mutation(({ ctx, input }) => resetPassword(ctx.db, input)),

  changePassword: protectedProcedure.input(changePasswordSchema).mutation(({ ctx, input }) =>
    changePassword(ctx.db, signInThrottleFor(pool()), { ...ctx.user, sessionId: ctx.sessionId ?? null }, input, ctx.clientIp ?? null),
  ),

  /** Mails a confirmation link to the new address; nothing changes until it is opened. */
  requestEmailChange: protectedProcedure.input(changeEmailSchema).mutation(async ({ ctx, input }) => {
    const mailKey = await requestEmailChange(ctx.db, signInThrottleFor(pool()), ctx.user, input, ctx.clientIp ?? null);
    await mailQueued(ctx.db, [mailKey]);
    return { newEmail: input.newEmail };
  }),

  confirmEmailChange: publicProcedure.input(z.object({ token: linkTokenSchema })).mutation(async ({ ctx, input }) => {
    const { email, mailKey } = await confirmEmailChange(ctx.db, input.token);
    await mailQueued(ctx.db, [mailKey]);
    return { email };
  }),
});
