import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-path";

describe("safeCallbackPath", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeCallbackPath("/channels/abc?tab=2#top")).toBe("/channels/abc?tab=2#top");
    expect(safeCallbackPath("/")).toBe("/");
  });

  it("refuses every way of naming another origin", () => {
    for (const hostile of [
      "//evil.invalid/x",
      "/\\evil.invalid",
      "/\\/evil.invalid",
      "\\\\evil.invalid",
      "/\t/evil.invalid",
      "/\n/evil.invalid",
      "/.//evil.invalid",
      "https://evil.invalid/x",
      "javascript:alert(1)",
      "evil.invalid",
      "",
    ]) {
      expect(safeCallbackPath(hostile), JSON.stringify(hostile)).toBe("/dashboard");
    }
    expect(safeCallbackPath(null)).toBe("/dashboard");
  });
});
