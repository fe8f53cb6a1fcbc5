/**
 * Alert email choices, per member, organization and kind (Settings → Alert emails). No row means
 * the kind's default (kinds.ts). Only owners and admins are emailed; other roles see their
 * choices as not applying to them.
 */
import type { Db } from "@/server/db/client";
import { hasRole, type Role } from "@/server/tenancy/roles";
import { ALERT_KINDS, ALERT_LABELS, EMAIL_BY_DEFAULT, type AlertKind } from "./kinds";

export interface PreferenceView {
  kind: AlertKind;
  label: string;
  description: string;
  email: boolean;
  emailByDefault: boolean;
}

export async function alertPreferences(db: Db, viewer: { userId: string; tenantId: string; role: Role }) {
  const rows = await db.alertPreference.findMany({ where: { userId: viewer.userId, tenantId: viewer.tenantId }, select: { kind: true, email: true } });
  const chosen = new Map(rows.map((r) => [r.kind, r.email]));
  const kinds: PreferenceView[] = ALERT_KINDS.map((kind) => ({
    kind,
    ...ALERT_LABELS[kind],
    email: chosen.get(kind) ?? EMAIL_BY_DEFAULT[kind],
    emailByDefault: EMAIL_BY_DEFAULT[kind],
  }));
  return { emailed: hasRole(viewer.role, "ADMIN"), kinds };
}

export async function setAlertPreference(db: Db, viewer: { userId: string; tenantId: string }, kind: AlertKind, email: boolean) {
  await db.alertPreference.upsert({
    where: { userId_tenantId_kind: { userId: viewer.userId, tenantId: viewer.tenantId, kind } },
    create: { userId: viewer.userId, tenantId: viewer.tenantId, kind, email },
    update: { email },
  });
  return { kind, email };
}
