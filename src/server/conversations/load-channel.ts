import type { Pool } from "pg";
import { refuseUnstorableText } from "@/server/db/storable-text";
import { DomainError } from "@/server/errors";
import { cachedRoutingContext, loadRoutingContext, StaleRoutingContext, type RoutingContext } from "./routing-context";

/** The channel's routing context, read fresh; 404 for an unknown asset. */
export async function requireChannel(pool: Pool, assetId: string): Promise<RoutingContext> {
  refuseUnstorableText(assetId, "assetId");
  const context = await loadRoutingContext(pool, assetId);
  if (!context) throw new DomainError("NOT_FOUND", `Unknown channel asset ${assetId}`, "assetId");
  return context;
}

/**
 * Runs `handle` with the channel's routing context from memory when there is one (the hot path
 * saves a query), and once more with a fresh one when the remembered one may have misled it:
 * it was stale, or it refused the caller (the secret may just have been rotated). A fresh one
 * goes stale too when a rule or service it routes by is deleted meanwhile: then it is read once more.
 */
export async function withChannel<T>(pool: Pool, assetId: string, handle: (context: RoutingContext) => Promise<T>): Promise<T> {
  refuseUnstorableText(assetId, "assetId");
  const cached = cachedRoutingContext(assetId);
  if (cached) {
    try {
      return await handle(cached);
    } catch (error) {
      const mayBeStale = error instanceof StaleRoutingContext || (error instanceof DomainError && (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN"));
      if (!mayBeStale) throw error;
    }
  }
  try {
    return await handle(await requireChannel(pool, assetId));
  } catch (error) {
    if (!(error instanceof StaleRoutingContext)) throw error;
  }
  return handle(await requireChannel(pool, assetId));
}
