/** What an HTTP channel's callback URL receives: a bot's or an agent's message for the customer. */
export function customerMessagePayload(message: {
  id: string;
  conversationId: string;
  channelUserId: string;
  sender: "BOT" | "AGENT";
  text: string;
  messageType: string;
  customParams: Record<string, unknown>;
  at: Date;
}) {
  return {
    event: "message",
    conversationId: message.conversationId,
    messageId: message.id,
    userId: message.channelUserId,
    sender: message.sender,
    message: message.text,
    messageType: message.messageType,
    customParams: message.customParams,
    timestamp: message.at.toISOString(),
  };
}
