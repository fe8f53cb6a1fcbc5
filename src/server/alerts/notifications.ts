/**
 * The notification centre (the bell): a member's notifications in their current organization,
 * newest first, the unread count, mark as read. Every query is scoped by the member and the
 * organization, so nobody reads or marks another member's or another tenant's notifications.
 */
import type { Db } from "@/server/db/client";
import { announce } from "@/server/live/publish";
import type { Actor } from "@/server/tenancy/actor";
import type { AlertKind } from "./kinds";

export interface NotificationView {
  id: string;
  kind: AlertKind;
  title: string;
  body: string;
  href: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export const NOTIFICATION_PAGE = 30;

export async function listNotifications(db: Db, viewer: Actor, limit = NOTIFICATION_PAGE): Promise<{ items: NotificationView[]; unread: number }> {
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where: { userId: viewer.userId, tenantId: viewer.tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { id: true, readAt: true, createdAt: true, alert: { select: { kind: true, title: true, body: true, href: true } } },
    }),
    unreadCount(db, viewer),
  ]);
  return { items: rows.map((r) => ({ id: r.id, readAt: r.readAt, createdAt: r.createdAt, ...r.alert })), unread };
}

export function unreadCount(db: Db, viewer: Actor): Promise<number> {
  return db.notification.count({ where: { userId: viewer.userId, tenantId: viewer.tenantId, readAt: null } });
}

/** Marks the viewer's own notifications among `ids` read (others' IDs change nothing); returns how many changed. */
export async function markRead(db: Db, viewer: Actor, ids: readonly string[]): Promise<{ marked: number }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.notification.updateMany({
      where: { id: { in: [...ids] }, userId: viewer.userId, tenantId: viewer.tenantId, readAt: null },
      data: { readAt: new Date() },
    });
    // The viewer's other tabs update their count.
    if (count > 0) await announce(tx, { type: "change", tenantId: viewer.tenantId, what: "alert", conversationIds: [] });
    return { marked: count };
  });
}

export async function markAllRead(db: Db, viewer: Actor): Promise<{ marked: number }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.notification.updateMany({
      where: { userId: viewer.userId, tenantId: viewer.tenantId, readAt: null },
      data: { readAt: new Date() },
    });
    if (count > 0) await announce(tx, { type: "change", tenantId: viewer.tenantId, what: "alert", conversationIds: [] });
    return { marked: count };
  });
}
