/**
 * What one app process tells every other (Postgres NOTIFY on LIVE_CHANNEL) so that open streams
 * learn what changed. Payloads carry IDs only: a stream reads what it shows from the database,
 * scoped to its viewer, so a notification can never leak a row to the wrong viewer.
 */
import { z } from "zod";

export const LIVE_CHANNEL = "switchboard_live";

/** Postgres refuses NOTIFY payloads of 8000 bytes or more; lists longer than this say "many" (null). */
export const MAX_LISTED_CONVERSATIONS = 50;

const id = z.string().min(1).max(200);
const sender = z.enum(["CUSTOMER", "BOT", "AGENT"]);

const schema = z.discriminatedUnion("type", [
  /** A message the hosted chat lists was written (customer, bot, agent, handover, close). */
  z.object({
    type: z.literal("message"),
    tenantId: id,
    channelAssetId: id,
    channelUserId: id,
    conversationIds: z.array(id).max(MAX_LISTED_CONVERSATIONS),
    messageId: id,
  }),
  /** Something support staff see changed: a conversation's state, its deliveries, a receipt; "alert": a notification or an integration's status (conversationIds []). Null: many. */
  z.object({
    type: z.literal("change"),
    tenantId: id,
    what: z.enum(["conversation", "delivery", "receipt", "alert"]),
    conversationIds: z.array(id).max(MAX_LISTED_CONVERSATIONS).nullable(),
  }),
  /** Someone is typing (or stopped): the bot, an agent, or the customer. */
  z.object({
    type: z.literal("typing"),
    tenantId: id,
    channelAssetId: id,
    channelUserId: id,
    conversationId: id.nullable(),
    from: sender,
    typing: z.boolean(),
  }),
  /** A channel asset was deleted: its visitors' streams end. */
  z.object({ type: z.literal("channel-deleted"), tenantId: id, channelAssetId: id }),
  /** Every visitor of a web chat was signed out: their streams end and their tokens are void. */
  z.object({ type: z.literal("visitors-signed-out"), tenantId: id, channelAssetId: id }),
  /** A member's role changed or they were removed: their streams end and must sign in again. */
  z.object({ type: z.literal("access-changed"), tenantId: id, userId: id }),
]);

export type LiveEvent = z.infer<typeof schema>;
export type LiveSender = z.infer<typeof sender>;

export function encodeLiveEvent(event: LiveEvent): string {
  return JSON.stringify(event);
}

/** The event a notification carries, or null for anything malformed (never thrown: it comes off the wire). */
export function decodeLiveEvent(payload: string | undefined): LiveEvent | null {
  if (!payload) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** At most MAX_LISTED_CONVERSATIONS distinct IDs, or null ("many"). */
export function listedConversations(ids: Iterable<string | null | undefined>): string[] | null {
  const unique = [...new Set([...ids].filter((value): value is string => Boolean(value)))];
  return unique.length > MAX_LISTED_CONVERSATIONS ? null : unique;
}
