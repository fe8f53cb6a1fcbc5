import { describe, expect, it } from "vitest";
import {
  agentMessagePayload,
  incomingMessagePayload,
  messageDeliveryPayload,
  postbackPayload,
  verificationPayload,
} from "./outbound-payloads";

const at = new Date(Date.UTC(2026, 10, 5, 3, 4, 5, 6));
const ref = { conversationId: "conv_1", conversationType: "BOT" as const, channel: "WEBCHAT", at };

describe("outbound payloads", () => {
  it("Incoming message has exactly the fields of docs/protocol.md", () => {
    expect(incomingMessagePayload(ref, { id: "msg_1", text: "hello", type: "text" })).toStrictEqual({
      Conversationid: "conv_1",
      ConversationType: "BOT",
      Message: "hello",
      MessageType: "text",
      Messageid: "msg_1",
      Channel: "WEBCHAT",
      Event: "Incoming message",
      Timestamp: "2026-11-05 03:04:05.006",
    });
  });

  it("Postback is FB POSTBACK on Messenger and POSTBACK elsewhere", () => {
    expect(postbackPayload({ ...ref, channel: "FB" }, "BUY")).toStrictEqual({
      Conversationid: "conv_1",
      ConversationType: "BOT",
      PostbackPayload: "BUY",
      Channel: "FB",
      Event: "FB POSTBACK",
      Timestamp: "2026-11-05 03:04:05.006",
    });
    expect(postbackPayload(ref, "BUY").Event).toBe("POSTBACK");
  });

  it("Message Delivery carries Description only on failure", () => {
    expect(messageDeliveryPayload(ref, { messageId: "m", status: "Read" })).not.toHaveProperty("Description");
    expect(messageDeliveryPayload(ref, { messageId: "m", status: "Failed", description: "blocked" })).toMatchObject({
      Event: "Message Delivery",
      DeliveryStatus: "Failed",
      Description: "blocked",
      Messageid: "m",
    });
  });

  it("agent copies carry ConversationType CCSP when the CCSP holds the flag", () => {
    const payload = agentMessagePayload({ ...ref, conversationType: "CCSP" }, { id: "m2", text: "Agent here", type: "text" });
    expect(payload).toMatchObject({ ConversationType: "CCSP", Event: "Agent message", Message: "Agent here" });
  });

  it("Verification carries a challenge", () => {
    expect(verificationPayload("abc", at)).toStrictEqual({ Event: "Verification", Challenge: "abc", Timestamp: "2026-11-05 03:04:05.006" });
  });
});
