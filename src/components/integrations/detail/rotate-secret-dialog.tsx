"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc";
import type { GraceHours } from "@/server/integrations/schemas";
import { GraceChoice } from "../grace-choice";
import { useRefreshIntegration } from "./use-refresh-integration";

/** "Rotate secret": a new inbound webhook secret, the current one kept for the chosen grace. */
export function RotateSecretDialog({
  open,
  integration,
  onRotated,
  onClose,
}: {
  open: boolean;
  integration: { id: string; name: string };
  onRotated: (inboundSecret: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshIntegration(integration.id);
  // Every opening starts at "no grace": reset whenever the dialog closes.
  const [grace, setGrace] = useState<GraceHours>(0);
  const rotate = useMutation(
    trpc.integration.rotateSecret.mutationOptions({
      onSuccess: (result) => {
        setGrace(0);
        onRotated(result.inboundSecret);
      },
      onSettled: refresh,
    }),
  );
  return (
    <ConfirmDialog
      open={open}
      title={`Rotate the secret of ${integration.name}?`}
      confirmLabel="Rotate secret"
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
        A new inbound webhook secret is generated and shown once.{" "}
        {grace === 0
          ? "The current secret stops working at once: calls that present it are refused until your system uses the new one."
          : `The current secret keeps working for ${grace === 1 ? "1 hour" : "24 hours"} next to the new one, so your system can switch without refused calls.`}
      </p>
      <GraceChoice name="inbound-grace" value={grace} onChange={setGrace} />
    </ConfirmDialog>
  );
}
