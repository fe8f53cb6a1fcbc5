/**
 * Prisma's JSON input loses an object's own "__proto__" key (it copies objects by assignment, and
 * assigning "__proto__" sets a prototype instead). A request body parsed with JSON.parse can
 * carry one, in a bot's custom parameters for example: nothing is polluted, but the parameter
 * would be dropped without a word. So rows written through Prisma whose JSON holds such a key get
 * that column written again, as JSON text, in the same transaction. The one-statement hot paths
 * write JSON text already.
 */
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "./tx";

/** The JSON columns written from what a caller sent. */
export type JsonColumn = { table: "Message"; column: "customParams" } | { table: "Delivery"; column: "payload" };
export const MESSAGE_PARAMS: JsonColumn = { table: "Message", column: "customParams" };
export const DELIVERY_PAYLOAD: JsonColumn = { table: "Delivery", column: "payload" };

export function holdsOwnProtoKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsOwnProtoKey);
  if (value === null || typeof value !== "object") return false;
  return Object.hasOwn(value, "__proto__") || Object.values(value).some(holdsOwnProtoKey);
}

export async function keepOwnProtoKeys(tx: Tx, where: JsonColumn, rows: ReadonlyArray<{ id: string; value: unknown }>): Promise<void> {
  for (const row of rows) {
    if (!holdsOwnProtoKey(row.value)) continue;
    await tx.$executeRaw`UPDATE ${Prisma.raw(`"${where.table}"`)} SET ${Prisma.raw(`"${where.column}"`)} = ${JSON.stringify(row.value)}::jsonb WHERE "id" = ${row.id}`;
  }
}
