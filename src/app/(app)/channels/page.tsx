import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { ChannelsView } from "./channels-view";

export const metadata: Metadata = { title: "Channels" };

export default async function ChannelsPage() {
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  return (
    <>
      <PageHeader
        title="Channels"
        description="The channel assets your customers write on: the hosted web chat, or your own HTTP channel posting to the channel API."
      />
      <ChannelsView canManage={hasRole(membership.role, "ADMIN")} />
    </>
  );
}
