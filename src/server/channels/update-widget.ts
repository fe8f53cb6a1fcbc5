/** A WEB_CHAT channel's widget settings, saved by an admin of its organization (widget-settings.ts). */
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { badRequest, notFound } from "@/server/errors";
import type { Actor } from "@/server/tenancy/actor";
import { readWidgetSettings, type WidgetSettings } from "./widget-settings";

export async function updateWidgetSettings(db: Db, actor: Actor, id: string, widget: WidgetSettings): Promise<WidgetSettings> {
  return db.$transaction(async (tx) => {
    const asset = await tx.channelAsset.findFirst({ where: { id, tenantId: actor.tenantId }, select: { type: true, settings: true } });
    if (!asset) throw notFound("Channel");
    if (asset.type !== "WEB_CHAT") throw badRequest("Widget settings apply to web chat channels only", "id");
    const settings = { ...((asset.settings ?? {}) as Record<string, unknown>), widget } as Prisma.InputJsonObject;
    await tx.channelAsset.update({ where: { id }, data: { settings } });
    return readWidgetSettings(settings);
  });
}
