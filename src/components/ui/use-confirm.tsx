"use client";

import { useState, type ReactNode } from "react";
import { ConfirmDialog } from "./confirm-dialog";

export interface Confirmation {
  title: string;
  /** The consequence, spelled out. */
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Runs on confirmation; the dialog stays open (with the error) if it fails. */
  run: () => Promise<unknown>;
}

/**
 * One styled confirmation for every destructive or disruptive action: `confirm({...})` opens
 * it, `dialog` is rendered once by the component. The dialog shows the action's progress and
 * error, and closes when the action succeeds.
 */
export function useConfirm(): { confirm: (confirmation: Confirmation) => void; dialog: ReactNode } {
  const [current, setCurrent] = useState<Confirmation | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onConfirm() {
    if (!current) return;
    setPending(true);
    setError(null);
    try {
      await current.run();
      setCurrent(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPending(false);
    }
  }

  const dialog = (
    <ConfirmDialog
      open={current !== null}
      title={current?.title ?? ""}
      confirmLabel={current?.confirmLabel ?? null}
      danger={current?.danger}
      pending={pending}
      error={error}
      onConfirm={() => void onConfirm()}
      onClose={() => {
        setCurrent(null);
        setError(null);
      }}
    >
      {current?.body}
    </ConfirmDialog>
  );
  return {
    confirm: (confirmation) => {
      setError(null);
      setCurrent(confirmation);
    },
    dialog,
  };
}
