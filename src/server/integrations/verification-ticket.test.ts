import { describe, expect, it } from "vitest";
import { checkVerificationTicket, issueVerificationTicket, TICKET_LIFETIME_MS } from "./verification-ticket";

const verifiedAt = new Date("2026-01-01T10:00:00Z");
const base = { tenantId: "tenant-a", url: "http://127.0.0.1:9/hook", token: "tok-1" };
const ticket = issueVerificationTicket({ ...base, signingSecret: "whsec_c2VjcmV0", verifiedAt });
const soon = new Date(verifiedAt.getTime() + 60_000);

describe("verification tickets", () => {
  it("carry the signing secret and time for the same tenant, URL and token", () => {
    expect(checkVerificationTicket(ticket, base, soon)).toEqual({ ok: true, signingSecret: "whsec_c2VjcmV0", verifiedAt });
    // Sealed: the signing secret and token are not readable in the ticket.
    expect(ticket).not.toContain("c2VjcmV0");
    expect(ticket).not.toContain("tok-1");
  });

  it("are refused for another tenant, URL or token", () => {
    expect(checkVerificationTicket(ticket, { ...base, tenantId: "tenant-b" }, soon)).toEqual({ ok: false, reason: "Click Verify before saving" });
    expect(checkVerificationTicket(ticket, { ...base, url: "http://127.0.0.1:9/other" }, soon)).toMatchObject({
      ok: false,
      reason: "The Webhook URL or Verification Token changed after Verify: click Verify again",
    });
    expect(checkVerificationTicket(ticket, { ...base, token: "tok-2" }, soon)).toMatchObject({ ok: false });
  });

  it("expire", () => {
    const late = new Date(verifiedAt.getTime() + TICKET_LIFETIME_MS + 1);
    expect(checkVerificationTicket(ticket, base, late)).toEqual({ ok: false, reason: "The verification has expired: click Verify again" });
  });

  it("cannot be forged or altered", () => {
    const [version, iv, tag, body] = ticket.split(".") as [string, string, string, string];
    const flipped = body.slice(0, -2) + (body.endsWith("A") ? "BB" : "AA");
    expect(checkVerificationTicket([version, iv, tag, flipped].join("."), base, soon).ok).toBe(false);
    expect(checkVerificationTicket("v1.made.up.ticket", base, soon).ok).toBe(false);
    expect(checkVerificationTicket("", base, soon).ok).toBe(false);
  });
});
