import { describe, expect, it } from "vitest";
import { validateRuleConditions } from "@/server/routing/validate-conditions";
import type { RuleCondition } from "@/server/routing/types";

describe("validateRuleConditions", () => {
  it("accepts no conditions and valid ones", () => {
    expect(validateRuleConditions([])).toEqual({ ok: true });
    expect(
      validateRuleConditions([
        { type: "TEXT_CONTAINS", value: "refund" },
        { type: "TEXT_MATCHES", pattern: "^\\d+$", flags: "m" },
        { type: "MESSAGE_TYPE", value: "TEXT" },
        { type: "CHANNEL_USER", value: "user-42" },
      ]),
    ).toEqual({ ok: true });
  });

  it("reports each bad condition by index", () => {
    const result = validateRuleConditions([
      { type: "TEXT_CONTAINS", value: "ok" },
      { type: "TEXT_CONTAINS", value: "  " },
      { type: "TEXT_MATCHES", pattern: "(a)\\1" },
      { type: "CHANNEL_USER", value: "u".repeat(501) },
      { type: "TEXT_MATCHES", pattern: "a", flags: "g" },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { index: 1, message: "Value must not be empty" },
        { index: 2, message: "Backreferences and lookaround are not supported" },
        { index: 3, message: "Value must be at most 500 characters" },
        { index: 4, message: expect.stringContaining("only i, m and s") },
      ],
    });
  });

  it("accepts a value of exactly 500 characters", () => {
    expect(validateRuleConditions([{ type: "MESSAGE_TYPE", value: "t".repeat(500) }])).toEqual({ ok: true });
  });

  it("refuses more than 20 conditions", () => {
    const conditions: RuleCondition[] = Array.from({ length: 21 }, (_, i) => ({
      type: "TEXT_CONTAINS",
      value: `word${i}`,
    }));
    expect(validateRuleConditions(conditions.slice(0, 20))).toEqual({ ok: true });
    expect(validateRuleConditions(conditions)).toEqual({
      ok: false,
      errors: [{ index: 20, message: "At most 20 conditions per rule" }],
    });
  });
});
