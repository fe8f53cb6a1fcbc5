"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc";
import { DateTime } from "@/components/ui/date-time";

/** Deliveries move in the background: the page refreshes itself this often (ms). */
const LIVE_MS = 5_000;

const RUNNERS = {
  inngest: {
    name: "Inngest",
    meaning:
      "An Inngest server schedules the retries, deactivations and releases of held deliveries; the embedded runner in each app process only takes over work Inngest never received.",
  },
  embedded: {
    name: "Embedded runner",
    meaning:
      "No Inngest server is configured: each app process runs the retries, deactivations and releases itself, coordinated through the database, so nothing else has to run and a restart loses nothing.",
  },
} as const;

const STATES = [
  { state: "PENDING", label: "Pending", meaning: "Waiting for a first attempt or a retry, or queued behind an earlier delivery of the same conversation." },
  { state: "HELD", label: "Held", meaning: "Kept while their integration is inactive; verifying it again sends them, in order." },
  { state: "FAILED", label: "Failed", meaning: "Every retry failed or the receiver refused them; an admin can replay each one from its conversation." },
] as const;

export function SystemStatus() {
  const trpc = useTRPC();
  const status = useQuery(trpc.system.status.queryOptions(undefined, { refetchInterval: LIVE_MS }));
  if (status.isPending) return <p className="text-sm text-slate-500">Loading the system status…</p>;
  if (status.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load the system status: {status.error.message}
      </p>
    );
  }
  const { runner, counts, oldestDueRetry, mail } = status.data;
  return (
    <div className="space-y-6">
      <MailStatus mail={mail} />
      <section aria-labelledby="section-runner" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h2 id="section-runner" className="text-lg font-semibold text-slate-900">
          Durable runner
        </h2>
        <p className="mt-2 text-sm text-slate-900" data-testid="system-runner">
          In use: <strong>{RUNNERS[runner].name}</strong>
        </p>
        <p className="mt-1 max-w-prose text-sm text-slate-600">{RUNNERS[runner].meaning}</p>
      </section>

      <section aria-labelledby="section-deliveries" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h2 id="section-deliveries" className="text-lg font-semibold text-slate-900">
          Deliveries not yet delivered
        </h2>
        <p className="mt-1 text-sm text-slate-600">Webhooks this organization sends to its bots, contact centres and channel callbacks.</p>
        <dl className="mt-4 grid gap-4 sm:grid-cols-3">
          {STATES.map(({ state, label, meaning }) => (
            <div key={state} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
              <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
              <dd className="mt-1">
                <span className="text-xl font-semibold text-slate-900 tabular-nums" data-testid={`count-${state}`}>
                  {counts[state]}
                </span>
                <span className="mt-1 block text-xs text-slate-600">{meaning}</span>
                {counts[state] > 0 ? (
                  <Link href={`/conversations?delivery=${state}`} className="mt-2 inline-block text-sm font-medium text-indigo-600 hover:underline">
                    See their conversations<span className="sr-only"> ({label.toLowerCase()} deliveries)</span>
                  </Link>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
        <div className="mt-4 border-t border-slate-100 pt-4">
          <h3 className="text-sm font-semibold text-slate-900">Oldest due retry</h3>
          <p className="mt-1 text-sm text-slate-700" data-testid="oldest-due-retry">
            {oldestDueRetry ? (
              <>
                {oldestDueRetry.at.getTime() <= status.dataUpdatedAt ? "Due since " : "Due at "}
                <DateTime value={oldestDueRetry.at} />
                {oldestDueRetry.receiverName ? `, to ${oldestDueRetry.receiverName}` : ""}
                {oldestDueRetry.conversationId ? (
                  <>
                    {" · "}
                    <Link href={`/conversations/${oldestDueRetry.conversationId}`} className="font-medium text-indigo-600 hover:underline">
                      Open its conversation
                    </Link>
                  </>
                ) : null}
              </>
            ) : (
              "None: no delivery is waiting for a retry."
            )}
          </p>
        </div>
      </section>
    </div>
  );
}

const MAIL_DESTINATIONS = {
  smtp: "Mail goes out through the SMTP server in SMTP_URL.",
  folder: "Development: no SMTP_URL is set, so each mail is written as an .eml file into .data/mail/ and the server's console prints its links.",
  none: "SMTP_URL is not set: invitations, password resets, email confirmations and alert emails wait unsent until it is set and the app restarted.",
} as const;

function MailStatus({ mail }: { mail: { transport: "smtp" | "folder" | "none"; description: string; waiting: number; failed: number; lastError: string | null } }) {
  return (
    <section aria-labelledby="section-mail" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="section-mail" className="text-lg font-semibold text-slate-900">
        Mail
      </h2>
      {mail.transport === "none" ? (
        <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {MAIL_DESTINATIONS.none}
        </p>
      ) : (
        <p className="mt-2 text-sm text-slate-700" data-testid="mail-transport">
          {MAIL_DESTINATIONS[mail.transport]} ({mail.description})
        </p>
      )}
      <p className="mt-2 text-sm text-slate-700">
        This organization&apos;s mail not yet sent: <strong className="tabular-nums">{mail.waiting}</strong> waiting,{" "}
        <strong className="tabular-nums">{mail.failed}</strong> failed after every retry.
        {mail.lastError ? <span className="block text-xs text-slate-500">Last problem: {mail.lastError}</span> : null}
      </p>
    </section>
  );
}
