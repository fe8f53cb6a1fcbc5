import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";
import { AccountSection } from "./account-section";
import { AlertEmailsSection } from "./alert-emails-section";
import { MembersSection } from "./members-section";
import { OrganizationsSection } from "./organizations-section";
import { SessionsSection } from "./sessions-section";
import { SettingsNav } from "@/components/settings/settings-nav";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { user, membership } = await requireWorkspace();
  if (!membership) return null;
  return (
    <>
      <PageHeader title="Settings" description={`Members and organizations of ${membership.tenantName}.`} />
      <SettingsNav showSystem={hasRole(membership.role, "ADMIN")} />
      <div className="space-y-10">
        <MembersSection
          currentUserId={user.id}
          myRole={membership.role}
          canManage={hasRole(membership.role, "ADMIN")}
        />
        <OrganizationsSection />
        <AccountSection email={user.email} />
        <AlertEmailsSection />
        <SessionsSection />
      </div>
    </>
  );
}
