import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { SettingsNav } from "@/components/settings/settings-nav";
import { WebhookEndpoints } from "./webhook-endpoints";

export const metadata: Metadata = { title: "Operational webhooks" };

export default async function OperationalWebhooksPage() {
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  const admin = hasRole(membership.role, "ADMIN");
  return (
    <>
      <PageHeader
        title="Operational webhooks"
        description={`Tell ${membership.tenantName}'s own systems (on-call, chat ops, monitoring) when an integration stops or comes back, or a delivery fails.`}
      />
      <SettingsNav showSystem={admin} />
      {admin ? (
        <WebhookEndpoints />
      ) : (
        <EmptyState title="Only owners and admins can see this">
          Operational webhooks send alerts to {membership.tenantName}&apos;s own systems: ask an owner or admin if you need one.{" "}
          <Link href="/settings" className="font-medium text-indigo-600 hover:underline">
            Back to Settings
          </Link>
        </EmptyState>
      )}
    </>
  );
}
