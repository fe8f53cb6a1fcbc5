"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc";
import type { GraceHours } from "@/server/integrations/schemas";
import { GraceChoice } from "../grace-choice";
import { useRefreshIntegration } from "./use-refresh-integration";

/** "Rotate signing secret": requests signed with a new secret, with both during the chosen grace. */
export function RotateSigningSecretDialog({
  open,
  integration,
  onRotated,
  onClose,
}: {
  open: boolean;
  integration: { id: string; name: string };
  onRotated: () => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshIntegration(integration.id);
  // Every opening starts at "no grace": reset whenever the dialog closes.
  const [grace, setGrace] = useState<GraceHours>(0);
  const rotate = useMutation(
    trpc.integration.rotateSigningSecret.mutationOptions({
      onSuccess: () => {
        setGrace(0);
        onRotated();
      },
      onSettled: refresh,
    }),
  );
  return (
    <ConfirmDialog
      open={open}
      title={`Rotate the signing secret of ${integration.name}?`}
      confirmLabel="Rotate signing secret"
      pending={rotate.isPending}
      error={rotate.error?.message}
      onConfirm={() => rotate.mutate({ id: integration.id, graceHours: grace })}
      onClose={() => {
        rotate.reset();
        setGrace(0);
        onClose();
      }}
    >
      <p>
        A new signing secret is generated; reveal it on this page.{" "}
        {grace === 0
          ? "Requests are signed with the new secret only, at once: a receiver still checking with the current one refuses them."
          : `For ${grace === 1 ? "1 hour" : "24 hours"} every request carries two signatures (webhook-signature lists both), one per secret, so your system can switch without refusing any.`}
      </p>
      <GraceChoice name="signing-grace" value={grace} onChange={setGrace} />
    </ConfirmDialog>
  );
}
