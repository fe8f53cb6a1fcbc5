"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc";
import { forgetSecret, peekSecret } from "@/lib/one-time-secret";
import { AgentDeskSection } from "./detail/agent-desk-section";
import { DeleteDialog, DeleteWithHistoryDialog } from "./detail/delete-dialogs";
import { DetailHeader, type DetailDialog } from "./detail/detail-header";
import { HistorySection } from "./detail/history-section";
import { NewSecretNotice } from "./detail/new-secret-notice";
import { RotateSecretDialog } from "./detail/rotate-secret-dialog";
import { StatusSection } from "./detail/status-section";
import { UsageSection } from "./detail/usage-section";
import { useVerifyAgain, VerifyAgainOutcome } from "./detail/verify-again";
import { WebhooksSection } from "./detail/webhooks-section";

/** An integration's page: its sections (detail/), and the dialogs its actions open. */
export function IntegrationDetailView({ id, canManage, isOwner = false }: { id: string; canManage: boolean; isOwner?: boolean }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.integration.get.queryOptions({ id }));
  // The secret the wizard handed over, shown this once; later only "Rotate secret" shows one.
  const [inboundSecret, setInboundSecret] = useState<string | null>(() => peekSecret(id));
  const [dialog, setDialog] = useState<DetailDialog | null>(null);
  const [signingRotated, setSigningRotated] = useState(false);
  const verify = useVerifyAgain(id);
  const close = () => setDialog(null);

  useEffect(() => forgetSecret(id), [id]);

  if (detail.isPending) return <p className="text-sm text-slate-500">Loading the integration…</p>;
  if (detail.isError) {
    return detail.error.data?.code === "NOT_FOUND" ? (
      <EmptyState title="Integration not found">
        It may have been deleted.{" "}
        <Link href="/integrations" className="font-medium text-indigo-600 hover:underline">
          Back to Integrations
        </Link>
      </EmptyState>
    ) : (
      <p role="alert" className="text-sm text-red-600">
        Could not load the integration: {detail.error.message}
      </p>
    );
  }

  const integration = detail.data;
  const manage = canManage ? integration.manage : null;

  return (
    <div className="space-y-6">
      <DetailHeader integration={integration} canManage={manage !== null} verifying={verify.pending} onVerify={verify.run} onOpen={setDialog} />
      <VerifyAgainOutcome pending={verify.pending} outcome={verify.outcome} />
      {manage && inboundSecret ? <NewSecretNotice secret={inboundSecret} onDismiss={() => setInboundSecret(null)} /> : null}

      <StatusSection integration={integration} />
      {integration.platform === "BUILT_IN" ? (
        <AgentDeskSection />
      ) : manage ? (
        <WebhooksSection integrationId={integration.id} manage={manage} newSecretShown={inboundSecret !== null} signingRotated={signingRotated} />
      ) : (
        <p className="text-sm text-slate-600">Only owners and admins see this integration&apos;s URLs and secrets.</p>
      )}
      <UsageSection usage={integration.usage} />
      <HistorySection history={integration.history} />

      <RotateSecretDialog
        secret="inbound"
        open={dialog === "rotate"}
        integration={integration}
        onRotated={(secret) => {
          setInboundSecret(secret);
          close();
        }}
        onClose={close}
      />
      <RotateSecretDialog
        secret="signing"
        open={dialog === "rotate-signing"}
        integration={integration}
        onRotated={() => {
          setSigningRotated(true);
          close();
        }}
        onClose={close}
      />
      <DeleteDialog open={dialog === "delete"} integration={integration} isOwner={isOwner} onDeleteWithHistory={() => setDialog("deleteHistory")} onClose={close} />
      {isOwner ? <DeleteWithHistoryDialog open={dialog === "deleteHistory"} integration={integration} onClose={close} /> : null}
    </div>
  );
}
