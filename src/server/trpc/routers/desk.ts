import { acceptConversation, closeConversation, replyToConversation } from "@/server/desk/actions";
import { getDeskConversation, listDeskQueue } from "@/server/desk/queue";
import { deskConversationIdSchema, deskReplySchema, deskTypingSchema } from "@/server/desk/schemas";
import { announceAgentTyping } from "@/server/desk/typing";
import { afterResponse } from "@/server/http/after-response";
import { createTRPCRouter, tenantProcedure } from "../init";

/** The built-in agent desk: AGENT and up. */
export const deskRouter = createTRPCRouter({
  queue: tenantProcedure("AGENT").query(({ ctx }) => listDeskQueue(ctx.db, ctx.actor)),

  get: tenantProcedure("AGENT")
    .input(deskConversationIdSchema)
    .query(({ ctx, input }) => getDeskConversation(ctx.db, ctx.actor, input.conversationId)),

  accept: tenantProcedure("AGENT")
    .input(deskConversationIdSchema)
    .mutation(({ ctx, input }) => acceptConversation(ctx.db, ctx.actor, input.conversationId)),

  reply: tenantProcedure("AGENT")
    .input(deskReplySchema)
    .mutation(async ({ ctx, input }) => {
      const outcome = await replyToConversation(ctx.db, ctx.actor, input.conversationId, input.message, afterResponse);
      return { conversationId: outcome.conversationId, messageId: outcome.messageId };
    }),

  /** The agent is typing (or stopped): shown in the customer's chat for a few seconds. */
  typing: tenantProcedure("AGENT")
    .input(deskTypingSchema)
    .mutation(async ({ ctx, input }) => {
      await announceAgentTyping(ctx.db, ctx.actor, input.conversationId, input.typing);
      return { ok: true };
    }),

  close: tenantProcedure("AGENT")
    .input(deskConversationIdSchema)
    .mutation(async ({ ctx, input }) => {
      const outcome = await closeConversation(ctx.db, ctx.actor, input.conversationId, afterResponse);
      return { conversationId: outcome.conversationId };
    }),
});
