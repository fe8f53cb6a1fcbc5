import { describe, expect, it } from "vitest";
import {
  MAX_PATTERN_LENGTH,
  compileRulePattern,
  rulePatternCacheSize,
  testRulePattern,
  validateRulePattern,
} from "@/server/routing/safe-regex";

const hostileInput = `${"a".repeat(10_000)}!`;

describe("validateRulePattern", () => {
  it("accepts ordinary patterns and allowed flags", () => {
    expect(validateRulePattern("^order-\\d{4,8}$")).toEqual({ ok: true });
    expect(validateRulePattern("refund|return", "ims")).toEqual({ ok: true });
  });

  it("refuses backreferences and lookaround with a clear reason", () => {
    for (const pattern of ["(a)\\1", "(?<x>a)\\k<x>", "foo(?=bar)", "foo(?!bar)", "(?<=a)b", "(?<!a)b"]) {
      expect(validateRulePattern(pattern)).toEqual({
        ok: false,
        reason: "Backreferences and lookaround are not supported",
      });
    }
  });

  it("refuses over-long and empty patterns", () => {
    expect(validateRulePattern("a".repeat(MAX_PATTERN_LENGTH))).toEqual({ ok: true });
    const tooLong = validateRulePattern("a".repeat(MAX_PATTERN_LENGTH + 1));
    expect(tooLong).toMatchObject({ ok: false, reason: expect.stringContaining("200") });
    expect(validateRulePattern("")).toMatchObject({ ok: false });
  });

  it("refuses flags other than i, m, s and repeated flags", () => {
    for (const flags of ["g", "y", "u", "ig", "ii"]) {
      expect(validateRulePattern("abc", flags)).toMatchObject({ ok: false });
    }
  });

  it("refuses syntax errors and huge repeat counts", () => {
    expect(validateRulePattern("[abc")).toMatchObject({ ok: false, reason: expect.stringContaining("Invalid pattern") });
    expect(validateRulePattern("(a{1000}){1000}")).toMatchObject({ ok: false });
  });
});

describe("testRulePattern on hostile input", () => {
  // RE2 accepts these classic ReDoS patterns but matches them in linear time.
  it.each(["(a+)+$", "(a|a)*b", "(a*)*b", "(.*a){20}"])("%s returns on 10,000 chars", (pattern) => {
    const validation = validateRulePattern(pattern);
    if (!validation.ok) return; // refused at save time is equally safe
    expect(() => testRulePattern(pattern, "", hostileInput)).not.toThrow();
    expect(typeof testRulePattern(pattern, "", hostileInput)).toBe("boolean");
  });

  it("only tests the first 4096 characters", () => {
    const text = `${"x".repeat(4096)}needle`;
    expect(testRulePattern("needle", "", text)).toBe(false);
    expect(testRulePattern("needle", "", text.slice(10))).toBe(true);
  });
});

describe("compileRulePattern cache", () => {
  it("reuses compiled patterns and stays bounded", () => {
    expect(compileRulePattern("cached-one", "i")).toBe(compileRulePattern("cached-one", "i"));
    for (let i = 0; i < 600; i += 1) compileRulePattern(`p${i}`);
    expect(rulePatternCacheSize()).toBeLessThanOrEqual(500);
  });

  it("keys on flags as well as the pattern", () => {
    expect(testRulePattern("abc", "", "ABC")).toBe(false);
    expect(testRulePattern("abc", "i", "ABC")).toBe(true);
  });
});
