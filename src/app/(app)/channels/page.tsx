import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Channels" };

export default function Page() {
  return (
    <>
      <PageHeader title="Channels" description="The channel assets your customers write on: the hosted web chat or your own HTTP channel." />
      <EmptyState title="No channels yet">A channel asset is where customers write: the hosted web chat page, or a channel provider posting to the channel API. Creating channels arrives with the next release.</EmptyState>
    </>
  );
}
