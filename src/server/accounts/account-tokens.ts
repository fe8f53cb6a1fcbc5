/**
 * Single-use links for a user's account (password reset, confirming a new email): 256 random
 * bits in the mailed link, only their SHA-256 in the database. Issuing one replaces the user's
 * earlier unused ones of that kind, so only the newest link works.
 */
import { randomBytes } from "node:crypto";
import type { AccountTokenKind } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/tx";
import { badRequest } from "@/server/errors";
import { hashSecret } from "@/server/security/tokens";

export async function issueAccountToken(
  tx: Tx,
  args: { userId: string; kind: AccountTokenKind; ttlMs: number; newEmail?: string },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  await tx.accountToken.deleteMany({ where: { userId: args.userId, kind: args.kind, usedAt: null } });
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + args.ttlMs);
  const row = await tx.accountToken.create({
    data: { userId: args.userId, kind: args.kind, tokenHash: hashSecret(token), newEmail: args.newEmail ?? null, expiresAt },
  });
  return { id: row.id, token, expiresAt };
}

/**
 * Uses a link for good inside the caller's transaction: the row is locked and marked used, so two
 * clicks at once cannot both pass. Throws a clear error for a used, replaced or expired link.
 */
export async function takeAccountToken(tx: Tx, token: string, kind: AccountTokenKind, what: { invalid: string; expired: string }) {
  const rows = await tx.$queryRaw<{ id: string; userId: string; newEmail: string | null; expiresAt: Date }[]>`
    SELECT "id", "userId", "newEmail", "expiresAt" FROM "AccountToken"
    WHERE "tokenHash" = ${hashSecret(token)} AND "kind"::text = ${kind} AND "usedAt" IS NULL
    FOR UPDATE`;
  const row = rows[0];
  if (!row) throw badRequest(what.invalid, "token");
  if (row.expiresAt.getTime() <= Date.now()) throw badRequest(what.expired, "token");
  await tx.accountToken.update({ where: { id: row.id }, data: { usedAt: new Date() } });
  return row;
}

/** Whether a link is still good, for the page that shows its form (nothing is used). */
export async function accountTokenStatus(tx: Pick<Tx, "accountToken">, token: string, kind: AccountTokenKind): Promise<"valid" | "invalid" | "expired"> {
  const row = await tx.accountToken.findUnique({ where: { tokenHash: hashSecret(token) } });
  if (!row || row.kind !== kind || row.usedAt) return "invalid";
  return row.expiresAt.getTime() <= Date.now() ? "expired" : "valid";
}
