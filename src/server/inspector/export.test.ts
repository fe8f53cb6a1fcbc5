/**
 * The inspector's exports through their real route handlers, on the real database: one
 * conversation as JSON and as a transcript, the filtered list as a streamed CSV, for signed-in
 * members of the conversation's own organization only, with secrets kept out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportConversation } from "@/app/api/conversations/[id]/export/route";
import { GET as exportList } from "@/app/api/conversations/export/route";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { createMember, createOwner } from "@/test/factories";
import { startReceiver, type Receiver } from "@/test/receiver";
import { sessionCookie } from "@/test/session-cookie";
import { csvField } from "./export";

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(async () => {
  await bot.close();
});

const BASE = "http://127.0.0.1";
const conversationExport = (id: string, cookie: string | null, format?: string) =>
  exportConversation(new Request(`${BASE}/api/conversations/${id}/export${format ? `?format=${format}` : ""}`, { headers: cookie ? { cookie } : {} }), {
    params: Promise.resolve({ id }),
  });
const listExport = (query: string, cookie: string) => exportList(new Request(`${BASE}/api/conversations/export?${query}`, { headers: { cookie } }));

async function wiredTenant() {
  const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
  // An OTHERS bot echoes its verification token in every answer: it must not come out in an export.
  bot.reply({ status: 200, body: `ok ${scene.bot.token}` });
  const viewer = await createMember(scene.tenantId, "VIEWER");
  return { scene, cookie: await sessionCookie(viewer.userId, scene.tenantId) };
}

/** Every first attempt made (they run after the response). */
async function settled(tenantId: string) {
  await expect.poll(() => db().delivery.count({ where: { tenantId, state: "PENDING", attempts: 0 } }), { timeout: 5_000 }).toBe(0);
}

describe("exporting one conversation", () => {
  it("as JSON (its whole timeline) and as a transcript, without the bot's token", async () => {
    const { scene, cookie } = await wiredTenant();
    const sent = await api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "user-ann", message: "where is my order?" } });
    const id = sent.body.conversationId as string;
    await api.integrationEvent(scene.bot.id, { token: scene.bot.inboundSecret, body: { eventid: "1001", conversation_id: id, message: "It ships today" } });
    await settled(scene.tenantId);

    const json = await conversationExport(id, cookie);
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toContain("application/json");
    expect(json.headers.get("content-disposition")).toBe(`attachment; filename="${id}.json"`);
    const body = await json.text();
    const parsed = JSON.parse(body) as { conversation: { id: string }; items: { type: string }[] };
    expect(parsed.conversation.id).toBe(id);
    expect(parsed.items.filter((i) => i.type === "MESSAGE")).toHaveLength(2);
    expect(body).toContain("where is my order?");
    expect(body).not.toContain(scene.bot.token);

    const text = await conversationExport(id, cookie, "text");
    expect(text.headers.get("content-type")).toContain("text/plain");
    const transcript = await text.text();
    expect(transcript).toMatch(/^Conversation conv_\S+ \(BOT, open\)/);
    expect(transcript).toMatch(/\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC\] Customer: where is my order\?/);
    expect(transcript).toMatch(/\] Bot: It ships today/);
    expect(transcript.indexOf("Customer: where")).toBeLessThan(transcript.indexOf("Bot: It ships"));
    expect(transcript).not.toContain(scene.bot.token);

    expect((await conversationExport(id, cookie, "xml")).status).toBe(400);
  });

  it("is for members of its organization only: 401 without a session, 404 for another tenant", async () => {
    const { scene } = await wiredTenant();
    const sent = await api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "user-bo", message: "hi" } });
    const id = sent.body.conversationId as string;
    expect((await conversationExport(id, null)).status).toBe(401);
    const stranger = await createOwner("Elsewhere");
    const response = await conversationExport(id, await sessionCookie(stranger.userId, stranger.tenantId));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("user-bo");
  });
});

describe("exporting the filtered list", () => {
  it("streams every matching conversation once, across pages, as CSV with formulas defused", async () => {
    const { scene, cookie } = await wiredTenant();
    const base = Date.parse("2026-01-01T00:00:00Z");
    // 230 conversations: three pages of the export's reads.
    await db().conversation.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({
        id: `conv_export_${scene.tenantId.slice(-6)}_${String(i).padStart(3, "0")}`,
        tenantId: scene.tenantId,
        kind: "BOT" as const,
        status: i % 2 === 0 ? ("OPEN" as const) : ("CLOSED" as const),
        channelAssetId: scene.asset.id,
        channelUserId: i === 7 ? "=HYPERLINK(\"x\")" : `user-${i}`,
        serviceId: scene.service.id,
        integrationId: scene.bot.id,
        createdAt: new Date(base + i * 1000),
        lastActivityAt: new Date(base + i * 1000),
      })),
    });

    const all = await listExport("", cookie);
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toContain("text/csv");
    const lines = (await all.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,type,status,channel_user,channel,service,integration,messages,failed_deliveries,started_utc,last_activity_utc,closed_utc");
    const ids = lines.slice(1).map((line) => line.split(",")[0]);
    expect(ids).toHaveLength(230);
    expect(new Set(ids).size).toBe(230);
    // Most recently active first, as the list shows them.
    expect(ids[0]).toMatch(/_229$/);
    expect(lines.find((line) => line.includes("HYPERLINK"))).toContain(`"'=HYPERLINK(""x"")"`);

    const open = (await (await listExport("status=OPEN&sort=oldest", cookie)).text()).trimEnd().split("\r\n");
    expect(open).toHaveLength(1 + 115);
    expect(open[1]).toMatch(/_000,BOT,OPEN,/);

    expect((await listExport("from=garbage", cookie)).status).toBe(400);
    const stranger = await createOwner("Other");
    const theirs = (await (await listExport("", await sessionCookie(stranger.userId, stranger.tenantId))).text()).trimEnd().split("\r\n");
    expect(theirs).toHaveLength(1);
  });

  it("csvField quotes what must be quoted", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", twice\n')).toBe('"say ""hi"", twice\n"');
    expect(csvField("-1")).toBe("'-1");
    expect(csvField(-1)).toBe("-1");
    expect(csvField(null)).toBe("");
  });
});
