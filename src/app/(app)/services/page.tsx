import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { ServicesView } from "./services-view";

export const metadata: Metadata = { title: "Services" };

export default async function ServicesPage() {
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  return (
    <>
      <PageHeader
        title="Services"
        description="Services group channels with the integrations that answer them, and hold the rules that route each message."
      />
      <ServicesView canManage={hasRole(membership.role, "ADMIN")} />
    </>
  );
}
