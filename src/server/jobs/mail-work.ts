/**
 * The hand-off after a transaction that queued mail committed (docs/mail.md): under Inngest an
 * event (its ID from the mail's dedupeKey, so a resend starts no second run); with the embedded
 * runner, or when Inngest cannot be reached, a send of just those mails in this process at once. Either way the
 * embedded runner's poll also sends whatever is due, so a lost hand-off only delays a mail.
 */
import { durableRunnerKind } from "@/server/config/env";
import type { Db } from "@/server/db/client";
import { inngest } from "@/server/inngest/client";
import { mailQueuedEvent } from "@/server/inngest/events";
import { sendDueMails } from "@/server/mail/send-due-mails";
import { mailTransport } from "@/server/mail/transport";
import { safely } from "./embedded-work";

export async function mailQueued(db: Db, dedupeKeys: string[]): Promise<void> {
  if (dedupeKeys.length === 0) return;
  if (durableRunnerKind() === "inngest") {
    try {
      await inngest.send(dedupeKeys.map(mailQueuedEvent));
      return;
    } catch (error) {
      console.warn(`[inngest] unreachable (${error instanceof Error ? error.message : error}): mail sent without it`);
    }
  }
  // Not awaited: the request that queued the mail answers at once.
  void safely("send queued mail", () => sendDueMails(db, { only: { dedupeKeys } }));
}

/** One start-up line about where mail goes; in production without SMTP_URL, an error that says what waits. */
export function logMailSetup(): void {
  const transport = mailTransport();
  if (transport.kind === "none") {
    console.error(
      "[mail] SMTP_URL is not set: invitations, password resets, email confirmations and alert emails wait unsent until it is set and the app restarted (docs/mail.md)",
    );
  } else {
    console.log(`[mail] mail goes to ${transport.description}`);
  }
}
