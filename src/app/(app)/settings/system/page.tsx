import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { SettingsNav } from "@/components/settings/settings-nav";
import { SystemStatus } from "./system-status";

export const metadata: Metadata = { title: "System" };

export default async function SystemPage() {
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  const admin = hasRole(membership.role, "ADMIN");
  return (
    <>
      <PageHeader title="System" description={`How webhook deliveries of ${membership.tenantName} are kept going, and what is waiting.`} />
      <SettingsNav showSystem={admin} />
      {admin ? (
        <SystemStatus />
      ) : (
        <EmptyState title="Only owners and admins can see this">
          The System page shows how deliveries are run and how many wait: ask an owner or admin of {membership.tenantName} if you need it.{" "}
          <Link href="/settings" className="font-medium text-indigo-600 hover:underline">
            Back to Settings
          </Link>
        </EmptyState>
      )}
    </>
  );
}
