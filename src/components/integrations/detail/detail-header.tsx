import Link from "next/link";
import { Button } from "@/components/ui/button";
import { typeLabel } from "../labels";
import { StatusBadge } from "../status-badge";
import type { IntegrationDetail } from "./types";

export type DetailDialog = "rotate" | "rotate-signing" | "delete" | "deleteHistory";

/** The integration's name, status and type, and (for owners and admins) its actions. */
export function DetailHeader({
  integration,
  canManage,
  verifying,
  onVerify,
  onOpen,
}: {
  integration: IntegrationDetail;
  canManage: boolean;
  verifying: boolean;
  onVerify: () => void;
  onOpen: (dialog: DetailDialog) => void;
}) {
  const builtIn = integration.platform === "BUILT_IN";
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
      <div>
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-bold tracking-tight text-slate-900">
          {integration.name} <StatusBadge status={integration.status} />
        </h1>
        <p className="mt-1 text-sm text-slate-600">{typeLabel(integration.kind, integration.platform)}</p>
      </div>
      {canManage ? (
        <div className="flex flex-wrap gap-2" role="group" aria-label="Actions">
          <Link
            href={`/integrations/${integration.id}/edit`}
            className="inline-flex items-center rounded-md bg-white px-3 py-2 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Edit
          </Link>
          {!builtIn ? (
            <>
              <Button variant="secondary" disabled={verifying} onClick={onVerify}>
                {verifying ? "Verifying…" : "Verify again"}
              </Button>
              <Button variant="secondary" onClick={() => onOpen("rotate")}>
                Rotate secret
              </Button>
              <Button variant="secondary" onClick={() => onOpen("rotate-signing")}>
                Rotate signing secret
              </Button>
            </>
          ) : null}
          <Button variant="danger" onClick={() => onOpen("delete")}>
            Delete
          </Button>
        </div>
      ) : null}
    </div>
  );
}
