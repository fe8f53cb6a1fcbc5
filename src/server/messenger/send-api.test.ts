import { describe, expect, it } from "vitest";
import { judgeGraphAnswer, sendApiBody } from "./send-api";

const graphError = (code: number, subcode?: number, message = "m") => JSON.stringify({ error: { message, type: "OAuthException", code, error_subcode: subcode, fbtrace_id: "t" } });

describe("Send API answers (docs/messenger.md)", () => {
  it("takes the mid from the documented success shape", () => {
    expect(judgeGraphAnswer(200, '{"recipient_id":"1254477777772919","message_id":"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM"}')).toEqual({ ok: true, mid: "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM" });
  });

  it.each([
    [400, 4, undefined],
    [400, 613, undefined],
    [400, 80006, undefined],
    [400, 17, undefined],
    [500, 1200, undefined],
    [500, 2, undefined],
    [503, 1, undefined],
  ])("retries HTTP %i code %i (rate limits and temporary errors)", (status, code, subcode) => {
    expect(judgeGraphAnswer(status, graphError(code, subcode))).toMatchObject({ ok: false, kind: "RETRY" });
  });

  it.each([
    [10, 2018278, "outside the 24-hour messaging window"],
    [551, 1545041, "isn't available right now"],
    [100, 2018001, "no matching user"],
    [190, undefined, "access token is invalid"],
    [200, 2018028, "lacks the permission"],
    [100, undefined, "refused the message as invalid"],
  ])("fails code %i subcode %s at once, saying why", (code, subcode, why) => {
    const verdict = judgeGraphAnswer(400, graphError(code, subcode));
    expect(verdict).toMatchObject({ ok: false, kind: "REFUSED" });
    expect(!verdict.ok && verdict.description).toContain(why);
    expect(!verdict.ok && verdict.reason).toContain(`code ${code}`);
  });

  it("retries 5xx and 429 without a JSON error, refuses other 4xx", () => {
    expect(judgeGraphAnswer(502, "<html>bad gateway</html>")).toMatchObject({ ok: false, kind: "RETRY" });
    expect(judgeGraphAnswer(429, "")).toMatchObject({ ok: false, kind: "RETRY" });
    expect(judgeGraphAnswer(404, "not found")).toMatchObject({ ok: false, kind: "REFUSED" });
  });
});

describe("Send API requests", () => {
  const base = { messageId: "msg_1", psid: "123", text: "Hi", messageType: "text", customParams: {} };

  it("sends text as a RESPONSE with the platform's message in metadata", () => {
    expect(sendApiBody(base)).toStrictEqual({ recipient: { id: "123" }, messaging_type: "RESPONSE", message: { text: "Hi", metadata: "switchboard:msg_1" } });
  });

  it("sends a media URL as an attachment when the bot says its type", () => {
    expect(sendApiBody({ ...base, text: "https://cdn.example.test/a.png", messageType: "image" }).message).toMatchObject({
      attachment: { type: "image", payload: { url: "https://cdn.example.test/a.png", is_reusable: true } },
    });
  });

  it("takes the web chat's quickReplies (Yes|No) as quick replies too", () => {
    expect(sendApiBody({ ...base, customParams: { quickReplies: "Yes|No" } }).message).toMatchObject({
      quick_replies: [
        { content_type: "text", title: "Yes", payload: "Yes" },
        { content_type: "text", title: "No", payload: "No" },
      ],
    });
  });

  it("refuses quick replies and buttons Messenger would refuse", () => {
    expect(() => sendApiBody({ ...base, customParams: { quick_replies: "[]" } })).toThrow(/quick_replies/);
    expect(() => sendApiBody({ ...base, customParams: { buttons: JSON.stringify(["a", "b", "c", "d"]) } })).toThrow(/buttons/);
    expect(() => sendApiBody({ ...base, customParams: { quick_replies: JSON.stringify([{ title: "t", payload: "" }]) } })).toThrow(/payload/);
    expect(() => sendApiBody({ ...base, text: "x".repeat(641), customParams: { buttons: '["ok"]' } })).toThrow(/640/);
  });
});
