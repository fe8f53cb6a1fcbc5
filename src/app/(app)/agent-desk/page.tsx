import type { Metadata } from "next";
import { Suspense } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { AgentDesk } from "./agent-desk";

export const metadata: Metadata = { title: "Agent desk" };

export default async function Page() {
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  return (
    <>
      <PageHeader title="Agent desk" description="Conversations a bot handed over to your agents: accept one, answer the customer, and close it to return them to the bot." />
      {hasRole(membership.role, "AGENT") ? (
        <Suspense fallback={<p className="text-sm text-slate-500">Loading the desk…</p>}>
          <AgentDesk />
        </Suspense>
      ) : (
        <EmptyState title="The agent desk is for agents">
          Your role in this organization is Viewer. An owner or an admin can make you an agent in Settings; meanwhile you can read every
          conversation under Conversations.
        </EmptyState>
      )}
    </>
  );
}
