import type { Metadata } from "next";
import { requireOwnedRecord } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { ChannelDetail } from "./channel-detail";

export const metadata: Metadata = { title: "Channel" };

export default async function ChannelPage({ params }: { params: Promise<{ assetId: string }> }) {
  const { assetId } = await params;
  const { membership } = await requireOwnedRecord("channel", assetId);
  if (!membership) return null;
  return <ChannelDetail id={assetId} canManage={hasRole(membership.role, "ADMIN")} />;
}
