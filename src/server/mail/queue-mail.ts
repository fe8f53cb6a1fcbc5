/**
 * Queuing a mail: one OutboundMail row, written in the caller's transaction, so a mail exists
 * exactly when the event that causes it was committed (docs/mail.md). The durable runner sends
 * it (send-due-mails.ts). A second mail with the same dedupeKey is a no-op: one event, one mail.
 */
import type { Tx } from "@/server/db/tx";

export type QueuedMail = {
  /** For scoping and cleanup; null for account mails that belong to no organization. */
  tenantId: string | null;
  /** One address. */
  to: string;
  subject: string;
  /** The plain-text part. */
  text: string;
  /** The HTML part. */
  html: string;
  /** Unique per event and recipient: a second queueMail with the same key writes nothing. */
  dedupeKey: string;
};

export async function queueMail(tx: Tx, mail: QueuedMail): Promise<void> {
  // ON CONFLICT DO NOTHING: a duplicate neither throws nor aborts the caller's transaction.
  await tx.outboundMail.createMany({
    data: [{ tenantId: mail.tenantId, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, dedupeKey: mail.dedupeKey }],
    skipDuplicates: true,
  });
}
