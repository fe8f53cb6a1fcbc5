/** The dashboard's setup steps from the tenant's own rows, for owners and admins only. */
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createChatScene } from "@/test/chat-scene";
import { callerFor, createMember, createOwner } from "@/test/factories";

const doneOf = (result: { steps: { id: string; done: boolean }[] } | null) => Object.fromEntries((result?.steps ?? []).map((s) => [s.id, s.done]));

describe("onboarding steps", () => {
  it("a new organization has every step to do; agents and viewers get none", async () => {
    const owner = await createOwner("Fresh org");
    const steps = await (await callerFor(owner.userId)).caller.alert.onboarding();
    expect(doneOf(steps)).toEqual({ bot: false, channel: false, rule: false, conversation: false, team: false });
    expect(steps?.allDone).toBe(false);
    const agent = await createMember(owner.tenantId, "AGENT");
    const viewer = await createMember(owner.tenantId, "VIEWER");
    expect(await (await callerFor(agent.userId)).caller.alert.onboarding()).toBeNull();
    expect(await (await callerFor(viewer.userId)).caller.alert.onboarding()).toBeNull();
  });

  it("steps are done from real data, all done once the tenant has a conversation and a teammate; another tenant's rows do not count", async () => {
    const scene = await createChatScene({ action: "BOT", botUrl: "http://127.0.0.1:9/bot" });
    const { caller } = await callerFor(scene.ownerId);
    expect(doneOf(await caller.alert.onboarding())).toEqual({ bot: true, channel: true, rule: true, conversation: false, team: false });

    // Another organization, fully set up, changes nothing here.
    const other = await createOwner("Other");
    expect(doneOf(await (await callerFor(other.userId)).caller.alert.onboarding())).toEqual({ bot: false, channel: false, rule: false, conversation: false, team: false });

    await db().conversation.create({
      data: {
        id: `conv_${scene.tenantId}`,
        tenantId: scene.tenantId,
        kind: "BOT",
        channelAssetId: scene.asset.id,
        channelUserId: "u1",
        serviceId: scene.service.id,
        integrationId: scene.bot.id,
      },
    });
    await createMember(scene.tenantId, "AGENT");
    const done = await caller.alert.onboarding();
    expect(doneOf(done)).toEqual({ bot: true, channel: true, rule: true, conversation: true, team: true });
    expect(done?.allDone).toBe(true);

    // A bot never verified does not count as the first step.
    await db().integration.update({ where: { id: scene.bot.id }, data: { lastVerifiedAt: null } });
    expect(doneOf(await caller.alert.onboarding()).bot).toBe(false);
  });
});
