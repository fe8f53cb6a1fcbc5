import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { SettingsNav } from "@/components/settings/settings-nav";
import { RetentionSection } from "./retention-section";

export const metadata: Metadata = { title: "Data retention" };

export default async function DataRetentionPage() {
  const { membership } = await requireWorkspace();
  if (!membership) return null;
  const admin = hasRole(membership.role, "ADMIN");
  return (
    <>
      <PageHeader title="Data retention" description={`How long the conversations of ${membership.tenantName} are kept.`} />
      <SettingsNav showSystem={admin} />
      <RetentionSection canChange={admin} />
    </>
  );
}
