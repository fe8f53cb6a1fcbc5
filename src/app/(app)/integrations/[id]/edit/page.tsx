import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { AdminOnly } from "@/components/integrations/admin-only";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { EditIntegrationForm } from "@/components/integrations/edit-integration-form";

export const metadata: Metadata = { title: "Edit integration" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, { membership }] = await Promise.all([params, requireWorkspace()]);
  if (!membership) return null;
  return (
    <>
      <Breadcrumbs
        trail={[{ label: "Integrations", href: "/integrations" }, { label: "Integration", href: `/integrations/${id}` }, { label: "Edit" }]}
      />
      <PageHeader title="Edit integration" />
      {hasRole(membership.role, "ADMIN") ? <EditIntegrationForm id={id} /> : <AdminOnly what="edit integrations" />}
    </>
  );
}
