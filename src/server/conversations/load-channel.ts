import type { Db } from "@/server/db/client";
import { ApiError } from "@/server/http/json-api";
import { loadRoutingContext, type RoutingContext } from "./routing-context";

export async function requireChannel(db: Db, assetId: string): Promise<RoutingContext> {
  const context = await loadRoutingContext(db, assetId);
  if (!context) throw new ApiError(404, "NOT_FOUND", `Unknown channel asset ${assetId}`, "assetId");
  return context;
}
