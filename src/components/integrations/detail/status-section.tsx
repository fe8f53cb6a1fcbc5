import { DetailItem } from "@/components/ui/detail-item";
import { BUILT_IN_STATUS_HELP, formatTime, STATUS_HELP } from "../labels";
import { StatusBadge } from "../status-badge";
import { Section } from "./section";
import type { IntegrationDetail } from "./types";

/** Whether it receives events, and why not: failures, verification, deactivation. */
export function StatusSection({ integration }: { integration: IntegrationDetail }) {
  const builtIn = integration.platform === "BUILT_IN";
  return (
    <Section title="Status">
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
        <DetailItem label="Status">
          <StatusBadge status={integration.status} />
          <span className="mt-1 block text-xs text-slate-600">{builtIn ? BUILT_IN_STATUS_HELP : STATUS_HELP[integration.status]}</span>
        </DetailItem>
        <DetailItem label="Consecutive failures">
          <span data-testid="consecutive-failures">{integration.consecutiveFailures}</span>
        </DetailItem>
        <DetailItem label="Last verified">{builtIn ? "Not needed: the built-in agent desk is always active" : formatTime(integration.lastVerifiedAt)}</DetailItem>
        {integration.deactivatedAt ? <DetailItem label="Deactivated">{formatTime(integration.deactivatedAt)}</DetailItem> : null}
        {integration.lastVerifyError ? (
          <DetailItem label="Last verification failed">
            <span data-testid="last-verify-error" className="text-red-700">
              {integration.lastVerifyError}
            </span>
          </DetailItem>
        ) : null}
      </dl>
    </Section>
  );
}
