/**
 * "The database cannot be reached right now" (down, restarting, refusing connections, dropped the
 * connection), as opposed to a query that is wrong. Adapters answer it with 503 instead of 500
 * (src/server/http/json-api.ts, src/server/trpc/init.ts); the request can simply be sent again.
 *
 * It comes in three shapes: node-postgres errors (socket codes, SQLSTATEs, plain messages for a
 * closed connection or a connect timeout), Prisma errors (P1001 & co, or P2010 for raw queries
 * with the driver adapter's error in `meta.driverAdapterError`), and the driver adapter's own
 * `{ kind }` objects (see convertDriverError in @prisma/adapter-pg).
 */

const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** admin_shutdown, crash_shutdown, cannot_connect_now, connection exceptions, too_many_connections. */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "53300"]);

/** P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 connection closed, P2024 pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// node-postgres and pg-pool raise these as plain Errors with no code.
const MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  return check(error, 0);
}

function check(error: unknown, depth: number): boolean {
  if (depth > 4 || typeof error !== "object" || error === null) return false;
  const e = error as Record<string, unknown>;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || PRISMA_CODES.has(code))) return true;
  if (typeof e.originalCode === "string" && SQLSTATES.has(e.originalCode)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  const meta = e.meta as Record<string, unknown> | undefined;
  return check(e.cause, depth + 1) || check(meta?.driverAdapterError, depth + 1);
}

/** deadlock_detected, serialization_failure: the transaction was rolled back whole and may simply run again. */
const CONFLICT_SQLSTATES = new Set(["40P01", "40001"]);

export function isTransactionConflict(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== "object" || error === null) return false;
  const e = error as Record<string, unknown>;
  if (typeof e.code === "string" && CONFLICT_SQLSTATES.has(e.code)) return true;
  if (typeof e.originalCode === "string" && CONFLICT_SQLSTATES.has(e.originalCode)) return true;
  if (e.kind === "TransactionWriteConflict") return true;
  const meta = e.meta as Record<string, unknown> | undefined;
  return isTransactionConflict(e.cause, depth + 1) || isTransactionConflict(meta?.driverAdapterError, depth + 1);
}

/** A unique-constraint violation, from Prisma (P2002) or from node-postgres (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === "P2002" || code === "23505";
}

/**
 * A foreign-key violation (a row still referenced, onDelete: Restrict, or already gone): from
 * Prisma's model API (P2003, or P2014 for a required relation), its raw queries (P2010 with the driver adapter's error), or
 * node-postgres (SQLSTATE 23503).
 */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  return e.code === "P2003" || e.code === "P2014" || e.code === "23503" || (e.code === "P2010" && e.meta?.driverAdapterError?.cause?.originalCode === "23503");
}
