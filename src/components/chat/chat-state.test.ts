import { describe, expect, it } from "vitest";
import type { ChatMessage } from "./chat-api";
import { agentState, agentStatusLine, currentQuickReplies, eventNote, senderLabel, mergeMessages, newClientMessageId, parseQuickReplies, unlistedOutgoing, type Outgoing } from "./chat-state";

let n = 0;
function message(patch: Partial<ChatMessage>): ChatMessage {
  n += 1;
  return {
    id: `msg_${n}`,
    conversationId: "conv_1",
    sender: "BOT",
    kind: "MESSAGE",
    text: `text ${n}`,
    messageType: "text",
    postbackPayload: null,
    customParams: {},
    channelMessageId: null,
    createdAt: new Date(2026, 0, 1, 12, 0, n).toISOString(),
    ...patch,
  };
}

describe("web chat state", () => {
  it("merges polled batches without duplicates, in arrival order", () => {
    const a = message({});
    const b = message({});
    const c = message({});
    const once = mergeMessages([a], [b]);
    expect(mergeMessages(once, [b, c, c]).map((m) => m.id)).toEqual([a.id, b.id, c.id]);
    expect(mergeMessages(once, [])).toBe(once);
  });

  it("keeps the visitor's own messages on screen until the list shows them", () => {
    const listed = message({ sender: "CUSTOMER" });
    const outgoing: Outgoing[] = [
      { clientId: "web_1", text: "listed", status: "sent", serverId: listed.id },
      { clientId: "web_2", text: "accepted, not polled yet", status: "sent", serverId: "msg_later" },
      { clientId: "web_3", text: "offline", status: "failed", retryable: true },
    ];
    expect(unlistedOutgoing(outgoing, [listed]).map((o) => o.clientId)).toEqual(["web_2", "web_3"]);
    // Sent, but the answer was lost in a network drop: recognised by its client message ID.
    const arrivedAnyway = message({ sender: "CUSTOMER", channelMessageId: "web_3" });
    expect(unlistedOutgoing(outgoing, [listed, arrivedAnyway]).map((o) => o.clientId)).toEqual(["web_2"]);
  });

  it("waits for an agent from the handover until one joins (or answers), then has them until a close", () => {
    const hello = message({ sender: "CUSTOMER" });
    const handover = message({ kind: "HANDOVER", text: "Connecting you to an agent." });
    const joined = message({ kind: "AGENT_JOINED", sender: "AGENT", text: null, senderName: "Dana Agent" });
    const agentSays = message({ sender: "AGENT", senderName: "Dana Agent" });
    const agentCloses = message({ kind: "CLOSE", sender: "AGENT", text: null });
    expect(agentState([hello])).toEqual({ phase: "bot", agentName: null, withAgent: false });
    expect(agentState([hello, handover])).toEqual({ phase: "waiting", agentName: null, withAgent: true });
    expect(agentStatusLine(agentState([hello, handover]))).toBe("Waiting for an agent…");
    expect(agentState([hello, handover, joined])).toEqual({ phase: "agent", agentName: "Dana Agent", withAgent: true });
    expect(agentStatusLine(agentState([hello, handover, joined, agentSays]))).toBe("Chatting with Dana Agent");
    expect(agentState([hello, handover, joined, agentSays, agentCloses]).phase).toBe("bot");
    // CCSP-only rules, or a CCSP without the desk: no join row, the agent simply answers.
    expect(agentState([hello, message({ sender: "AGENT" })])).toEqual({ phase: "agent", agentName: null, withAgent: true });
    expect(senderLabel(agentSays)).toBe("Dana Agent");
    expect(senderLabel(message({ sender: "AGENT" }))).toBe("Agent");
  });

  it("shows the quick replies of the latest bot message only while nothing came after it", () => {
    const withButtons = message({ customParams: { quickReplies: "Talk to an agent| Bye |Bye||" } });
    expect(currentQuickReplies([withButtons], [])).toEqual(["Talk to an agent", "Bye"]);
    expect(currentQuickReplies([withButtons, message({ sender: "CUSTOMER" })], [])).toEqual([]);
    expect(currentQuickReplies([withButtons], [{ clientId: "web_1", text: "hi", status: "sending" }])).toEqual([]);
    expect(currentQuickReplies([withButtons, message({ kind: "HANDOVER" })], [])).toEqual([]);
    expect(parseQuickReplies(42)).toEqual([]);
    expect(parseQuickReplies(Array.from({ length: 20 }, (_, i) => `b${i}`).join("|"))).toHaveLength(10);
  });

  it("words handover and close notes by who closed", () => {
    expect(eventNote(message({ kind: "HANDOVER", text: "One moment, a person will take over." }))).toBe("One moment, a person will take over.");
    expect(eventNote(message({ kind: "AGENT_JOINED", sender: "AGENT", senderName: "Dana Agent" }))).toBe("Dana Agent joined");
    expect(eventNote(message({ kind: "CLOSE", sender: "AGENT" }))).toMatch(/agent closed the conversation/);
    expect(eventNote(message({ kind: "CLOSE", sender: "BOT" }))).toMatch(/conversation was closed/);
    expect(eventNote(message({}))).toBeNull();
  });

  it("makes client message IDs the channel API accepts, different each time", () => {
    const ids = new Set(Array.from({ length: 100 }, () => newClientMessageId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^web_[0-9a-f]{32}$/);
  });
});
