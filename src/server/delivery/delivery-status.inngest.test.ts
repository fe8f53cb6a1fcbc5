/** With Inngest configured (here the Dev Server flag), the System page's status says Inngest runs the durable work. */
import { afterAll, expect, it, vi } from "vitest";
import { callerFor, createOwner } from "@/test/factories";

vi.stubEnv("INNGEST_DEV", "1");
afterAll(() => vi.unstubAllEnvs());

it("reports Inngest as the runner in use", async () => {
  const owner = await createOwner("With Inngest");
  const { caller } = await callerFor(owner.userId, owner.tenantId);
  expect(await caller.system.status()).toEqual({
    runner: "inngest",
    counts: { PENDING: 0, HELD: 0, FAILED: 0 },
    oldestDueRetry: null,
    mail: { transport: "folder", description: expect.stringContaining(".data/mail"), waiting: 0, failed: 0, lastError: null },
  });
});
