"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/use-confirm";
import { useTRPC } from "@/lib/trpc";
import { RuleForm } from "./rule-form";
import { card, type RuleItem, type ServicePageData } from "./types";

interface Props {
  service: ServicePageData;
  canManage: boolean;
  onChanged: () => Promise<void>;
}

export function RulesSection({ service, canManage, onChanged }: Props) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const move = useMutation(trpc.rule.move.mutationOptions({ onSuccess: onChanged }));
  const toggle = useMutation(trpc.rule.setEnabled.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.rule.delete.mutationOptions({ onSuccess: onChanged }));
  const busy = move.isPending || toggle.isPending || remove.isPending;
  const actionError = move.error ?? toggle.error;
  const { confirm, dialog } = useConfirm();
  const done = async () => {
    setEditing(null);
    await onChanged();
  };

  return (
    <section aria-labelledby="rules-heading" className={card}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="rules-heading" className="text-lg font-semibold">
          Rules
        </h2>
        {canManage && editing !== "new" ? <Button onClick={() => setEditing("new")}>Add rule</Button> : null}
      </div>
      <p className="mt-1 text-sm text-slate-600">
        Rules run in order; the first enabled rule that matches a message decides where it goes. A message no rule matches is kept as
        unrouted for support staff.
      </p>
      {editing === "new" ? (
        <div className="mt-4">
          <RuleForm service={service} onDone={done} onCancel={() => setEditing(null)} />
        </div>
      ) : null}
      {service.rules.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No rules yet.</p>
      ) : (
        <ol aria-label="Rules" className="mt-4 space-y-3">
          {service.rules.map((rule, index) =>
            editing === rule.id ? (
              <li key={rule.id}>
                <RuleForm service={service} rule={rule} onDone={done} onCancel={() => setEditing(null)} />
              </li>
            ) : (
              <RuleRow
                key={rule.id}
                rule={rule}
                canManage={canManage}
                busy={busy}
                first={index === 0}
                last={index === service.rules.length - 1}
                onMove={(direction) => move.mutate({ id: rule.id, direction })}
                onToggle={() =>
                  rule.enabled
                    ? confirm({
                        title: `Disable rule ${rule.number}?`,
                        body: (
                          <p>
                            New messages will skip it ({rule.triggerText} → {rule.actionLabel}) and go to the next rule that matches, or stay
                            unrouted if none does. Conversations it already started carry on. You can enable it again at any time.
                          </p>
                        ),
                        confirmLabel: "Disable rule",
                        run: () => toggle.mutateAsync({ id: rule.id, enabled: false }),
                      })
                    : toggle.mutate({ id: rule.id, enabled: true })
                }
                onEdit={() => setEditing(rule.id)}
                onDelete={() =>
                  confirm({
                    title: `Delete rule ${rule.number}?`,
                    body: (
                      <p>
                        {rule.triggerText} → {rule.actionLabel}. New messages it would have matched go to the next rule that matches, or stay
                        unrouted. Conversations it already started carry on. This cannot be undone.
                      </p>
                    ),
                    confirmLabel: "Delete rule",
                    danger: true,
                    run: () => remove.mutateAsync({ id: rule.id }),
                  })
                }
              />
            ),
          )}
        </ol>
      )}
      {actionError ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {actionError.message}
        </p>
      ) : null}
      {dialog}
    </section>
  );
}

interface RowProps {
  rule: RuleItem;
  canManage: boolean;
  busy: boolean;
  first: boolean;
  last: boolean;
  onMove: (direction: "up" | "down") => void;
  onToggle: () => void;
  onEdit: () => void;
  onDelete: () => void;
}

function RuleRow({ rule, canManage, busy, first, last, onMove, onToggle, onEdit, onDelete }: RowProps) {
  return (
    <li
      aria-label={`Rule ${rule.number}`}
      data-testid="rule"
      className={`rounded-md border p-4 ${rule.enabled ? "border-slate-200" : "border-dashed border-slate-300 bg-slate-50"}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1 text-sm">
          <p className="font-semibold text-slate-900">
            Rule {rule.number}
            {rule.enabled ? null : <span className="ml-2 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">Disabled</span>}
          </p>
          <p>
            <span className="text-slate-500">Trigger: </span>
            <span data-testid="rule-trigger">{rule.triggerText}</span>
          </p>
          {rule.conditionTexts.length > 0 ? (
            <ul className="list-disc pl-5 text-slate-700" aria-label={`Conditions of rule ${rule.number}`}>
              {rule.conditionTexts.map((text, i) => (
                <li key={i}>{text}</li>
              ))}
            </ul>
          ) : null}
          <p>
            <span className="text-slate-500">Action: </span>
            <span data-testid="rule-action">{rule.actionText}</span>
          </p>
          {rule.event === "INCOMING_MESSAGE" ? (
            <p className="text-xs text-slate-500" data-testid="rule-postbacks">
              {rule.coversPostbacks
                ? "Postbacks (quick-reply taps) too, unless a Postback rule takes them."
                : "Postbacks are separate: only a Postback rule answers them."}
            </p>
          ) : null}
          {rule.actionType === "BOT_CCSP" && rule.handoverText ? (
            <p className="text-xs text-slate-500">At a handover the customer reads: &ldquo;{rule.handoverText}&rdquo;</p>
          ) : null}
          {rule.actionType === "BOT_CCSP" && rule.handoverWhenBotUnavailable ? (
            <p className="text-xs text-slate-500">
              {rule.handoverOnFirstFailure
                ? "Customers go to the CCSP as soon as a message fails to reach the BOT."
                : "Customers go to the CCSP while the BOT is unavailable (inactive)."}
            </p>
          ) : null}
        </div>
        {canManage ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" disabled={busy || first} onClick={() => onMove("up")} aria-label={`Move rule ${rule.number} up`}>
              Move up
            </Button>
            <Button variant="secondary" disabled={busy || last} onClick={() => onMove("down")} aria-label={`Move rule ${rule.number} down`}>
              Move down
            </Button>
            <Button variant="secondary" disabled={busy} onClick={onToggle} aria-label={`${rule.enabled ? "Disable" : "Enable"} rule ${rule.number}`}>
              {rule.enabled ? "Disable" : "Enable"}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={onEdit} aria-label={`Edit rule ${rule.number}`}>
              Edit
            </Button>
            <Button variant="danger" disabled={busy} onClick={onDelete} aria-label={`Delete rule ${rule.number}`}>
              Delete
            </Button>
          </div>
        ) : null}
      </div>
    </li>
  );
}
