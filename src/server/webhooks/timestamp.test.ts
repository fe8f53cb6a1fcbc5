import { describe, expect, it } from "vitest";
import { formatGmtTimestamp } from "@/server/webhooks/timestamp";

describe("formatGmtTimestamp", () => {
  it.each([
    ["2026-01-05T03:04:05.006Z", "2026-01-05 03:04:05.006"],
    ["2026-12-31T23:59:59.999Z", "2026-12-31 23:59:59.999"],
    ["2026-07-01T13:00:00.000Z", "2026-07-01 13:00:00.000"], // 24-hour clock
    ["1970-01-01T00:00:00.000Z", "1970-01-01 00:00:00.000"],
    ["0999-03-04T05:06:07.080Z", "0999-03-04 05:06:07.080"], // zero-padded year
  ])("formats %s as %s", (iso, expected) => {
    expect(formatGmtTimestamp(new Date(iso))).toBe(expected);
  });

  it("uses GMT whatever the offset the Date was created with", () => {
    expect(formatGmtTimestamp(new Date("2026-01-05T08:34:05.006+05:30"))).toBe("2026-01-05 03:04:05.006");
    expect(formatGmtTimestamp(new Date("2026-01-04T22:04:05.006-05:00"))).toBe("2026-01-05 03:04:05.006");
  });

  it("refuses an invalid Date", () => {
    expect(() => formatGmtTimestamp(new Date("nope"))).toThrow(RangeError);
  });
});
