"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { TextField } from "@/components/ui/text-field";
import type { RouterOutputs } from "@/lib/router-outputs";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEventType } from "@/server/alerts/kinds";

interface EndpointDraft {
  url: string;
  description: string;
  events: WebhookEventType[];
}

const NEW_DRAFT: EndpointDraft = { url: "", description: "", events: [...WEBHOOK_EVENTS] };

/** The operational webhook endpoints of the organization: add, edit events, send a test, the attempt log, delete. */
export function WebhookEndpoints() {
  const trpc = useTRPC();
  const list = useQuery(trpc.webhookEndpoint.list.queryOptions());
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ url: string; signingSecret: string } | null>(null);

  if (list.isPending) return <p className="text-sm text-slate-500">Loading endpoints…</p>;
  if (list.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load the endpoints: {list.error.message}
      </p>
    );
  }
  return (
    <div className="space-y-6">
      <section className="rounded-lg bg-white p-6 text-sm text-slate-700 shadow-sm ring-1 ring-slate-200">
        <h2 className="text-lg font-semibold text-slate-900">How they are sent</h2>
        <p className="mt-1 max-w-prose">
          Each event is a JSON POST (<code>type</code>, <code>timestamp</code>, <code>data</code>) signed with Standard Webhooks: check the{" "}
          <code>webhook-signature</code> header with the endpoint&apos;s signing secret. Failed sends are retried for up to an hour (the same
          schedule as every webhook), and every attempt is in the endpoint&apos;s log. A failing endpoint is told about nowhere but here and in
          the bell, so endpoints never alert each other in a loop.
        </p>
      </section>

      {created ? (
        <section role="status" className="rounded-lg border border-green-300 bg-green-50 p-4 text-sm text-green-900">
          <p className="font-semibold">Endpoint added: {created.url}</p>
          <p className="mt-1">Its signing secret, to check signatures with (you can reveal it again later):</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 ring-1 ring-green-200" data-testid="new-endpoint-secret">
              {created.signingSecret}
            </code>
            <CopyButton value={created.signingSecret} what="signing secret" />
          </div>
          <Button type="button" variant="secondary" className="mt-3" onClick={() => setCreated(null)}>
            Done
          </Button>
        </section>
      ) : null}

      {adding ? (
        <AddEndpoint
          onDone={(result) => {
            setAdding(false);
            if (result) setCreated(result);
          }}
        />
      ) : (
        <Button type="button" onClick={() => setAdding(true)}>
          Add endpoint
        </Button>
      )}

      {list.data.length === 0 ? (
        <EmptyState title="No operational webhooks yet">
          Add the URL of your own system, choose the events it wants, and it is told as soon as an integration is deactivated or reactivated, or a
          delivery fails.
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {list.data.map((endpoint) => (
            <li key={endpoint.id}>
              <EndpointCard endpoint={endpoint} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function EndpointForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: EndpointDraft;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (draft: EndpointDraft) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const fields = fieldErrorsOf(error);
  const message = error instanceof Error ? error.message : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(draft);
  };
  const toggle = (type: WebhookEventType, on: boolean) =>
    setDraft((d) => ({ ...d, events: on ? [...new Set([...d.events, type])] : d.events.filter((e) => e !== type) }));
  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      <TextField
        label="URL"
        name="url"
        type="url"
        required
        placeholder="https://ops.your-company.internal/switchboard"
        value={draft.url}
        error={fields.url}
        onChange={(e) => setDraft((d) => ({ ...d, url: e.target.value }))}
      />
      <TextField
        label="Description (optional)"
        name="description"
        value={draft.description}
        error={fields.description}
        hint="What it is, for whoever reads this list next."
        onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Events to send</legend>
        <div className="mt-2 space-y-2">
          {WEBHOOK_EVENTS.map((type) => (
            <label key={type} className="flex items-start gap-3 text-sm">
              <input
                type="checkbox"
                name="events"
                value={type}
                className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600"
                checked={draft.events.includes(type)}
                onChange={(e) => toggle(type, e.target.checked)}
              />
              <span>
                <code className="font-medium text-slate-900">{type}</code>
                <span className="block text-slate-600">{WEBHOOK_EVENT_LABELS[type]}</span>
              </span>
            </label>
          ))}
        </div>
        {fields.events ? (
          <p role="alert" className="mt-1 text-sm text-red-600">
            {fields.events}
          </p>
        ) : null}
      </fieldset>
      {message && !fields.url && !fields.events && !fields.description ? (
        <p role="alert" className="text-sm text-red-600">
          {message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function AddEndpoint({ onDone }: { onDone: (created: { url: string; signingSecret: string } | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.webhookEndpoint.create.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhookEndpoint.list.queryKey() });
        onDone({ url: result.endpoint.url, signingSecret: result.signingSecret });
      },
    }),
  );
  return (
    <section aria-labelledby="add-endpoint-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="add-endpoint-heading" className="mb-4 text-lg font-semibold text-slate-900">
        Add an endpoint
      </h2>
      <EndpointForm initial={NEW_DRAFT} submitLabel="Add endpoint" pending={create.isPending} error={create.error} onSubmit={(d) => create.mutate(d)} onCancel={() => onDone(null)} />
    </section>
  );
}

type EndpointSummary = RouterOutputs["webhookEndpoint"]["list"][number];

const STATE_LABELS: Record<string, string> = { PENDING: "Sending", DELIVERED: "Delivered", FAILED: "Failed", HELD: "Held" };

function EndpointCard({ endpoint }: { endpoint: EndpointSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.webhookEndpoint.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.webhookEndpoint.deliveries.queryKey({ id: endpoint.id }) }),
    ]);
  const update = useMutation(trpc.webhookEndpoint.update.mutationOptions({ onSuccess: () => setEditing(false), onSettled: refresh }));
  const reveal = useMutation(trpc.webhookEndpoint.revealSecret.mutationOptions());
  const test = useMutation(trpc.webhookEndpoint.sendTest.mutationOptions({ onSuccess: () => setShowLog(true), onSettled: refresh }));
  const remove = useMutation(trpc.webhookEndpoint.delete.mutationOptions({ onSuccess: () => setConfirmDelete(false), onSettled: refresh }));

  return (
    <article aria-label={`Endpoint ${endpoint.url}`} className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" data-testid="endpoint">
      {editing ? (
        <EndpointForm
          initial={{ url: endpoint.url, description: endpoint.description, events: endpoint.events as WebhookEventType[] }}
          submitLabel="Save"
          pending={update.isPending}
          error={update.error}
          onSubmit={(d) => update.mutate({ id: endpoint.id, ...d })}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0">
              <h3 className="break-all font-mono text-sm font-semibold text-slate-900">{endpoint.url}</h3>
              {endpoint.description ? <p className="mt-1 text-sm text-slate-600">{endpoint.description}</p> : null}
              <p className="mt-2 flex flex-wrap gap-1">
                {endpoint.events.map((type) => (
                  <code key={type} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                    {type}
                  </code>
                ))}
              </p>
              <p className="mt-2 text-xs text-slate-500">
                {endpoint.lastDelivery ? (
                  <>
                    Last: {STATE_LABELS[endpoint.lastDelivery.state] ?? endpoint.lastDelivery.state}
                    {endpoint.lastDelivery.lastAttemptAt ? (
                      <>
                        {" · "}
                        <DateTime value={endpoint.lastDelivery.lastAttemptAt} />
                      </>
                    ) : null}
                    {endpoint.lastDelivery.lastError ? ` · ${endpoint.lastDelivery.lastError}` : ""}
                  </>
                ) : (
                  "Nothing sent yet."
                )}
              </p>
            </div>
            <div className="flex shrink-0 flex-wrap gap-2">
              <Button type="button" variant="secondary" disabled={test.isPending} onClick={() => test.mutate({ id: endpoint.id })}>
                {test.isPending ? "Sending…" : "Send test"}
              </Button>
              <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button type="button" variant="secondary" aria-expanded={showLog} onClick={() => setShowLog((v) => !v)}>
                {showLog ? "Hide log" : "Attempt log"}
              </Button>
              <Button type="button" variant="danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            </div>
          </div>
          {test.data ? (
            <p role="status" className={`mt-3 text-sm ${test.data.state === "DELIVERED" ? "text-green-700" : "text-red-700"}`} data-testid="test-outcome">
              {test.data.state === "DELIVERED"
                ? "Test event delivered."
                : `Test event not delivered${test.data.lastError ? `: ${test.data.lastError}` : ""}. ${test.data.state === "PENDING" ? "It is retried on the schedule." : ""}`}
            </p>
          ) : test.error ? (
            <p role="alert" className="mt-3 text-sm text-red-700">
              {test.error.message}
            </p>
          ) : null}
          <div className="mt-3 text-sm">
            {reveal.data ? (
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-slate-600">Signing secret:</span>
                <code className="break-all rounded bg-slate-100 px-2 py-1" data-testid="endpoint-secret">
                  {reveal.data.signingSecret}
                </code>
                <CopyButton value={reveal.data.signingSecret} what="signing secret" />
              </div>
            ) : (
              <button type="button" className="font-medium text-indigo-600 hover:underline" disabled={reveal.isPending} onClick={() => reveal.mutate({ id: endpoint.id })}>
                Reveal signing secret
              </button>
            )}
            {reveal.error ? (
              <p role="alert" className="mt-1 text-red-700">
                {reveal.error.message}
              </p>
            ) : null}
          </div>
          {showLog ? <AttemptLog endpointId={endpoint.id} /> : null}
        </>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        danger
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onConfirm={() => remove.mutate({ id: endpoint.id })}
        onClose={() => setConfirmDelete(false)}
      >
        <p>
          <span className="font-mono">{endpoint.url}</span> gets no more events, and its attempt log is deleted with it. Events waiting for it are
          not sent.
        </p>
      </ConfirmDialog>
    </article>
  );
}

function AttemptLog({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const log = useQuery(trpc.webhookEndpoint.deliveries.queryOptions({ id: endpointId }));
  if (log.isPending) return <p className="mt-4 text-sm text-slate-500">Loading the attempt log…</p>;
  if (log.isError) {
    return (
      <p role="alert" className="mt-4 text-sm text-red-600">
        Could not load the attempt log: {log.error.message}
      </p>
    );
  }
  if (log.data.length === 0) return <p className="mt-4 text-sm text-slate-600">Nothing sent to this endpoint yet: try Send test.</p>;
  return (
    <div className="mt-4 border-t border-slate-100 pt-4">
      <h4 className="text-sm font-semibold text-slate-900">Latest events and their attempts</h4>
      <ul className="mt-2 space-y-3" data-testid="attempt-log">
        {log.data.map((delivery) => (
          <li key={delivery.id} className="rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200">
            <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <code className="font-medium text-slate-900">{delivery.type}</code>
              <span className="text-slate-700">{STATE_LABELS[delivery.state] ?? delivery.state}</span>
              <span className="text-xs text-slate-500">
                <DateTime value={delivery.createdAt} />
              </span>
              <span className="font-mono text-xs text-slate-500">webhook-id {delivery.id}</span>
            </p>
            {delivery.state === "PENDING" && delivery.nextAttemptAt ? (
              <p className="mt-1 text-xs text-slate-600">
                Next attempt <DateTime value={delivery.nextAttemptAt} />
              </p>
            ) : null}
            {delivery.attemptLog.length > 0 ? (
              <ol className="mt-2 space-y-1 text-xs text-slate-700">
                {delivery.attemptLog.map((attempt) => (
                  <li key={attempt.number}>
                    #{attempt.number} · <DateTime value={attempt.startedAt} /> · {attempt.durationMs} ms ·{" "}
                    {attempt.error ? <span className="text-red-700">{attempt.error}</span> : <span className="text-green-700">HTTP {attempt.statusCode}</span>}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="mt-1 text-xs text-slate-600">Not attempted yet.</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
