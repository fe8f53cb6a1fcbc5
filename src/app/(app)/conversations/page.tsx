import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { ConversationsView } from "./conversations-view";

export const metadata: Metadata = { title: "Conversations" };

export default function Page() {
  return (
    <>
      <PageHeader
        title="Conversations"
        description="Every conversation with its messages, handovers and webhook deliveries, and the customer messages no rule matched."
      />
      <Suspense fallback={<p className="text-sm text-slate-500">Loading…</p>}>
        <ConversationsView />
      </Suspense>
    </>
  );
}
