import type { Db } from "@/server/db/client";
import { refuseUnstorableText } from "@/server/db/storable-text";
import { DomainError } from "@/server/errors";
import { readMessengerSettings, type StoredMessengerSettings } from "./settings";

/** The Messenger channel a webhook URL names, with its settings; 404 for any other asset ID. */
export async function requireMessengerChannel(db: Db, assetId: string): Promise<{ id: string; tenantId: string; settings: StoredMessengerSettings }> {
  refuseUnstorableText(assetId, "assetId");
  const row = await db.channelAsset.findFirst({ where: { id: assetId, type: "MESSENGER" }, select: { id: true, tenantId: true, settings: true } });
  const settings = row ? readMessengerSettings(row.settings) : null;
  if (!row || !settings) throw new DomainError("NOT_FOUND", `Unknown Messenger channel ${assetId}`, "assetId");
  return { id: row.id, tenantId: row.tenantId, settings };
}
