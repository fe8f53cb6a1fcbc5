/** The Standard Webhooks signing secret, revealed on request to admins so receivers can check signatures. */
import type { Db } from "@/server/db/client";
import { decryptStored } from "@/server/security/app-key";
import { loadIntegration } from "./store";
import type { Actor } from "@/server/tenancy/actor";

export async function revealSigningSecret(db: Db, actor: Actor, id: string): Promise<{ signingSecret: string }> {
  const row = await loadIntegration(db, actor.tenantId, id);
  return { signingSecret: decryptStored(row.signingSecretEncrypted) };
}
