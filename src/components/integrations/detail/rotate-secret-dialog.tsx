"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc";
import type { GraceHours } from "@/server/integrations/schemas";
import { GraceChoice } from "../grace-choice";
import { useRefreshIntegration } from "./use-refresh-integration";

const hours = (grace: GraceHours) => (grace === 1 ? "1 hour" : "24 hours");

/** The two secrets an integration rotates, and what rotating each one does. */
const SECRETS = {
  inbound: {
    title: (name: string) => `Rotate the secret of ${name}?`,
    confirmLabel: "Rotate secret",
    graceName: "inbound-grace",
    text: (grace: GraceHours) =>
      `A new inbound webhook secret is generated and shown once. ${
        grace === 0
          ? "The current secret stops working at once: calls that present it are refused until your system uses the new one."
          : `The current secret keeps working for ${hours(grace)} next to the new one, so your system can switch without refused calls.`
      }`,
  },
  signing: {
    title: (name: string) => `Rotate the signing secret of ${name}?`,
    confirmLabel: "Rotate signing secret",
    graceName: "signing-grace",
    text: (grace: GraceHours) =>
      `A new signing secret is generated; reveal it on this page. ${
        grace === 0
          ? "Requests are signed with the new secret only, at once: a receiver still checking with the current one refuses them."
          : `For ${hours(grace)} every request carries two signatures (webhook-signature lists both), one per secret, so your system can switch without refusing any.`
      }`,
  },
} as const;

/**
 * "Rotate secret" (the inbound webhook secret, shown once: `onRotated` gets it) or "Rotate signing
 * secret" (revealed on the page later), the current one kept working for the chosen grace.
 */
export function RotateSecretDialog({
  secret,
  open,
  integration,
  onRotated,
  onClose,
}: {
  secret: keyof typeof SECRETS;
  open: boolean;
  integration: { id: string; name: string };
  onRotated: (inboundSecret: string | null) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshIntegration(integration.id);
  // Every opening starts at "no grace": reset whenever the dialog closes.
  const [grace, setGrace] = useState<GraceHours>(0);
  const rotated = (inboundSecret: string | null) => {
    setGrace(0);
    onRotated(inboundSecret);
  };
  const rotateInbound = useMutation(trpc.integration.rotateSecret.mutationOptions({ onSuccess: (result) => rotated(result.inboundSecret), onSettled: refresh }));
  const rotateSigning = useMutation(trpc.integration.rotateSigningSecret.mutationOptions({ onSuccess: () => rotated(null), onSettled: refresh }));
  const rotate = secret === "inbound" ? rotateInbound : rotateSigning;
  const words = SECRETS[secret];
  return (
    <ConfirmDialog
      open={open}
      title={words.title(integration.name)}
      confirmLabel={words.confirmLabel}
      pending={rotate.isPending}
      error={rotate.error?.message}
      onConfirm={() => rotate.mutate({ id: integration.id, graceHours: grace })}
      onClose={() => {
        rotate.reset();
        setGrace(0);
        onClose();
      }}
    >
      <p>{words.text(grace)}</p>
      <GraceChoice name={words.graceName} value={grace} onChange={setGrace} />
    </ConfirmDialog>
  );
}
