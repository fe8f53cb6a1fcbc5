import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "./redact";

describe("redactSecrets", () => {
  const token = "vt-0123456789abcdef";

  it("takes every occurrence of each secret out, in plain text and in JSON", () => {
    expect(redactSecrets(`${token} and again ${token}`, [token])).toBe(`${REDACTED} and again ${REDACTED}`);
    expect(redactSecrets(JSON.stringify({ verificationToken: token }), [token, "whsec_x1y2"])).toBe(`{"verificationToken":"${REDACTED}"}`);
    expect(redactSecrets(JSON.stringify({ t: 'a"b\\c-secret' }), ['a"b\\c-secret'])).toBe(`{"t":"${REDACTED}"}`);
  });

  it("takes out a secret cut off at the end of a recorded answer, not a short coincidence", () => {
    expect(redactSecrets(`ok ${token.slice(0, 9)}`, [token])).toBe(`ok ${REDACTED}`);
    expect(redactSecrets("ok vt-", [token])).toBe("ok vt-");
  });

  it("leaves text without secrets, null and empty secrets alone", () => {
    expect(redactSecrets("nothing here", [token, null, undefined, ""])).toBe("nothing here");
    expect(redactSecrets(null, [token])).toBeNull();
  });
});
