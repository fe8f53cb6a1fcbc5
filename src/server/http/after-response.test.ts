/**
 * Work after the response leaves the request behind: it runs in the background scope opened at
 * server start, so what it waits for holds none of the request's async context.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { afterResponse, openBackgroundScope } from "./after-response";

describe("afterResponse in the server", () => {
  it("runs the work outside the request's async context", async () => {
    openBackgroundScope(); // as instrumentation.ts does at start, outside any request
    const request = new AsyncLocalStorage<string>();
    const seen = await new Promise<string | undefined>((resolve) => {
      request.run("request 1", () => {
        afterResponse(async () => resolve(request.getStore()));
      });
    });
    expect(seen).toBeUndefined();
  });
});
