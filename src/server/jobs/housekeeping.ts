/**
 * The minute's housekeeping, for both runners (the embedded runner runs it in every process):
 * the integrations' attempt buckets the health charts read (docs/health.md) and the tenants'
 * retention (docs/retention.md). Each takes its own claim in the database, so processes that
 * run it at once share it instead of doing it twice.
 */
import type { Db } from "@/server/db/client";
import { applyDueRetention } from "@/server/conversations/retention";
import { rollUpAttempts } from "@/server/integrations/attempt-buckets";
import { safely } from "./embedded-work";

export async function runHousekeeping(db: Db, now = new Date()): Promise<void> {
  await safely("roll up delivery attempts", () => rollUpAttempts(db, now));
  await safely("apply retention", () => applyDueRetention(db, now));
}
