import { describe, expect, it } from "vitest";
import type { MessageKind } from "@/generated/prisma/enums";
import { db } from "@/server/db/client";
import { createChatScene } from "@/test/chat-scene";
import { findHostedChat, listVisitorMessages, listVisitorMessagesAfter, VISITOR_PAGE_SIZE } from "./visitor-messages";

// Nothing is delivered in these tests: the bot URL is never called.
const scene = (channel: "WEB_CHAT" | "HTTP" = "WEB_CHAT") => createChatScene({ action: "BOT", channel, botUrl: "http://127.0.0.1:9/unused" });

async function write(assetId: string, tenantId: string, visitorId: string, rows: { id: string; createdAt: Date; kind?: MessageKind }[]) {
  await db().message.createMany({
    data: rows.map((row) => ({
      id: row.id,
      tenantId,
      channelAssetId: assetId,
      channelUserId: visitorId,
      sender: "BOT" as const,
      kind: row.kind ?? "MESSAGE",
      text: row.id,
      createdAt: row.createdAt,
    })),
  });
}

describe("visitor messages", () => {
  it("resumes after a message without skipping rows written at the same instant (one transaction)", async () => {
    const s = await scene();
    const same = new Date("2026-01-01T10:00:00.000Z");
    const suffix = s.asset.id;
    await write(s.asset.id, s.tenantId, "visitor_a", [
      { id: `msg_a_${suffix}`, createdAt: new Date("2026-01-01T09:59:59.000Z") },
      { id: `msg_b_${suffix}`, createdAt: same, kind: "HANDOVER" },
      { id: `msg_c_${suffix}`, createdAt: same },
      { id: `msg_d_${suffix}`, createdAt: new Date("2026-01-01T10:00:01.000Z") },
      { id: `msg_x_${suffix}`, createdAt: same, kind: "RECEIPT" },
    ]);
    await write(s.asset.id, s.tenantId, "visitor_other", [{ id: `msg_o_${suffix}`, createdAt: same }]);

    const all = await listVisitorMessages(db(), { tenantId: s.tenantId, channelAssetId: s.asset.id, visitorId: "visitor_a" }, null);
    expect(all.map((m) => m.id)).toEqual([`msg_a_${suffix}`, `msg_b_${suffix}`, `msg_c_${suffix}`, `msg_d_${suffix}`]);
    const afterB = await listVisitorMessages(db(), { tenantId: s.tenantId, channelAssetId: s.asset.id, visitorId: "visitor_a" }, `msg_b_${suffix}`);
    expect(afterB.map((m) => m.id)).toEqual([`msg_c_${suffix}`, `msg_d_${suffix}`]);
    expect(await listVisitorMessages(db(), { tenantId: s.tenantId, channelAssetId: s.asset.id, visitorId: "visitor_a" }, `msg_d_${suffix}`)).toEqual([]);
    // Another visitor's message is no cursor here: the list starts from the beginning.
    expect((await listVisitorMessages(db(), { tenantId: s.tenantId, channelAssetId: s.asset.id, visitorId: "visitor_a" }, `msg_o_${suffix}`)).map((m) => m.id)).toHaveLength(4);
  });

  it("pages: a full page, then the rest after its last row", async () => {
    const s = await scene();
    const base = Date.parse("2026-02-01T00:00:00.000Z");
    const rows = Array.from({ length: VISITOR_PAGE_SIZE + 5 }, (_, i) => ({
      id: `msg_${String(i).padStart(4, "0")}_${s.asset.id}`,
      // Several rows per millisecond, as a busy transaction would write them.
      createdAt: new Date(base + Math.floor(i / 3)),
    }));
    await write(s.asset.id, s.tenantId, "visitor_p", rows);
    const first = await listVisitorMessages(db(), { tenantId: s.tenantId, channelAssetId: s.asset.id, visitorId: "visitor_p" }, null);
    expect(first).toHaveLength(VISITOR_PAGE_SIZE);
    const rest = await listVisitorMessages(db(), { tenantId: s.tenantId, channelAssetId: s.asset.id, visitorId: "visitor_p" }, first.at(-1)!.id);
    expect([...first, ...rest].map((m) => m.id)).toEqual(rows.map((r) => r.id));
  });

  it("reads in a focus only the visitor's own rows, whatever conversations or messages it names", async () => {
    const s = await scene();
    const conversation = (id: string, visitorId: string) =>
      db().conversation.create({
        data: { id, tenantId: s.tenantId, kind: "BOT", channelAssetId: s.asset.id, channelUserId: visitorId, serviceId: s.service.id, integrationId: s.bot.id },
      });
    const mine = await conversation(`conv_mine_${s.asset.id}`, "visitor_f");
    const theirs = await conversation(`conv_theirs_${s.asset.id}`, "visitor_g");
    const at = new Date("2026-03-01T00:00:00.000Z");
    await db().message.createMany({
      data: ([
        { id: `msg_f1_${s.asset.id}`, conversationId: mine.id, channelUserId: "visitor_f", kind: "MESSAGE" },
        { id: `msg_f2_${s.asset.id}`, conversationId: mine.id, channelUserId: "visitor_f", kind: "RECEIPT" },
        { id: `msg_f3_${s.asset.id}`, conversationId: null, channelUserId: "visitor_f", kind: "UNROUTED" },
        { id: `msg_g1_${s.asset.id}`, conversationId: theirs.id, channelUserId: "visitor_g", kind: "MESSAGE" },
        { id: `msg_g2_${s.asset.id}`, conversationId: null, channelUserId: "visitor_g", kind: "UNROUTED" },
      ] satisfies { id: string; conversationId: string | null; channelUserId: string; kind: MessageKind }[]).map((m, i) => ({ ...m, tenantId: s.tenantId, channelAssetId: s.asset.id, sender: "CUSTOMER" as const, text: m.id, createdAt: new Date(at.getTime() + i) })),
    });
    const focus = { conversationIds: [mine.id, theirs.id], messageIds: [`msg_f3_${s.asset.id}`, `msg_g2_${s.asset.id}`] };
    const rows = await listVisitorMessagesAfter({ tenantId: s.tenantId, channelAssetId: s.asset.id, visitorId: "visitor_f" }, null, focus);
    expect(rows.map((r) => r.id)).toEqual([`msg_f1_${s.asset.id}`, `msg_f3_${s.asset.id}`]);
    const after = await listVisitorMessagesAfter({ tenantId: s.tenantId, channelAssetId: s.asset.id, visitorId: "visitor_f" }, { id: rows[0]!.id, createdAt: at }, focus);
    expect(after.map((r) => r.id)).toEqual([`msg_f3_${s.asset.id}`]);
  });

  it("finds the hosted chat of a WEB_CHAT asset only", async () => {
    const web = await scene("WEB_CHAT");
    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: web.tenantId } });
    expect(await findHostedChat(db(), web.asset.id)).toMatchObject({ assetId: web.asset.id, title: tenant.name, widget: { title: tenant.name, accentColor: "#4f46e5", launcherPosition: "bottom-right" } });
    const http = await scene("HTTP");
    expect(await findHostedChat(db(), http.asset.id)).toBeNull();
    expect(await findHostedChat(db(), "no-such-asset")).toBeNull();
  });
});
