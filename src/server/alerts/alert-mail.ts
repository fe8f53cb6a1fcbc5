/**
 * The emails of an alert: one per OWNER and ADMIN member who wants this kind by email (their
 * choice in Settings, else the kind's default), queued in the alert's transaction through the
 * mail module's outbox, each with a dedupe key of the alert and the recipient.
 */
// The mail module's parts, not its index: the delivery path need not load the SMTP transport.
import { composeMail } from "@/server/mail/compose";
import { appLink } from "@/server/mail/links";
import { queueMail, type QueuedMail } from "@/server/mail/queue-mail";
import type { Tx } from "@/server/db/tx";
import { EMAIL_BY_DEFAULT, type AlertKind } from "./kinds";

export interface AlertMailInput {
  alertId: string;
  tenantId: string;
  kind: AlertKind;
  title: string;
  body: string;
  href: string | null;
}

/** Owners and admins of the tenant who get this kind of alert by email. */
export async function alertMailRecipients(tx: Tx, tenantId: string, kind: AlertKind): Promise<{ userId: string; email: string; name: string }[]> {
  return tx.$queryRaw<{ userId: string; email: string; name: string }[]>`
    SELECT u."id" AS "userId", u."email", u."name"
    FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
    LEFT JOIN "AlertPreference" p ON p."userId" = m."userId" AND p."tenantId" = m."tenantId" AND p."kind" = ${kind}::"AlertKind"
    WHERE m."tenantId" = ${tenantId} AND m."role" IN ('OWNER', 'ADMIN') AND COALESCE(p."email", ${EMAIL_BY_DEFAULT[kind]})
    ORDER BY u."email"`;
}

export function composeAlertMail(input: AlertMailInput, recipient: { userId: string; email: string; name: string }, tenantName: string): QueuedMail {
  const { text, html } = composeMail({
    heading: input.title,
    paragraphs: [`Hello ${recipient.name},`, input.body],
    action: { label: "Open it in Switchboard", url: appLink(input.href ?? "/dashboard") },
    footer: [`You get this email as an owner or admin of ${tenantName}. Choose which alerts are emailed to you in Settings: ${appLink("/settings")}#alert-emails`],
  });
  return { tenantId: input.tenantId, to: recipient.email, subject: `[${tenantName}] ${input.title}`, text, html, dedupeKey: `alert:${input.alertId}:${recipient.userId}` };
}

export async function queueAlertMails(tx: Tx, input: AlertMailInput): Promise<number> {
  const recipients = await alertMailRecipients(tx, input.tenantId, input.kind);
  if (recipients.length === 0) return 0;
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: input.tenantId }, select: { name: true } });
  for (const recipient of recipients) await queueMail(tx, composeAlertMail(input, recipient, tenant.name));
  return recipients.length;
}
