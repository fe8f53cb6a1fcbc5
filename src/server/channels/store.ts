/** Loading a channel asset within the caller's tenant, and the error its name's uniqueness gives. */
import type { DbOrTx } from "@/server/db/tx";
import { conflict, notFound } from "@/server/errors";
import { channelAssetInclude } from "./views";

/** The asset, only if it belongs to the tenant: anything else reads as "not found". */
export async function findChannelAsset(db: DbOrTx, tenantId: string, id: string) {
  const row = await db.channelAsset.findFirst({ where: { id, tenantId }, include: channelAssetInclude });
  if (!row) throw notFound("Channel");
  return row;
}

export const channelNameTaken = () => conflict("A channel with this name already exists", "name");
