import { describe, expect, it } from "vitest";
import type { OutboundResult } from "@/server/net/outbound-http";
import { carriesVerificationToken, judgeReceiverResponse, MISSING_TOKEN_REASON } from "./receiver-protocol";

const response = (status: number, bodyStart = "", headers: Record<string, string> = {}): OutboundResult => ({
  ok: true,
  status,
  headers,
  bodyStart,
  durationMs: 3,
});

describe("judgeReceiverResponse", () => {
  it("accepts any 2xx when no verification token is expected (IMI BOT, CCSP)", () => {
    expect(judgeReceiverResponse(response(200))).toEqual({ ok: true, status: 200 });
    expect(judgeReceiverResponse(response(204))).toEqual({ ok: true, status: 204 });
  });

  it("passes the outbound error's words through", () => {
    const timeout: OutboundResult = { ok: false, error: { kind: "timeout", message: "timed out after 5 s" }, durationMs: 5000 };
    expect(judgeReceiverResponse(timeout)).toEqual({ ok: false, reason: "timed out after 5 s", status: undefined });
  });

  it("quotes the status and the start of the body of a non-2xx, on one line", () => {
    expect(judgeReceiverResponse(response(500, "internal error:\n  database down"))).toEqual({
      ok: false,
      reason: "HTTP 500: internal error: database down",
      status: 500,
    });
    expect(judgeReceiverResponse(response(404))).toEqual({ ok: false, reason: "HTTP 404 with an empty body", status: 404 });
    expect(judgeReceiverResponse(response(302, "moved"))).toMatchObject({ reason: "HTTP 302 (redirects are not followed): moved" });
    const long = judgeReceiverResponse(response(503, "é".repeat(500)));
    expect(long).toMatchObject({ reason: `HTTP 503: ${"é".repeat(200)}…` });
  });

  it("fails a 2xx that does not carry the expected verification token", () => {
    expect(judgeReceiverResponse(response(200, "OK"), { verificationToken: "tok-1" })).toEqual({
      ok: false,
      reason: MISSING_TOKEN_REASON,
      status: 200,
    });
    expect(MISSING_TOKEN_REASON).toBe("the response did not carry the verification token");
  });

  it("a non-2xx carrying the token still fails on its status", () => {
    expect(judgeReceiverResponse(response(500, "tok-1"), { verificationToken: "tok-1" })).toMatchObject({
      ok: false,
      reason: "HTTP 500: tok-1",
    });
  });
});

describe("carriesVerificationToken", () => {
  const token = "s3cr3t-T0ken";
  const check = (body: string, headers: Record<string, string> = {}) => carriesVerificationToken({ bodyStart: body, headers }, token);

  it("finds it as the plain-text body, ignoring surrounding whitespace", () => {
    expect(check(token)).toBe(true);
    expect(check(`  ${token}\n`)).toBe(true);
    expect(check(`${token}x`)).toBe(false);
    expect(check(`token is ${token}`)).toBe(false);
  });

  it("finds it as the JSON field verificationToken", () => {
    expect(check(JSON.stringify({ verificationToken: token, other: 1 }))).toBe(true);
    expect(check(JSON.stringify({ verificationToken: "other" }))).toBe(false);
    expect(check(JSON.stringify({ token }))).toBe(false);
    expect(check(JSON.stringify({ verificationToken: 42 }))).toBe(false);
    expect(check('{"verificationToken": "broken')).toBe(false);
  });

  it("finds it in the X-Verification-Token header", () => {
    expect(check("", { "x-verification-token": token })).toBe(true);
    expect(check("", { "x-verification-token": "nope" })).toBe(false);
  });

  it("never matches an empty token", () => {
    expect(carriesVerificationToken({ bodyStart: "", headers: {} }, "")).toBe(false);
  });
});
