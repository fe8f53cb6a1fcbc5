import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Services" };

export default function Page() {
  return (
    <>
      <PageHeader title="Services" description="Services group channels with the integrations that answer them, and hold the routing rules." />
      <EmptyState title="No services yet">A service ties channels to bots and agents with ordered rules: forward to a bot, to a contact centre, or to a bot with handover. Services arrive with the next release.</EmptyState>
    </>
  );
}
