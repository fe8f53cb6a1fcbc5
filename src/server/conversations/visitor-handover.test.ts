/**
 * What a web chat visitor reads of a handover (GET /messages, the same rows the live stream
 * sends): the rule's customer text, never the bot's reason or custom parameters; an
 * AGENT_JOINED row with the agent's display name once an agent accepts; the agent's replies
 * carrying that name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { callerFor, createMember } from "@/test/factories";
import { startReceiver, type Receiver } from "@/test/receiver";
import { DEFAULT_HANDOVER_TEXT } from "./handover-text";

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(() => bot.close());

type Row = { kind: string; sender: string; text: string | null; customParams: unknown; senderName: string | null };

async function handOver(handoverText: string | null) {
  const scene = await createChatScene({ action: "BOT_CCSP", channel: "WEB_CHAT", botUrl: bot.url, ccspPlatform: "BUILT_IN" });
  bot.reply({ status: 200, body: scene.bot.token });
  await db().rule.updateMany({ where: { serviceId: scene.service.id }, data: { handoverText } });
  const visitor = await api.visitor(scene.asset.id);
  const { visitorId, token } = visitor.body as { visitorId: string; token: string };
  const hello = await api.channelMessage(scene.asset.id, { token, body: { userId: visitorId, message: "agent please" } });
  const handover = await api.integrationEvent(scene.bot.id, {
    token: scene.bot.inboundSecret,
    body: { eventid: "1002", conversation_id: hello.body.conversationId, reason: "VIP customer, angry", crmTicket: "T-991" },
  });
  expect(handover.status).toBe(202);
  const rows = async () => (await api.visitorMessages(scene.asset.id, token)).body.messages as Row[];
  return { scene, token, rows, ccspConversationId: handover.body.ccspConversationId as string };
}

describe("a handover as the visitor reads it", () => {
  it("shows the rule's text and never the bot's reason; then who joined, and their name on replies", async () => {
    const { scene, rows, ccspConversationId } = await handOver("A teammate will be right with you.");
    const before = await rows();
    const handover = before.find((r) => r.kind === "HANDOVER")!;
    expect(handover).toMatchObject({ text: "A teammate will be right with you.", customParams: null });
    expect(JSON.stringify(before)).not.toContain("VIP customer");
    expect(JSON.stringify(before)).not.toContain("T-991");
    expect(before.some((r) => r.kind === "AGENT_JOINED")).toBe(false);
    // The team still sees the reason.
    expect((await db().conversation.findUniqueOrThrow({ where: { id: ccspConversationId } })).handoverReason).toBe("VIP customer, angry");

    const agent = await createMember(scene.tenantId, "AGENT");
    await db().user.update({ where: { id: agent.userId }, data: { name: "Dana Desk" } });
    const { caller } = await callerFor(agent.userId, scene.tenantId);
    await caller.desk.accept({ conversationId: ccspConversationId });
    await caller.desk.accept({ conversationId: ccspConversationId }); // a double click joins once
    await caller.desk.reply({ conversationId: ccspConversationId, message: "Hi, Dana here." });

    const after = await rows();
    expect(after.filter((r) => r.kind === "AGENT_JOINED")).toEqual([expect.objectContaining({ sender: "AGENT", senderName: "Dana Desk", customParams: null })]);
    expect(after.find((r) => r.kind === "MESSAGE" && r.sender === "AGENT")).toMatchObject({ text: "Hi, Dana here.", senderName: "Dana Desk" });
    expect(after.find((r) => r.sender === "CUSTOMER")?.senderName).toBeNull();
  });

  it("falls back to the friendly default when the rule has no text", async () => {
    const { rows } = await handOver(null);
    expect((await rows()).find((r) => r.kind === "HANDOVER")?.text).toBe(DEFAULT_HANDOVER_TEXT);
  });
});
