import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { AddIntegrationWizard } from "@/components/integrations/add-integration-wizard";
import { AdminOnly } from "@/components/integrations/admin-only";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const metadata: Metadata = { title: "Add Integration: Generic Bot" };

export default async function Page() {
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  return (
    <>
      <Breadcrumbs trail={[{ label: "Integrations", href: "/integrations" }, { label: "Add Integration" }, { label: "Generic Bot" }]} />
      <PageHeader title="Add Integration: Generic Bot" description="Connect a bot: choose its platform, name it, then give Switchboard its webhook." />
      {hasRole(membership.role, "ADMIN") ? <AddIntegrationWizard kind="BOT" /> : <AdminOnly what="add integrations" />}
    </>
  );
}
