import type { Metadata } from "next";
import { InactiveIntegrationsBanner } from "@/components/alerts/inactive-integrations-banner";
import { requireOwnedRecord } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { IntegrationDetailView } from "@/components/integrations/integration-detail";
import { IntegrationHealthSection } from "./health-section";

export const metadata: Metadata = { title: "Integration" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { membership } = await requireOwnedRecord("integration", id);
  if (!membership) return null;
  return (
    <>
      <Breadcrumbs trail={[{ label: "Integrations", href: "/integrations" }, { label: "Integration" }]} />
      <InactiveIntegrationsBanner canVerify={hasRole(membership.role, "ADMIN")} only={id} />
      <IntegrationDetailView id={id} canManage={hasRole(membership.role, "ADMIN")} isOwner={membership.role === "OWNER"} />
      <IntegrationHealthSection id={id} />
    </>
  );
}
