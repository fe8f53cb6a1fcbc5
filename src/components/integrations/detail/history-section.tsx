import { EVENT_LABELS, formatTime } from "../labels";
import { Section } from "./section";
import type { IntegrationDetail } from "./types";

/** What happened to the integration (created, edited, verified, rotated, deactivated), newest first. */
export function HistorySection({ history }: { history: IntegrationDetail["history"] }) {
  return (
    <Section title="History">
      {history.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing has happened yet.</p>
      ) : (
        <ol className="divide-y divide-slate-100" aria-label="History">
          {history.map((event) => (
            <li key={event.id} className="flex flex-col gap-1 py-2 text-sm sm:flex-row sm:items-baseline sm:gap-4">
              <time dateTime={event.at.toISOString()} className="shrink-0 text-xs text-slate-500 sm:w-48">
                {formatTime(event.at)}
              </time>
              <span>
                <span className="font-medium text-slate-900">{EVENT_LABELS[event.type]}</span>
                {event.detail ? <span className="text-slate-700">: {event.detail}</span> : null}
                {event.actorName ? <span className="text-slate-500"> (by {event.actorName})</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
