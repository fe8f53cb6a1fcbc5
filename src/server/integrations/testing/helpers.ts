/** Test support shared by the integration tests: callers, error checks, stand-in bot cleanup. */
import { afterEach } from "vitest";
import { callerFor, createMember, createOwner } from "@/test/factories";
import type { Role } from "@/server/tenancy/roles";
import { startStandInBot, type BotHandler, type StandInBot } from "./stand-in-bot";

const bots: StandInBot[] = [];

/** Registers an afterEach that closes every stand-in bot the test started. */
export function closeBotsAfterEach() {
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.close()));
  });
}

export async function bot(handler: BotHandler): Promise<StandInBot> {
  const started = await startStandInBot(handler);
  bots.push(started);
  return started;
}

/** A URL on 127.0.0.1 where nothing listens: a bot started and stopped again. */
export async function deadUrl(): Promise<string> {
  const stopped = await startStandInBot(() => undefined);
  await stopped.close();
  return stopped.url;
}


/** An organization with an owner's caller; `as(role)` adds a member with that role and returns their caller. */
export async function organization(name = "Acme") {
  const owner = await createOwner(name);
  const { caller } = await callerFor(owner.userId, owner.tenantId);
  return {
    ...owner,
    caller,
    actor: { userId: owner.userId, tenantId: owner.tenantId, role: "OWNER" as Role },
    async as(role: Role) {
      const member = await createMember(owner.tenantId, role);
      return (await callerFor(member.userId, owner.tenantId)).caller;
    },
  };
}

export { expectTrpcError } from "@/test/trpc-errors";
