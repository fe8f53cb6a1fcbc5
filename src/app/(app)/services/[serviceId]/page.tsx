import type { Metadata } from "next";
import { requireOwnedRecord } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { ServiceDetail } from "./service-detail";

export const metadata: Metadata = { title: "Service" };

export default async function ServicePage({ params }: { params: Promise<{ serviceId: string }> }) {
  const { serviceId } = await params;
  const { membership } = await requireOwnedRecord("service", serviceId);
  if (!membership) return null;
  return <ServiceDetail id={serviceId} canManage={hasRole(membership.role, "ADMIN")} />;
}
