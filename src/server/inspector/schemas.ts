/** Inputs of the conversation inspector, shared by its screens and the tRPC routers: no server imports here. */
import { z } from "zod";

export const PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** "" from an empty field or an unset select means "any". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => (value ? value : undefined));

const pageFields = {
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(PAGE_SIZE),
};

/** Activity in [from, to]: a conversation that was active at any moment of the range. */
const rangeFields = {
  from: z.date().nullish(),
  to: z.date().nullish(),
};

export const conversationFiltersSchema = z.object({
  /** A conversation ID (or its start); a message ID (msg_…) or a delivery ID (dlv_…) finds its conversation. */
  id: optionalText(100),
  /** Part of the customer's identifier on the channel, any case. */
  channelUserId: optionalText(200),
  channelAssetId: optionalText(100),
  serviceId: optionalText(100),
  integrationId: optionalText(100),
  status: z.enum(["OPEN", "CLOSED"]).nullish(),
  kind: z.enum(["BOT", "CCSP"]).nullish(),
  /** Conversations with at least one delivery in this state (the System page links here). */
  deliveryState: z.enum(["PENDING", "HELD", "FAILED"]).nullish(),
  ...rangeFields,
});
export type ConversationFilters = z.output<typeof conversationFiltersSchema>;

/** Most recently active first (what support staff look for), or the oldest activity first. */
export const CONVERSATION_SORTS = ["recent", "oldest"] as const;
export type ConversationSort = (typeof CONVERSATION_SORTS)[number];

export const listConversationsSchema = conversationFiltersSchema.extend({ ...pageFields, sort: z.enum(CONVERSATION_SORTS).default("recent") });
export type ListConversationsInput = z.output<typeof listConversationsSchema>;
/** What a page sends for a list (before defaults). */
export type ListConversationsQuery = z.input<typeof listConversationsSchema>;

export const listUnroutedSchema = z.object({
  channelUserId: optionalText(200),
  channelAssetId: optionalText(100),
  ...rangeFields,
  ...pageFields,
});
export type ListUnroutedInput = z.output<typeof listUnroutedSchema>;

/** Search by message text (customer, bot and agent messages) with the conversation filters. */
export const searchMessagesSchema = z.object({
  query: z.string().trim().min(1, "Type a word to search for").max(200),
  channelAssetId: optionalText(100),
  integrationId: optionalText(100),
  status: z.enum(["OPEN", "CLOSED"]).nullish(),
  kind: z.enum(["BOT", "CCSP"]).nullish(),
  ...rangeFields,
});
export type SearchMessagesInput = z.output<typeof searchMessagesSchema>;

export const conversationIdSchema = z.object({ id: z.string().trim().min(1).max(100) });
export const deliveryIdSchema = z.object({ id: z.string().trim().min(1).max(100) });
export const integrationHealthSchema = z.object({ integrationId: z.string().trim().min(1).max(100) });
export const attemptChartSchema = integrationHealthSchema.extend({ range: z.enum(["24h", "7d"]).default("24h") });
/** The integrations list asks for the sparklines of the rows it shows. */
export const sparklinesSchema = z.object({ integrationIds: z.array(z.string().trim().min(1).max(100)).max(200) });
