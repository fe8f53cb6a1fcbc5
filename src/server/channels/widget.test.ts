/**
 * Widget settings on the real database: saved through tRPC by an admin of the channel's own
 * organization only, read by the hosted page and by the embed's settings endpoint, which answers
 * an allowed origin (with its CORS header) and refuses any other.
 */
import { describe, expect, it } from "vitest";
import { GET as getWidget } from "@/app/api/v1/channels/[assetId]/widget/route";
import { GET as getScript } from "@/app/widget.js/route";
import { findHostedChat } from "@/server/conversations/visitor-messages";
import { db } from "@/server/db/client";
import { callerFor, createMember, createOwner } from "@/test/factories";
import { trpcError } from "@/test/trpc-errors";
import { readWidgetSettings, readableOn } from "./widget-settings";

async function webChat(allowedOrigins: string[] = []) {
  const owner = await createOwner(`Widget org ${Math.random().toString(36).slice(2, 8)}`);
  const { caller } = await callerFor(owner.userId, owner.tenantId);
  const { asset } = await caller.channel.create({ type: "WEB_CHAT", name: "Site", allowedOrigins });
  return { owner, caller, asset };
}

const widgetOf = (assetId: string, origin?: string) =>
  getWidget(new Request(`http://localhost/api/v1/channels/${assetId}/widget`, { headers: origin ? { origin } : {} }), { params: Promise.resolve({ assetId }) });

const look = { title: "Acme help", greeting: "Hi! Ask us anything.", accentColor: "#0F766E", initials: "AC", launcherPosition: "bottom-left" as const };

describe("web chat widget settings", () => {
  it("are saved by an admin, shown on the hosted page, and refuse bad values naming the field", async () => {
    const { caller, asset } = await webChat();
    expect(asset.widget).toEqual({ title: "", greeting: "", accentColor: "#4f46e5", initials: "", launcherPosition: "bottom-right" });
    expect(asset.embedScript).toMatch(new RegExp(`^<script src="http://localhost:\\d+/widget.js" data-switchboard-chat="${asset.id}" async></script>$`));
    await caller.channel.updateWidget({ id: asset.id, ...look });
    expect((await caller.channel.get({ id: asset.id })).widget).toEqual({ ...look, accentColor: "#0f766e" });
    expect(await findHostedChat(db(), asset.id)).toMatchObject({ title: "Acme help", widget: { greeting: look.greeting, initials: "AC", accentColor: "#0f766e", accentText: "#ffffff" } });

    for (const [field, value] of [
      ["accentColor", "red; background:url(x)"],
      ["initials", "ABC"],
      ["title", "x".repeat(61)],
      ["launcherPosition", "top-left"],
      ["greeting", "hi\u0000"],
    ] as const) {
      const error = await trpcError(caller.channel.updateWidget({ id: asset.id, ...look, [field]: value } as never));
      expect(error.code, field).toBe("BAD_REQUEST");
    }
    // Nothing half-written: the last good look stays.
    expect((await caller.channel.get({ id: asset.id })).widget?.title).toBe("Acme help");
  });

  it("belong to the channel's organization: another one can neither read nor change them; an agent cannot change them", async () => {
    const { owner, asset } = await webChat();
    const stranger = await webChat();
    expect((await trpcError(stranger.caller.channel.updateWidget({ id: asset.id, ...look }))).code).toBe("NOT_FOUND");
    expect((await trpcError(stranger.caller.channel.get({ id: asset.id }))).code).toBe("NOT_FOUND");
    const agent = await createMember(owner.tenantId, "AGENT");
    expect((await trpcError((await callerFor(agent.userId, owner.tenantId)).caller.channel.updateWidget({ id: asset.id, ...look }))).code).toBe("FORBIDDEN");
    expect(readWidgetSettings((await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } })).settings).title).toBe("");
  });

  it("are readable by an allowed origin only, with its CORS header", async () => {
    const { caller, asset } = await webChat(["https://shop.example"]);
    await caller.channel.updateWidget({ id: asset.id, ...look });
    const allowed = await widgetOf(asset.id, "https://shop.example");
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(await allowed.json()).toMatchObject({ title: "Acme help", launcherPosition: "bottom-left", chatUrl: expect.stringMatching(new RegExp(`/chat/${asset.id}$`)) });

    const refused = await widgetOf(asset.id, "https://evil.example");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("ORIGIN_NOT_ALLOWED");

    // No list: any site; an unknown or non-web-chat channel: 404.
    const open = await webChat();
    expect((await widgetOf(open.asset.id, "https://anyone.example")).status).toBe(200);
    expect((await widgetOf("no-such-channel", "https://shop.example")).status).toBe(404);
    const { asset: http } = await caller.channel.create({ type: "HTTP", name: "Provider", callbackUrl: "https://provider.example/callback" });
    expect((await widgetOf(http.id, "https://shop.example")).status).toBe(404);
  });

  it("serves the embed script as cacheable JavaScript", async () => {
    const script = getScript();
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    expect(await script.text()).toContain("data-switchboard-chat");
  });

  it("pick readable text for the accent colour", () => {
    expect(readableOn("#ffffff")).toBe("#0f172a");
    expect(readableOn("#fde047")).toBe("#0f172a");
    expect(readableOn("#4f46e5")).toBe("#ffffff");
  });
});
