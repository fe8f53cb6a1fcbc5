import { describe, expect, it } from "vitest";
import { parseInboundEvent } from "./inbound-events";

describe("parseInboundEvent", () => {
  it("reads a 1001 message with its type and custom parameters", () => {
    const result = parseInboundEvent({
      eventid: "1001",
      conversation_id: "c1",
      message: "Hi there",
      Messagetype: "text",
      Timestamp: "2026-11-25 10:00:00.000",
      quickReplies: "yes|no",
      priority: 2,
    });
    expect(result).toEqual({
      ok: true,
      event: {
        kind: "MESSAGE",
        conversationId: "c1",
        message: "Hi there",
        messageType: "text",
        timestamp: "2026-11-25 10:00:00.000",
        customParams: { quickReplies: "yes|no", priority: 2 },
      },
    });
  });

  it("accepts the names in place of the codes, and numeric codes", () => {
    expect(parseInboundEvent({ eventid: "message", conversation_id: "c", message: "m" })).toMatchObject({ ok: true, event: { kind: "MESSAGE", messageType: "text" } });
    expect(parseInboundEvent({ eventid: "handover", conversation_id: "c", reason: "asked" })).toMatchObject({ ok: true, event: { kind: "HANDOVER", customParams: { reason: "asked" } } });
    expect(parseInboundEvent({ eventid: 1003, conversation_id: "c" })).toMatchObject({ ok: true, event: { kind: "CLOSE" } });
    expect(parseInboundEvent({ eventid: "1002", conversation_id: "c" })).toMatchObject({ ok: true, event: { kind: "HANDOVER" } });
  });

  it("reads typing (1004 or typing): on unless it says off", () => {
    expect(parseInboundEvent({ eventid: "1004", conversation_id: "c" })).toEqual({ ok: true, event: { kind: "TYPING", conversationId: "c", typing: true } });
    expect(parseInboundEvent({ eventid: "typing", conversation_id: "c", typing: "off" })).toEqual({ ok: true, event: { kind: "TYPING", conversationId: "c", typing: false } });
    expect(parseInboundEvent({ eventid: 1004, conversation_id: "c", typing: false })).toMatchObject({ ok: true, event: { typing: false } });
    expect(parseInboundEvent({ eventid: "1004", conversation_id: "c", typing: "on" })).toMatchObject({ ok: true, event: { typing: true } });
  });

  it.each([
    [[], "body"],
    [null, "body"],
    [{ conversation_id: "c" }, "eventid"],
    [{ eventid: "1005", conversation_id: "c" }, "eventid"],
    [{ eventid: "1004", conversation_id: "c", typing: "maybe" }, "typing"],
    [{ eventid: "typing", typing: "on" }, "conversation_id"],
    [{ eventid: "1001", message: "m" }, "conversation_id"],
    [{ eventid: "1001", conversation_id: 42, message: "m" }, "conversation_id"],
    [{ eventid: "1001", conversation_id: "c" }, "message"],
    [{ eventid: "1001", conversation_id: "c", message: 5 }, "message"],
    [{ eventid: "1001", conversation_id: "c", message: "m", nested: { a: 1 } }, "nested"],
  ])("refuses %j naming the field %s", (body, field) => {
    const result = parseInboundEvent(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe(field);
      expect(result.message.length).toBeGreaterThan(5);
    }
  });

  it("names an unknown eventid and the accepted ones", () => {
    const result = parseInboundEvent({ eventid: "2001", conversation_id: "c" });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('Unknown eventid "2001"') });
    expect(result).toMatchObject({ message: expect.stringContaining("1004 (typing)") });
  });
});
