import type { Metadata } from "next";
import { requireWorkspace } from "@/server/tenancy/current";
import { hasRole } from "@/server/tenancy/roles";
import { ChannelDetail } from "./channel-detail";

export const metadata: Metadata = { title: "Channel" };

export default async function ChannelPage({ params }: { params: Promise<{ assetId: string }> }) {
  const { assetId } = await params;
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  return <ChannelDetail id={assetId} canManage={hasRole(membership.role, "ADMIN")} />;
}
