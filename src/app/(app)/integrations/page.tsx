import type { Metadata } from "next";
import { InactiveIntegrationsBanner } from "@/components/alerts/inactive-integrations-banner";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { AddIntegrationMenu } from "@/components/integrations/add-integration-menu";
import { IntegrationList } from "@/components/integrations/integration-list";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  const canManage = hasRole(membership.role, "ADMIN");
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Bots and contact-centre (CCSP) integrations that receive your customers' messages."
        actions={canManage ? <AddIntegrationMenu /> : undefined}
      />
      <InactiveIntegrationsBanner canVerify={canManage} />
      <IntegrationList canManage={canManage} />
    </>
  );
}
