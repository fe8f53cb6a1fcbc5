/**
 * "Edit": rename, change the URL or the token. A new URL or token makes the integration
 * UNVERIFIED (it may not receive anything until it answers correctly again), and it is verified
 * right after saving; an INACTIVE integration edited and verified comes back ACTIVE (verify.ts).
 * An empty token keeps the stored one. Requiring signed inbound events (or no longer) changes
 * nothing the platform sends, so it keeps the status.
 */
import type { IntegrationStatus } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { conflict } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { decryptStored, encryptStored } from "@/server/security/app-key";
import { acceptableUrl, type OutboundOptions } from "@/server/net/outbound-options";
import type { UpdateIntegrationInput } from "./schemas";
import { loadIntegration, recordEvent } from "./store";
import type { Actor } from "@/server/tenancy/actor";
import type { DurableWork } from "@/server/delivery/durable-work";
import { runVerification, type VerifyResult } from "./verify";

export type UpdatedIntegration = {
  id: string;
  status: IntegrationStatus;
  changed: Array<"name" | "URL" | "token" | "signed events">;
  /** Run when the URL or token changed. */
  verification: VerifyResult | null;
};

export async function updateIntegration(
  db: Db,
  actor: Actor,
  input: UpdateIntegrationInput,
  outbound: OutboundOptions,
  work: DurableWork,
): Promise<UpdatedIntegration> {
  const row = await loadIntegration(db, actor.tenantId, input.id);
  const hasWebhook = row.platform !== "BUILT_IN";

  const url = hasWebhook && input.url !== undefined ? acceptableUrl(input.url, outbound.policy) : row.url;
  const newToken = hasWebhook && input.token ? input.token : null;
  const tokenChanged = newToken !== null && (!row.tokenEncrypted || decryptStored(row.tokenEncrypted) !== newToken);
  const changed: UpdatedIntegration["changed"] = [];
  if (input.name !== row.name) changed.push("name");
  if (url !== row.url) changed.push("URL");
  if (tokenChanged) changed.push("token");
  const requireSignedEvents = hasWebhook && input.requireSignedEvents !== undefined ? input.requireSignedEvents : row.requireSignedEvents;
  if (requireSignedEvents !== row.requireSignedEvents) changed.push("signed events");
  if (changed.length === 0) return { id: row.id, status: row.status, changed, verification: null };

  const endpointChanged = changed.includes("URL") || changed.includes("token");
  let updated;
  try {
    updated = await db.$transaction(async (tx) => {
      const saved = await tx.integration.update({
        where: { id: row.id },
        data: {
          name: input.name,
          url,
          ...(tokenChanged && newToken !== null ? { tokenEncrypted: encryptStored(newToken) } : {}),
          requireSignedEvents,
          // Nothing is sent to an endpoint that has not answered correctly yet.
          ...(endpointChanged ? { status: "UNVERIFIED" as const, lastVerifiedAt: null, lastVerifyError: null } : {}),
        },
      });
      const renamed = changed.includes("name") ? `name "${row.name}" → "${input.name}"` : null;
      const signed = changed.includes("signed events") ? (requireSignedEvents ? "signed inbound events required" : "signed inbound events no longer required") : null;
      const detail = ["Changed", [renamed, changed.includes("URL") ? "URL" : null, tokenChanged ? "token" : null, signed].filter(Boolean).join(", ")].join(": ");
      await recordEvent(tx, row, "EDITED", actor.userId, detail);
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An integration with this name already exists", "name");
    throw error;
  }

  const verification = endpointChanged ? await runVerification(db, actor.userId, updated, outbound, work) : null;
  return { id: row.id, status: verification?.status ?? updated.status, changed, verification };
}
