import { TRPCError } from "@trpc/server";

/**
 * A database outage is a 503 the caller can retry, not a 500 (src/server/db/errors.ts): thrown
 * by the procedures' error mapping (init.ts) and by the context, which is read before it.
 */
export const databaseUnavailable = (cause: unknown) =>
  new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database is unavailable for a moment: try again shortly", cause });
