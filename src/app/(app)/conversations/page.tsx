import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Conversations" };

export default function Page() {
  return (
    <>
      <PageHeader title="Conversations" description="Every conversation with its messages, handovers and webhook deliveries." />
      <EmptyState title="No conversations yet">Once a channel is routed to a bot, each customer conversation shows up here with its full timeline.</EmptyState>
    </>
  );
}
