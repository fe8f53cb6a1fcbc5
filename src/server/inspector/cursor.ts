/**
 * Opaque keyset cursors over (a time, id) in either direction: a page is one index range scan
 * from where the last one stopped, however long the history (no OFFSET).
 */
import { badRequest } from "@/server/errors";

export interface CursorKey {
  at: Date;
  id: string;
}

export type Direction = "desc" | "asc";

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(`${key.at.toISOString()}|${key.id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): CursorKey {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const time = new Date(at ?? "");
  if (!id || Number.isNaN(time.getTime())) throw badRequest("This page link is not valid any more: start from the first page", "cursor");
  return { at: time, id };
}

/** The Prisma condition "strictly after the cursor" on `field`, id breaking ties, in `direction`. */
export function afterCursor<F extends string>(cursor: string | null | undefined, field: F, direction: Direction = "desc") {
  if (!cursor) return {};
  const key = decodeCursor(cursor);
  const beyond = direction === "desc" ? "lt" : "gt";
  return {
    OR: [{ [field]: { [beyond]: key.at } }, { [field]: key.at, id: { [beyond]: key.id } }],
  } as { OR: ({ [K in F]: { lt?: Date; gt?: Date } } | ({ [K in F]: Date } & { id: { lt?: string; gt?: string } }))[] };
}

/** The Prisma order matching afterCursor. */
export function orderOf<F extends string>(field: F, direction: Direction = "desc") {
  return [{ [field]: direction }, { id: direction }] as [{ [K in F]: Direction }, { id: Direction }];
}

/** One page from `limit + 1` rows: the extra row only says there is a next page. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, timeOf: (row: T) => Date): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor({ at: timeOf(last), id: last.id }) : null };
}
