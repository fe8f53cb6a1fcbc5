"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc";
import { describeHistoryCounts } from "@/server/integrations/schemas";
import type { IntegrationDetail } from "./types";
import { RuleSummary } from "./usage-section";

/** Back to the list once the integration is gone. */
function useLeaveDeleted() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.integration.list.queryKey() });
    router.push("/integrations");
  };
}

function BlockedByRules({ usage }: { usage: IntegrationDetail["usage"] }) {
  return (
    <p>
      It cannot be deleted while rules use it. Change or delete these rules first: <RuleSummary usage={usage} />.
    </p>
  );
}

/** "Delete": the integration goes, its history stays for the inspector. Owners may go on to delete it with its history. */
export function DeleteDialog({
  open,
  integration,
  isOwner,
  onDeleteWithHistory,
  onClose,
}: {
  open: boolean;
  integration: IntegrationDetail;
  isOwner: boolean;
  onDeleteWithHistory: () => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const leave = useLeaveDeleted();
  const remove = useMutation(trpc.integration.delete.mutationOptions({ onSuccess: leave }));
  const { usage } = integration;
  const blockedByRules = usage.rules.length > 0;
  return (
    <ConfirmDialog
      open={open}
      title={`Delete ${integration.name}?`}
      confirmLabel={blockedByRules ? null : "Delete integration"}
      danger
      pending={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => remove.mutate({ id: integration.id })}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    >
      {blockedByRules ? (
        <BlockedByRules usage={usage} />
      ) : (
        <>
          <p>
            Its webhook stops working at once and it receives nothing more; deliveries still waiting for it are marked failed. It
            disappears from lists and pickers.
          </p>
          {usage.services.length > 0 ? (
            <p>
              It is removed from {usage.services.length === 1 ? "the service" : "the services"}{" "}
              {usage.services.map((s) => `"${s.name}"`).join(", ")}.
            </p>
          ) : (
            <p>No service uses it.</p>
          )}
          <p>
            {usage.conversations > 0
              ? `Its ${usage.conversations} ${usage.conversations === 1 ? "conversation" : "conversations"}, with their messages and deliveries, are kept for the inspector`
              : "Any history it has is kept for the inspector"}
            , shown as &quot;(deleted integration)&quot;.
          </p>
          {isOwner ? (
            <p>
              <Button
                variant="secondary"
                onClick={() => {
                  remove.reset();
                  onDeleteWithHistory();
                }}
              >
                Delete with history…
              </Button>
            </p>
          ) : null}
        </>
      )}
    </ConfirmDialog>
  );
}

/** "Delete with history" (owners): the confirmation names what goes, counted when it opens. */
export function DeleteWithHistoryDialog({ open, integration, onClose }: { open: boolean; integration: IntegrationDetail; onClose: () => void }) {
  const trpc = useTRPC();
  const leave = useLeaveDeleted();
  const removeWithHistory = useMutation(trpc.integration.deleteWithHistory.mutationOptions({ onSuccess: leave }));
  const counts = useQuery({ ...trpc.integration.historyCounts.queryOptions({ id: integration.id }), enabled: open });
  const blockedByRules = integration.usage.rules.length > 0;
  return (
    <ConfirmDialog
      open={open}
      title={`Delete ${integration.name} with its history?`}
      confirmLabel={blockedByRules || !counts.data ? null : "Delete with history"}
      danger
      pending={removeWithHistory.isPending}
      error={removeWithHistory.error?.message ?? counts.error?.message}
      onConfirm={() => counts.data && removeWithHistory.mutate({ id: integration.id, confirm: counts.data })}
      onClose={() => {
        removeWithHistory.reset();
        onClose();
      }}
    >
      {blockedByRules ? (
        <BlockedByRules usage={integration.usage} />
      ) : counts.data ? (
        <p data-testid="history-counts">
          This cannot be undone. It removes the integration and {describeHistoryCounts(counts.data)}, with every attempt, from the
          inspector for good.
        </p>
      ) : (
        <p>Counting its history…</p>
      )}
    </ConfirmDialog>
  );
}
