import { describe, expect, it } from "vitest";
import { formatDateTime, formatUtc } from "./date-time";

const at = new Date("2026-12-01T07:11:53.123Z");
const berlin = { timeZone: "Europe/Berlin", locale: "en-GB" };

describe("formatDateTime", () => {
  it("writes a moment of today as a time in the viewer's zone, with the zone", () => {
    expect(formatDateTime(at, { ...berlin, now: new Date("2026-12-01T20:00:00Z") })).toBe("08:11:53 CET");
    expect(formatDateTime(at, { ...berlin, now: new Date("2026-12-01T20:00:00Z"), precision: "ms" })).toBe("08:11:53.123 CET");
    expect(formatDateTime(at, { timeZone: "UTC", locale: "en-GB", now: at })).toBe("07:11:53 UTC");
  });

  it("puts the day in front on other days, and the year in other years", () => {
    expect(formatDateTime(at, { ...berlin, now: new Date("2026-12-03T10:00:00Z") })).toBe("1 Dec, 08:11:53 CET");
    expect(formatDateTime(at, { ...berlin, now: new Date("2027-01-02T10:00:00Z") })).toBe("1 Dec 2026, 08:11:53 CET");
    // Summer time is named as such.
    expect(formatDateTime(new Date("2026-07-01T07:00:00Z"), { ...berlin, now: at })).toBe("1 Jul, 09:00:00 CEST");
  });

  it("decides what today is in the viewer's zone, not the server's", () => {
    // 23:30 UTC on 30 Nov is already 1 Dec in Berlin.
    expect(formatDateTime(new Date("2026-11-30T23:30:00Z"), { ...berlin, now: at })).toBe("00:30:00 CET");
  });
});

it("formatUtc gives the exact UTC time", () => {
  expect(formatUtc(at)).toBe("2026-12-01 07:11:53.123 UTC");
});
