import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { JavaScriptNeeded } from "@/components/ui/javascript-needed";
import { requireWorkspace } from "@/server/auth/workspace";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, membership, memberships } = await requireWorkspace();
  return (
    <AppShell user={user} current={membership} memberships={memberships}>
      <JavaScriptNeeded action="use Switchboard" />
      {children}
    </AppShell>
  );
}
