import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { AddIntegrationWizard } from "@/components/integrations/add-integration-wizard";
import { AdminOnly } from "@/components/integrations/admin-only";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const metadata: Metadata = { title: "Add Integration: CCSP" };

export default async function Page() {
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  return (
    <>
      <Breadcrumbs trail={[{ label: "Integrations", href: "/integrations" }, { label: "Add Integration" }, { label: "CCSP" }]} />
      <PageHeader title="Add Integration: CCSP" description="Connect a contact centre's webhook, or use the built-in agent desk." />
      {hasRole(membership.role, "ADMIN") ? <AddIntegrationWizard kind="CCSP" /> : <AdminOnly what="add integrations" />}
    </>
  );
}
