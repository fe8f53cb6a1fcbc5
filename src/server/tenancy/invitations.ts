/**
 * Invitations (docs/mail.md): an OWNER or ADMIN invites an email with a role; the invitee gets a
 * link (single use, 7 days) that signs them up or in and joins them to that organization only.
 * The token is only in the mail; the row keeps its SHA-256. Every query is scoped to the
 * actor's organization, and nothing here tells whether an email has an account elsewhere.
 */
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/server/accounts/password";
import type { Db } from "@/server/db/client";
import type { Tx } from "@/server/db/tx";
import { badRequest, conflict, forbidden, notFound } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { announce } from "@/server/live/publish";
import { appLink, composeMail, queueMail } from "@/server/mail";
import { hashSecret } from "@/server/security/tokens";

import type { Actor } from "@/server/tenancy/actor";
import { ROLE_LABELS, type Role } from "./roles";

export const INVITATION_DAYS = 7;
export const ACCEPT_PATH = "/invitations/accept";

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  sentAt: Date;
  expiresAt: Date;
  expired: boolean;
  invitedBy: string | null;
}

/** What the caller gets back: the view, and the mail it queued (for the hand-off after commit). */
export interface Invited {
  invitation: InvitationView;
  mailKey: string;
}

function assertMayGrant(actor: Actor, role: Role) {
  if (role === "OWNER" && actor.role !== "OWNER") throw forbidden("Only an owner can invite someone as an owner");
  if (actor.role !== "OWNER" && actor.role !== "ADMIN") throw forbidden("Only owners and admins can invite members");
}

const newToken = () => randomBytes(32).toString("base64url");

function view(row: {
  id: string;
  email: string;
  role: Role;
  sentAt: Date;
  expiresAt: Date;
  invitedBy?: { name: string } | null;
}): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    sentAt: row.sentAt,
    expiresAt: row.expiresAt,
    expired: row.expiresAt.getTime() <= Date.now(),
    invitedBy: row.invitedBy?.name ?? null,
  };
}

/**
 * Invites an email, or invites it again (a new link; the old one stops working). Someone already
 * in the organization is refused (the members list shows them anyway); whether the email has an
 * account anywhere is never told.
 */
export async function inviteMember(db: Db, actor: Actor, input: { email: string; role: Role }): Promise<Invited> {
  assertMayGrant(actor, input.role);
  const member = await db.membership.findFirst({ where: { tenantId: actor.tenantId, user: { email: input.email } }, select: { id: true } });
  if (member) throw conflict("This person is already a member of the organization", "email");
  try {
    return await db.$transaction((tx) => issue(tx, actor, input));
  } catch (error) {
    // Two invitations of one email at once: the second finds the first's row and renews it.
    if (!isUniqueViolation(error)) throw error;
    return db.$transaction((tx) => issue(tx, actor, input));
  }
}

async function issue(tx: Tx, actor: Actor, input: { email: string; role: Role }): Promise<Invited> {
  const token = newToken();
  const tokenHash = hashSecret(token);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  const fields = { role: input.role, tokenHash, invitedById: actor.userId, sentAt: now, expiresAt, acceptedAt: null, revokedAt: null };
  const row = await tx.invitation.upsert({
    where: { tenantId_email: { tenantId: actor.tenantId, email: input.email } },
    create: { tenantId: actor.tenantId, email: input.email, ...fields },
    update: fields,
    include: { invitedBy: { select: { name: true } }, tenant: { select: { name: true } } },
  });
  const mailKey = await queueInvitationMail(tx, { ...row, tenantName: row.tenant.name, inviterName: row.invitedBy?.name ?? null }, token);
  return { invitation: view(row), mailKey };
}

async function queueInvitationMail(
  tx: Tx,
  invitation: { id: string; tenantId: string; email: string; role: Role; tokenHash: string; tenantName: string; inviterName: string | null },
  token: string,
): Promise<string> {
  const link = appLink(ACCEPT_PATH, { token });
  const who = invitation.inviterName ? `${invitation.inviterName} invited you` : "You are invited";
  const { text, html } = composeMail({
    heading: `Join ${invitation.tenantName} on Switchboard`,
    paragraphs: [`${who} to join ${invitation.tenantName} on Switchboard as ${ROLE_LABELS[invitation.role]}.`],
    action: { label: "Accept the invitation", url: link },
    footer: [
      `The link works once and expires in ${INVITATION_DAYS} days.`,
      "If you did not expect this invitation, ignore this mail: nothing happens unless you open the link.",
    ],
  });
  // One mail per issued link: the token's hash names the event.
  const dedupeKey = `invitation:${invitation.id}:${invitation.tokenHash.slice(0, 16)}`;
  await queueMail(tx, { tenantId: invitation.tenantId, to: invitation.email, subject: `Join ${invitation.tenantName} on Switchboard`, text, html, dedupeKey });
  return dedupeKey;
}

const PENDING = { acceptedAt: null, revokedAt: null } as const;

/** Pending invitations of the actor's organization (expired ones too: they can be resent). */
export async function listInvitations(db: Db, actor: Actor): Promise<InvitationView[]> {
  if (actor.role !== "OWNER" && actor.role !== "ADMIN") throw forbidden("Only owners and admins can see invitations");
  const rows = await db.invitation.findMany({
    where: { tenantId: actor.tenantId, ...PENDING },
    include: { invitedBy: { select: { name: true } } },
    orderBy: { sentAt: "desc" },
  });
  return rows.map(view);
}

/** A new link for a pending invitation of the actor's organization (the old one stops working). */
export async function resendInvitation(db: Db, actor: Actor, invitationId: string): Promise<Invited> {
  const row = await db.invitation.findFirst({ where: { id: invitationId, tenantId: actor.tenantId, ...PENDING } });
  if (!row) throw notFound("Invitation");
  assertMayGrant(actor, row.role);
  return db.$transaction((tx) => issue(tx, actor, { email: row.email, role: row.role }));
}

export async function revokeInvitation(db: Db, actor: Actor, invitationId: string): Promise<void> {
  if (actor.role !== "OWNER" && actor.role !== "ADMIN") throw forbidden("Only owners and admins can revoke invitations");
  const { count } = await db.invitation.updateMany({
    where: { id: invitationId, tenantId: actor.tenantId, ...PENDING },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("Invitation");
}

export type InvitationLookup =
  | { status: "valid"; email: string; role: Role; tenantName: string; inviterName: string | null; hasAccount: boolean }
  | { status: "invalid" | "expired" };

/**
 * What the accept page shows for a link. Whether the invited email has an account is told only to
 * whoever holds the link, which was mailed to that address.
 */
export async function lookupInvitation(db: Db, token: string): Promise<InvitationLookup> {
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { tenant: { select: { name: true } }, invitedBy: { select: { name: true } } },
  });
  if (!row || row.acceptedAt || row.revokedAt) return { status: "invalid" };
  if (row.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  const account = await db.user.findUnique({ where: { email: row.email }, select: { id: true } });
  return { status: "valid", email: row.email, role: row.role, tenantName: row.tenant.name, inviterName: row.invitedBy?.name ?? null, hasAccount: Boolean(account) };
}

const INVALID = "This invitation link is not valid any more: it was used, revoked or replaced by a newer one. Ask for a new invitation.";
const EXPIRED = "This invitation has expired. Ask the person who invited you to send it again.";

/** Takes the invitation for good, in the caller's transaction: the row is locked, so a link works once. */
async function takeInvitation(tx: Tx, token: string) {
  const rows = await tx.$queryRaw<{ id: string; tenantId: string; email: string; role: Role; expiresAt: Date }[]>`
    SELECT "id", "tenantId", "email", "role"::text AS "role", "expiresAt" FROM "Invitation"
    WHERE "tokenHash" = ${hashSecret(token)} AND "acceptedAt" IS NULL AND "revokedAt" IS NULL
    FOR UPDATE`;
  const row = rows[0];
  if (!row) throw badRequest(INVALID, "token");
  if (row.expiresAt.getTime() <= Date.now()) throw badRequest(EXPIRED, "token");
  await tx.invitation.update({ where: { id: row.id }, data: { acceptedAt: new Date() } });
  return row;
}

async function join(tx: Tx, invitation: { tenantId: string; role: Role }, userId: string) {
  await tx.membership.create({ data: { userId, tenantId: invitation.tenantId, role: invitation.role } });
  await tx.user.update({ where: { id: userId }, data: { lastTenantId: invitation.tenantId } });
  await announce(tx, { type: "access-changed", tenantId: invitation.tenantId, userId });
}

/** A signed-in user accepts: the invitation must be for their email. Joins that organization only. */
export async function acceptInvitation(db: Db, user: { id: string; email: string }, token: string): Promise<{ tenantId: string }> {
  return db.$transaction(async (tx) => {
    const invitation = await takeInvitation(tx, token);
    if (invitation.email !== user.email) {
      throw forbidden(`This invitation is for ${invitation.email}. Sign out and open the link again to accept it with that account.`);
    }
    const existing = await tx.membership.findUnique({ where: { userId_tenantId: { userId: user.id, tenantId: invitation.tenantId } } });
    if (existing) {
      await tx.user.update({ where: { id: user.id }, data: { lastTenantId: invitation.tenantId } });
      return { tenantId: invitation.tenantId };
    }
    await join(tx, invitation, user.id);
    return { tenantId: invitation.tenantId };
  });
}

/**
 * Someone without an account accepts: the account is created for the invited email and joins
 * the inviting organization, and no organization of their own is created.
 */
export async function acceptInvitationWithSignUp(
  db: Db,
  input: { token: string; name: string; password: string },
): Promise<{ tenantId: string; email: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const invitation = await takeInvitation(tx, input.token);
      const user = await tx.user.create({ data: { email: invitation.email, name: input.name, passwordHash } });
      await join(tx, invitation, user.id);
      return { tenantId: invitation.tenantId, email: invitation.email };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An account with this email already exists: sign in to accept the invitation", "token");
    throw error;
  }
}
