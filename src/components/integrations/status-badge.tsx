import { STATUS_HELP, STATUS_LABELS, type IntegrationStatus } from "./labels";

const styles: Record<IntegrationStatus, string> = {
  ACTIVE: "bg-green-50 text-green-800 ring-green-600/30",
  UNVERIFIED: "bg-amber-50 text-amber-800 ring-amber-600/30",
  INACTIVE: "bg-red-50 text-red-800 ring-red-600/30",
};

export function StatusBadge({ status }: { status: IntegrationStatus }) {
  return (
    <span
      data-testid="integration-status"
      title={STATUS_HELP[status]}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${styles[status]}`}
    >
      {STATUS_LABELS[status]}
    </span>
  );
}
