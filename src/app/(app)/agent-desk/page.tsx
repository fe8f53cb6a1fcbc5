import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Agent desk" };

export default function Page() {
  return (
    <>
      <PageHeader title="Agent desk" description="Conversations handed over by a bot to your agents." />
      <EmptyState title="No conversations waiting">When a bot hands a customer over to the built-in agent desk, the conversation appears here for an agent to accept and answer.</EmptyState>
    </>
  );
}
