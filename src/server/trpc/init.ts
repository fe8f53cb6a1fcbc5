import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { findUnstorableText } from "@/server/db/storable-text";
import { badRequest, DomainError, type DomainErrorCode } from "@/server/errors";
import { hasRole, type Role } from "@/server/tenancy/roles";
import type { Context } from "./context";
import { databaseUnavailable } from "./database-unavailable";

export const INTERNAL_MESSAGE = "Something went wrong on our side; nothing was changed";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // An unexpected error's own message is often Postgres' or Prisma's text, and its stack says
    // how the server is built: neither leaves the server (the route logs both).
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const data: Partial<typeof shape.data> = { ...shape.data };
    delete data.stack;
    return {
      ...shape,
      message: internal ? INTERNAL_MESSAGE : shape.message,
      data: {
        ...data,
        // Field-level messages, so forms can show each one next to its field.
        fieldErrors:
          cause instanceof ZodError
            ? Object.fromEntries(cause.issues.map((issue) => [issue.path.join("."), issue.message]))
            : cause instanceof DomainError && cause.field
              ? { [cause.field]: cause.message }
              : null,
      },
    };
  },
});

const trpcCodes: Record<DomainErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
};

/** The one place domain errors (and database outages) become tRPC errors. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodes[cause.code], message: cause.message, cause });
  }
  if (!result.ok && isDatabaseUnavailable(result.error.cause)) throw databaseUnavailable(result.error.cause);
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Text Postgres cannot store (a NUL, a lone surrogate) anywhere in the input is refused before any procedure runs. */
const refuseUnstorableInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = findUnstorableText(await getRawInput());
  if (problem) throw badRequest(problem.message, problem.field);
  return next();
});

export const publicProcedure = t.procedure.use(mapDomainErrors).use(refuseUnstorableInput);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A procedure on the caller's current organization, for members with at least `minimumRole`. */
export function tenantProcedure(minimumRole: Role) {
  return protectedProcedure.use(({ ctx, next }) => {
    const membership = ctx.membership;
    if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of any organization" });
    if (!hasRole(membership.role, minimumRole)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${minimumRole} role or higher` });
    }
    return next({
      ctx: { ...ctx, membership, actor: { userId: ctx.user.id, tenantId: membership.tenantId, role: membership.role } },
    });
  });
}
