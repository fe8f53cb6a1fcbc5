import { listConversations, listUnrouted } from "@/server/inspector/list";
import { conversationIdSchema, listConversationsSchema, listUnroutedSchema, searchMessagesSchema } from "@/server/inspector/schemas";
import { searchMessages } from "@/server/inspector/search";
import { getConversationTimeline } from "@/server/inspector/timeline";
import { createTRPCRouter, tenantProcedure } from "../init";

/** The conversation inspector: support staff of every role read conversations and their deliveries. */
export const conversationRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER")
    .input(listConversationsSchema)
    .query(({ ctx, input }) => listConversations(ctx.db, ctx.actor, input)),

  /** Customer messages no rule matched, kept without a conversation. */
  unrouted: tenantProcedure("VIEWER")
    .input(listUnroutedSchema)
    .query(({ ctx, input }) => listUnrouted(ctx.db, ctx.actor, input)),

  /** Messages by their text, with the list's filters. */
  search: tenantProcedure("VIEWER")
    .input(searchMessagesSchema)
    .query(({ ctx, input }) => searchMessages(ctx.db, ctx.actor, input)),

  get: tenantProcedure("VIEWER")
    .input(conversationIdSchema)
    .query(({ ctx, input }) => getConversationTimeline(ctx.db, ctx.actor, input.id)),
});
