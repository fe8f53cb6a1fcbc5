/**
 * Sends queued mails, from either runner (docs/mail.md). Like a delivery's attempt
 * (src/server/delivery/delivery-sql.ts), a mail is claimed first: FOR UPDATE SKIP LOCKED with
 * a lease, so of several runners racing exactly one takes it, and a claim whose process died
 * expires and is taken again. After the SMTP server accepted it the mail is SENT; a refusal or
 * an unreachable server is retried on a growing schedule, and after the last retry it is FAILED.
 *
 * "Never sent twice" holds as far as a database can make it: the one gap is a process that dies
 * between the server's acceptance and recording SENT, after which the lease runs out and the
 * mail goes again, with the same Message-ID so the receiving side can tell.
 */
import { randomUUID } from "node:crypto";
import { env } from "@/server/config/env";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { MailNotConfigured, mailTransport, type MailTransport } from "./transport";

/** Seconds after each failed attempt before the next: about a day in all, then FAILED. */
export const MAIL_RETRY_SCHEDULE = [30, 60, 120, 300, 900, 1_800, 3_600, 3_600, 7_200, 14_400, 28_800, 28_800];
/** Longer than any one SMTP exchange (transport.ts timeouts). */
export const MAIL_CLAIM_LEASE_SECONDS = 60;
/** While no transport is configured, a mail is looked at again this often, without using up its retries. */
const UNCONFIGURED_RECHECK_SECONDS = 300;
/**
 * A poll that takes any due mail (no `only`) takes it this long after it fell due: a new mail is
 * the hand-off's to send (mailQueued right after commit), and the poll the safety net for what a
 * hand-off never sent or a retry. (Also keeps a poll from taking a mail a test sends itself.)
 */
export const MAIL_POLL_GRACE_SECONDS = 5;
const BATCH = 20;

export interface SendOptions {
  transport?: MailTransport;
  schedule?: readonly number[];
  leaseSeconds?: number;
  batch?: number;
  /** Only these mails (the hand-off right after queuing sends just what it queued; tests keep to their own). */
  only?: { dedupeKeys?: string[]; to?: string[] };
  /** How long after falling due a mail is taken; default MAIL_POLL_GRACE_SECONDS without `only`, 0 with it. */
  graceSeconds?: number;
}

export interface SendReport {
  sent: number;
  failed: number;
  retrying: number;
}

interface ClaimedMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  dedupeKey: string;
  attempts: number;
  claimToken: string;
}

export async function sendDueMails(db: Db, options: SendOptions = {}): Promise<SendReport> {
  const transport = options.transport ?? mailTransport();
  const schedule = options.schedule ?? MAIL_RETRY_SCHEDULE;
  const lease = options.leaseSeconds ?? MAIL_CLAIM_LEASE_SECONDS;
  const report: SendReport = { sent: 0, failed: 0, retrying: 0 };
  const grace = options.graceSeconds ?? (options.only ? 0 : MAIL_POLL_GRACE_SECONDS);
  const claimed = await claimDueMails(db, options.batch ?? BATCH, lease, options.only ?? {}, grace);
  const from = env().MAIL_FROM;
  for (const mail of claimed) {
    try {
      await transport.send({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.id}@switchboard.mail>`,
      });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
      if (error instanceof MailNotConfigured) {
        await waitUnconfigured(db, mail, message);
        report.retrying += 1;
        continue;
      }
      const delay = schedule[mail.attempts - 1];
      if (delay === undefined) {
        await finish(db, mail, { state: "FAILED", lastError: message });
        console.error(`[mail] gave up on "${mail.subject}" to ${mail.to} after ${mail.attempts} attempts: ${message}`);
        report.failed += 1;
      } else {
        await finish(db, mail, { state: "PENDING", lastError: message, nextAttemptAt: new Date(Date.now() + delay * 1000) });
        console.warn(`[mail] "${mail.subject}" to ${mail.to} not sent (attempt ${mail.attempts}, next in ${delay} s): ${message}`);
        report.retrying += 1;
      }
      continue;
    }
    await finish(db, mail, { state: "SENT", lastError: null, sentAt: new Date() });
    report.sent += 1;
  }
  return report;
}

/** Takes up to `batch` due mails for this runner; each claim carries a token only its taker knows. */
async function claimDueMails(
  db: Db,
  batch: number,
  leaseSeconds: number,
  only: NonNullable<SendOptions["only"]>,
  graceSeconds: number,
): Promise<ClaimedMail[]> {
  const claimToken = randomUUID();
  const keys = only.dedupeKeys ?? null;
  const to = only.to ?? null;
  const rows = await db.$queryRaw<Omit<ClaimedMail, "claimToken">[]>`
    WITH due AS (
      SELECT m."id" FROM "OutboundMail" m
      WHERE m."state" = 'PENDING' AND m."nextAttemptAt" <= now() - make_interval(secs => ${graceSeconds})
        AND (m."claimedUntil" IS NULL OR m."claimedUntil" < now())
        AND (${keys}::text[] IS NULL OR m."dedupeKey" = ANY(${keys}::text[]))
        AND (${to}::text[] IS NULL OR m."to" = ANY(${to}::text[]))
      ORDER BY m."nextAttemptAt" LIMIT ${batch}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "OutboundMail" m
    SET "attempts" = m."attempts" + 1, "claimedUntil" = now() + make_interval(secs => ${leaseSeconds}),
        "lastError" = CASE WHEN m."claimedUntil" IS NULL THEN m."lastError" ELSE 'interrupted: the process sending it stopped' END,
        "updatedAt" = now(), "claimToken" = ${claimToken}
    FROM due WHERE m."id" = due."id"
    RETURNING m."id", m."to", m."subject", m."text", m."html", m."dedupeKey", m."attempts"`;
  return rows.map((row) => ({ ...row, claimToken }));
}

/** Records an attempt's outcome, only while this runner still holds the claim. */
async function finish(
  db: Db,
  mail: ClaimedMail,
  outcome: { state: "SENT" | "FAILED" | "PENDING"; lastError: string | null; sentAt?: Date; nextAttemptAt?: Date },
) {
  await db.outboundMail.updateMany({
    where: { id: mail.id, claimToken: mail.claimToken, state: "PENDING" },
    data: { ...outcome, claimedUntil: null, claimToken: null, updatedAt: new Date() },
  });
}

/** No transport: the attempt does not count, and the mail is looked at again later. */
async function waitUnconfigured(db: Db, mail: ClaimedMail, message: string) {
  await db.outboundMail.updateMany({
    where: { id: mail.id, claimToken: mail.claimToken, state: "PENDING" },
    data: {
      attempts: { decrement: 1 },
      lastError: message,
      claimedUntil: null,
      claimToken: null,
      nextAttemptAt: new Date(Date.now() + UNCONFIGURED_RECHECK_SECONDS * 1000),
      updatedAt: new Date(),
    },
  });
}

/** For system settings: where mail goes (the same for everyone) and this organization's mail not yet sent. */
export async function mailStatus(db: Db, { tenantId }: Actor) {
  const transport = mailTransport();
  const [waiting, failed, lastProblem] = await Promise.all([
    db.outboundMail.count({ where: { tenantId, state: "PENDING" } }),
    db.outboundMail.count({ where: { tenantId, state: "FAILED" } }),
    db.outboundMail.findFirst({ where: { tenantId, state: { in: ["PENDING", "FAILED"] }, lastError: { not: null } }, orderBy: { updatedAt: "desc" }, select: { lastError: true } }),
  ]);
  return { transport: transport.kind, description: transport.description, waiting, failed, lastError: lastProblem?.lastError ?? null };
}
