/**
 * What the database itself refuses or keeps (migration 20261222000000_schema_hygiene): a message
 * kind outside the MessageKind enum, a delivery without exactly one receiver; and what happens to
 * the conversations that name a service, a rule, an integration or an agent when it is deleted.
 * Also that the migration applies to a database the previous schema let hold orphans.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { describe, expect, it } from "vitest";
import { acceptCustomerMessage } from "@/server/conversations/accept-customer-message";
import { withChannel } from "@/server/conversations/load-channel";
import { db, pool } from "@/server/db/client";
import { createChatScene } from "@/test/chat-scene";
import { eventually } from "@/test/delivery-scene";
import { callerFor, createMember } from "@/test/factories";

// Nothing is delivered here: the bot's URL is never called (OTHERS saves with a Verify ticket).
const BOT_URL = "http://127.0.0.1:9/unused";

const sqlState = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the statement should have been refused").not.toBeNull();
  return (error as { code?: string }).code;
};

async function customerSays(assetId: string, userId: string, text: string) {
  return withChannel(pool(), assetId, (context) => acceptCustomerMessage(db(), context, { userId, text, messageType: "text" }));
}

const conversationRow = (id: string) =>
  db().conversation.findUniqueOrThrow({ where: { id }, select: { serviceId: true, ruleId: true, ccspIntegrationId: true, assignedAgentId: true, integrationId: true } });

describe("message kinds", () => {
  it("stores every kind the code writes and refuses any other, through the API and raw SQL alike", async () => {
    const s = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botUrl: BOT_URL });
    const accepted = await customerSays(s.asset.id, "visitor-kinds", "hello");
    expect(await db().message.findUniqueOrThrow({ where: { id: accepted.messageId }, select: { kind: true } })).toEqual({ kind: "MESSAGE" });

    const insert = (id: string, kind: string) =>
      pool().query(
        `INSERT INTO "Message" ("id", "tenantId", "channelAssetId", "channelUserId", "sender", "kind") VALUES ($1, $2, $3, 'visitor-kinds', 'BOT', $4::"MessageKind")`,
        [id, s.tenantId, s.asset.id, kind],
      );
    await insert(`msg_joined_${s.asset.id}`, "AGENT_JOINED");
    // 22P02: invalid input value for enum "MessageKind".
    expect(await sqlState(insert(`msg_typing_${s.asset.id}`, "TYPING"))).toBe("22P02");
    expect(await sqlState(insert(`msg_lower_${s.asset.id}`, "message"))).toBe("22P02");
    const viaPrisma = db().message.create({
      data: { id: `msg_prisma_${s.asset.id}`, tenantId: s.tenantId, channelAssetId: s.asset.id, channelUserId: "visitor-kinds", sender: "BOT", kind: "TYPING" as never },
    });
    await expect(viaPrisma).rejects.toThrow();
    expect(await db().message.count({ where: { channelAssetId: s.asset.id } })).toBe(2);
  });
});

describe("deleting what a conversation names", () => {
  it("a rule, then its service: the conversation and its messages stay, naming neither", async () => {
    const s = await createChatScene({ action: "BOT_CCSP", channel: "WEB_CHAT", botUrl: BOT_URL });
    const { caller } = await callerFor(s.ownerId, s.tenantId);
    const accepted = await customerSays(s.asset.id, "visitor-rule", "hello");
    const conversationId = accepted.conversationId!;
    expect(await conversationRow(conversationId)).toMatchObject({ serviceId: s.service.id, ruleId: s.rule.id, ccspIntegrationId: s.ccsp.id });

    await caller.rule.delete({ id: s.rule.id });
    expect(await conversationRow(conversationId)).toMatchObject({ serviceId: s.service.id, ruleId: null, ccspIntegrationId: s.ccsp.id });

    // A service with rules cannot be deleted: remove the postback rule too.
    for (const rule of await db().rule.findMany({ where: { serviceId: s.service.id } })) await caller.rule.delete({ id: rule.id });
    await caller.service.delete({ id: s.service.id });
    expect(await conversationRow(conversationId)).toMatchObject({ serviceId: null, ruleId: null, ccspIntegrationId: s.ccsp.id, integrationId: s.bot.id });
    expect(await db().message.count({ where: { conversationId } })).toBe(1);

    // The inspector still lists and shows it, without a service (as for a service deleted before the foreign key).
    const list = await caller.conversation.list({ channelAssetId: s.asset.id });
    expect(list.items.map((c) => ({ id: c.id, service: c.service }))).toEqual([{ id: conversationId, service: null }]);
    const timeline = await caller.conversation.get({ id: conversationId });
    expect(timeline.conversation.service).toBeNull();
    expect(timeline.items.filter((i) => i.type === "MESSAGE")).toHaveLength(1);
  });

  it("a rule that opened more conversations than one batch of its detaching: every one stays, none names it", async () => {
    const s = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botUrl: BOT_URL });
    const { caller } = await callerFor(s.ownerId, s.tenantId);
    await pool().query(
      `INSERT INTO "Conversation" ("id", "tenantId", "kind", "status", "channelAssetId", "channelUserId", "serviceId", "integrationId", "ruleId")
       SELECT 'cnv_many_' || $1 || '_' || n, $2, 'BOT', 'CLOSED', $1, 'customer-' || n, $3, $4, $5 FROM generate_series(1, 5001) n`,
      [s.asset.id, s.tenantId, s.service.id, s.bot.id, s.rule.id],
    );
    await caller.rule.delete({ id: s.rule.id });
    expect(await db().conversation.count({ where: { channelAssetId: s.asset.id } })).toBe(5001);
    expect(await db().conversation.count({ where: { channelAssetId: s.asset.id, ruleId: null, serviceId: s.service.id } })).toBe(5001);
  });

  it("a rule deleted while a message is being routed by it: the message is routed by the channel's rules as they are now", async () => {
    // Both ways a conversation is written: the hot path's one statement (BOT) and the transaction (CCSP).
    for (const action of ["BOT", "CCSP"] as const) {
      const s = await createChatScene({ action, channel: "WEB_CHAT", botUrl: BOT_URL });
      await customerSays(s.asset.id, "visitor-warm", "hello"); // the channel's routing context is now in memory
      const deleting = new Client({ connectionString: process.env.DATABASE_URL });
      await deleting.connect();
      try {
        await deleting.query("BEGIN");
        await deleting.query(`DELETE FROM "Rule" WHERE "id" = $1`, [s.rule.id]);
        // A new customer's conversation names the rule: its foreign key check waits for the delete.
        const accepting = customerSays(s.asset.id, `visitor-race-${action}`, "hello");
        await eventually(
          () => pool().query(`SELECT 1 FROM pg_stat_activity WHERE "wait_event_type" = 'Lock' AND "query" LIKE '%INSERT INTO "Conversation"%'`),
          (waiting) => waiting.rows.length > 0,
        );
        await deleting.query("COMMIT");
        const accepted = await accepting;
        // No Incoming message rule is left (the Postback rule answers postbacks only): unrouted.
        expect(accepted.conversationId).toBeNull();
        expect(await db().message.findUniqueOrThrow({ where: { id: accepted.messageId }, select: { kind: true } })).toEqual({ kind: "UNROUTED" });
      } finally {
        await deleting.end();
      }
    }
  });

  it("a CCSP integration: deleting keeps it named (soft delete), deleting with history leaves the bot's conversations without a CCSP", async () => {
    const s = await createChatScene({ action: "BOT_CCSP", channel: "WEB_CHAT", botUrl: BOT_URL });
    const { caller } = await callerFor(s.ownerId, s.tenantId);
    const conversationId = (await customerSays(s.asset.id, "visitor-ccsp", "hello")).conversationId!;
    // An integration in use by a rule cannot be deleted.
    for (const rule of await db().rule.findMany({ where: { serviceId: s.service.id } })) await caller.rule.delete({ id: rule.id });

    const other = await createChatScene({ action: "BOT_CCSP", channel: "WEB_CHAT", botUrl: BOT_URL });
    const { caller: otherCaller } = await callerFor(other.ownerId, other.tenantId);
    const otherConversationId = (await customerSays(other.asset.id, "visitor-ccsp", "hello")).conversationId!;
    for (const rule of await db().rule.findMany({ where: { serviceId: other.service.id } })) await otherCaller.rule.delete({ id: rule.id });

    await otherCaller.integration.delete({ id: other.ccsp.id });
    expect(await conversationRow(otherConversationId)).toMatchObject({ ccspIntegrationId: other.ccsp.id });
    expect((await otherCaller.conversation.get({ id: otherConversationId })).conversation.ccspIntegration).toMatchObject({ id: other.ccsp.id, deleted: true });

    const counts = await caller.integration.historyCounts({ id: s.ccsp.id });
    await caller.integration.deleteWithHistory({ id: s.ccsp.id, confirm: counts });
    expect(await conversationRow(conversationId)).toMatchObject({ ccspIntegrationId: null, integrationId: s.bot.id, serviceId: s.service.id });
    expect(await db().message.count({ where: { conversationId } })).toBe(1);
    expect((await caller.conversation.get({ id: conversationId })).conversation.ccspIntegration).toBeNull();
  });

  it("an agent: a removed member stays the desk conversation's agent (the user is kept), a deleted user leaves it unassigned", async () => {
    const s = await createChatScene({ action: "CCSP", ccspPlatform: "BUILT_IN", channel: "WEB_CHAT", botUrl: BOT_URL });
    const { caller: owner } = await callerFor(s.ownerId, s.tenantId);
    const agent = await createMember(s.tenantId, "AGENT");
    const { caller: agentCaller } = await callerFor(agent.userId, s.tenantId);
    const conversationId = (await customerSays(s.asset.id, "visitor-agent", "I need a person")).conversationId!;
    await agentCaller.desk.accept({ conversationId });
    expect(await conversationRow(conversationId)).toMatchObject({ assignedAgentId: agent.userId });
    const messages = await db().message.count({ where: { conversationId } }); // the customer's and AGENT_JOINED

    await owner.member.remove({ userId: agent.userId });
    expect(await conversationRow(conversationId)).toMatchObject({ assignedAgentId: agent.userId });
    const shown = await owner.desk.get({ conversationId });
    expect(shown.assignee).toEqual({ id: agent.userId, name: "AGENT" });

    // No product path deletes a user; if one is deleted, its conversations stay, unassigned.
    await db().user.delete({ where: { id: agent.userId } });
    expect(await conversationRow(conversationId)).toMatchObject({ assignedAgentId: null, integrationId: s.ccsp.id });
    expect(await db().message.count({ where: { conversationId } })).toBe(messages);
  });
});

describe("a delivery's receiver", () => {
  it("is exactly one of an integration, a channel and an operational webhook endpoint", async () => {
    const s = await createChatScene({ action: "BOT", channel: "HTTP", botUrl: BOT_URL });
    const endpoint = await db().webhookEndpoint.create({ data: { tenantId: s.tenantId, url: "http://127.0.0.1:9/ops", events: ["delivery.failed"], signingSecretEncrypted: "unused" } });
    let n = 0;
    const insert = (receiver: { integrationId?: string; channelAssetId?: string; webhookEndpointId?: string }) =>
      pool().query(
        `INSERT INTO "Delivery" ("id", "tenantId", "integrationId", "channelAssetId", "webhookEndpointId", "orderingKey", "payload", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, 'constraint-test', '{}', now())`,
        [`dlv_check_${s.asset.id}_${n++}`, s.tenantId, receiver.integrationId ?? null, receiver.channelAssetId ?? null, receiver.webhookEndpointId ?? null],
      );
    await insert({ integrationId: s.bot.id });
    await insert({ channelAssetId: s.asset.id });
    await insert({ webhookEndpointId: endpoint.id });
    // 23514: check_violation (Delivery_one_receiver_check).
    expect(await sqlState(insert({}))).toBe("23514");
    expect(await sqlState(insert({ integrationId: s.bot.id, channelAssetId: s.asset.id }))).toBe("23514");
    expect(await sqlState(insert({ channelAssetId: s.asset.id, webhookEndpointId: endpoint.id }))).toBe("23514");
    await expect(
      db().delivery.create({ data: { id: `dlv_check_${s.asset.id}_prisma`, tenantId: s.tenantId, orderingKey: "constraint-test", payload: {} } }),
    ).rejects.toThrow();
    expect(await db().delivery.count({ where: { tenantId: s.tenantId, orderingKey: "constraint-test" } })).toBe(3);
  });
});

describe("the migration on an existing database", () => {
  it("clears references to rows deleted before the foreign keys existed, converts every kind, and refuses an unknown one", async () => {
    const dir = path.join(process.cwd(), "prisma", "migrations");
    const NAME = "20261222000000_schema_hygiene";
    const before = readdirSync(dir).filter((d) => /^\d{14}_/.test(d) && d < NAME).sort();
    const sql = (d: string) => readFileSync(path.join(dir, d, "migration.sql"), "utf8");
    const admin = new URL(process.env.DATABASE_URL!);
    const name = `${admin.pathname.slice(1)}_upgrade`.slice(0, 63);
    const adminUrl = new URL(admin);
    adminUrl.pathname = "/postgres";
    const run = async <T>(url: URL, work: (c: Client) => Promise<T>) => {
      const c = new Client({ connectionString: url.href });
      await c.connect();
      try {
        return await work(c);
      } finally {
        await c.end();
      }
    };
    const upgrade = async (extraKind: string | null) => {
      await run(adminUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${name}"`);
      });
      const url = new URL(admin);
      url.pathname = `/${name}`;
      return run(url, async (c) => {
        for (const d of before) await c.query(sql(d)); // one simple query per file, as written
        await c.query(`INSERT INTO "Tenant" ("id", "name") VALUES ('t', 'T');
          INSERT INTO "User" ("id", "email", "name", "passwordHash") VALUES ('u', 'u@example.test', 'U', 'x');
          INSERT INTO "Integration" ("id", "tenantId", "kind", "platform", "name", "inboundSecretHash", "signingSecretEncrypted", "updatedAt")
            VALUES ('bot', 't', 'BOT', 'OTHERS', 'Bot', 'h', 's', now()), ('ccsp', 't', 'CCSP', 'WEBHOOK', 'CCSP', 'h', 's', now());
          INSERT INTO "ChannelAsset" ("id", "tenantId", "type", "name", "channelLabel", "updatedAt") VALUES ('a', 't', 'WEB_CHAT', 'Chat', 'WEBCHAT', now());
          INSERT INTO "Service" ("id", "tenantId", "name", "updatedAt") VALUES ('s', 't', 'S', now());
          INSERT INTO "Rule" ("id", "tenantId", "serviceId", "position", "channelAssetId", "event", "actionType", "botIntegrationId", "ccspIntegrationId", "updatedAt")
            VALUES ('r', 't', 's', 0, 'a', 'INCOMING_MESSAGE', 'BOT_CCSP', 'bot', 'ccsp', now());
          INSERT INTO "Conversation" ("id", "tenantId", "kind", "channelAssetId", "channelUserId", "serviceId", "integrationId", "ruleId", "ccspIntegrationId", "assignedAgentId")
            VALUES ('kept', 't', 'BOT', 'a', 'one', 's', 'bot', 'r', 'ccsp', 'u'),
                   ('orphan', 't', 'BOT', 'a', 'two', 'gone', 'bot', 'gone', 'gone', 'gone');`);
        const kinds = ["MESSAGE", "POSTBACK", "UNROUTED", "RECEIPT", "HANDOVER", "CLOSE", "AGENT_JOINED", "ECHO", "BENCH", ...(extraKind ? [extraKind] : [])];
        for (const kind of kinds) {
          await c.query(`INSERT INTO "Message" ("id", "tenantId", "conversationId", "channelAssetId", "channelUserId", "sender", "kind") VALUES ($1, 't', 'kept', 'a', 'one', 'CUSTOMER', $2)`, [`m_${kind}`, kind]);
        }
        await c.query(sql(NAME));
        return {
          conversations: (await c.query(`SELECT "id", "serviceId", "ruleId", "ccspIntegrationId", "assignedAgentId" FROM "Conversation" ORDER BY "id"`)).rows,
          kinds: (await c.query(`SELECT "kind"::text AS "kind", pg_typeof("kind")::text AS "type" FROM "Message" ORDER BY "kind"`)).rows as { kind: string; type: string }[],
        };
      });
    };
    try {
      const upgraded = await upgrade(null);
      expect(upgraded.conversations).toEqual([
        { id: "kept", serviceId: "s", ruleId: "r", ccspIntegrationId: "ccsp", assignedAgentId: "u" },
        { id: "orphan", serviceId: null, ruleId: null, ccspIntegrationId: null, assignedAgentId: null },
      ]);
      expect(upgraded.kinds).toHaveLength(9);
      expect(new Set(upgraded.kinds.map((k) => k.type))).toEqual(new Set(['"MessageKind"']));
      await expect(upgrade("TYPING")).rejects.toThrow(/invalid input value for enum "MessageKind": "TYPING"/);
    } finally {
      await run(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });
});

describe("partial indexes", () => {
  it("a deleted conversation's children are found on the partial parentId index (rows with a parent only)", async () => {
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT 1 FROM "Conversation" WHERE "parentId" = $1`, ["conv_x"]);
      expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("Conversation_parentId_idx");
      const index = await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'Conversation_parentId_idx'`);
      expect(index.rows[0]?.indexdef).toContain(`WHERE ("parentId" IS NOT NULL)`);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
