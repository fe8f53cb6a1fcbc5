import type { Pool } from "pg";
import { ApiError } from "@/server/http/json-api";
import { loadRoutingContext, type RoutingContext } from "./routing-context";

export async function requireChannel(pool: Pool, assetId: string): Promise<RoutingContext> {
  const context = await loadRoutingContext(pool, assetId);
  if (!context) throw new ApiError(404, "NOT_FOUND", `Unknown channel asset ${assetId}`, "assetId");
  return context;
}
