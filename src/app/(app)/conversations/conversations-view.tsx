"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { SelectField } from "@/components/forms/select-field";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { TextField } from "@/components/ui/text-field";
import { useLive, useThrottled } from "@/components/live/use-live";
import { useTRPC } from "@/lib/trpc";
import { Badge, CONVERSATION_STATUS_STYLES, SENDER_LABELS } from "@/components/conversations/format";
import { DateTime } from "@/components/ui/date-time";
import { CsvExport } from "./_components/csv-export";
import type { ListConversationsQuery } from "@/server/inspector/schemas";

/** While the live stream does not work, the inspector refreshes itself this often (ms). */
const FALLBACK_MS = 2_000;
/** A busy organization changes all the time: the list refetches at most this often. */
const LIST_REFRESH_MS = 1_000;

const FILTER_KEYS = ["q", "id", "user", "channel", "service", "integration", "status", "kind", "delivery", "from", "to", "sort"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;

const EMPTY: Filters = { q: "", id: "", user: "", channel: "", service: "", integration: "", status: "", kind: "", delivery: "", from: "", to: "", sort: "" };
/** What the list's order is called, on the page (the sort is not a filter: "" is the default). */
const SORT_LABELS = { recent: "most recently active first", oldest: "oldest activity first" } as const;
const sortOf = (filters: Filters) => (filters.sort === "oldest" ? "oldest" : "recent");
const DELIVERY_STATES = ["PENDING", "HELD", "FAILED"] as const;

function readFilters(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ""])) as Filters;
}

/** A yyyy-mm-dd field as the start or the end of that day, in the browser's time zone. */
function dayBound(value: string, end: boolean): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T${end ? "23:59:59.999" : "00:00:00.000"}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function ConversationsView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const tab = params.get("tab") === "unrouted" ? "unrouted" : "conversations";
  const applied = readFilters(params);

  const navigate = (next: Partial<Filters> & { tab?: string }) => {
    const query = new URLSearchParams();
    const merged = { ...applied, ...next };
    if ((next.tab ?? tab) === "unrouted") query.set("tab", "unrouted");
    for (const key of FILTER_KEYS) if (merged[key]) query.set(key, merged[key]);
    const search = query.toString();
    router.replace(search ? `${pathname}?${search}` : pathname);
  };

  return (
    <div className="space-y-6">
      <div role="tablist" aria-label="What to inspect" className="flex gap-2 border-b border-slate-200">
        {(
          [
            ["conversations", "Conversations"],
            ["unrouted", "Unrouted messages"],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={tab === value}
            onClick={() => navigate({ tab: value })}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              tab === value ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {label}
          </button>
        ))}
      </div>
      <FilterForm key={params.toString()} tab={tab} applied={applied} onApply={(filters) => navigate(filters)} onClear={() => navigate(EMPTY)} />
      {tab === "unrouted" ? <UnroutedList filters={applied} /> : applied.q ? <MessageSearchResults filters={applied} /> : <ConversationList filters={applied} />}
    </div>
  );
}

function FilterForm({
  tab,
  applied,
  onApply,
  onClear,
}: {
  tab: "conversations" | "unrouted";
  applied: Filters;
  onApply: (filters: Filters) => void;
  onClear: () => void;
}) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Filters>(applied);
  const channels = useQuery(trpc.channel.list.queryOptions());
  const services = useQuery(trpc.service.list.queryOptions(undefined, { enabled: tab === "conversations" }));
  const integrations = useQuery(trpc.integration.list.queryOptions(undefined, { enabled: tab === "conversations" }));
  const set = (key: FilterKey) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: event.target.value }));
  // On a phone only the first field shows; the others fold behind "Filters" (always shown from sm up).
  const [expanded, setExpanded] = useState(false);
  const first: FilterKey = tab === "conversations" ? "q" : "user";
  const folded = FILTER_KEYS.filter((key) => key !== first && key !== "sort" && applied[key]).length;
  const more = expanded ? "contents" : "hidden sm:contents";

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form method="post" onSubmit={onSubmit} aria-label="Search" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {tab === "conversations" ? (
          <TextField label="Message text" hint='Words, "a phrase", or -a word to leave out' value={draft.q} onChange={set("q")} />
        ) : (
          <TextField label="Channel user" value={draft.user} onChange={set("user")} />
        )}
        <button
          type="button"
          className="justify-self-start rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-slate-300 sm:hidden"
          aria-expanded={expanded}
          aria-controls="more-filters"
          onClick={() => setExpanded((open) => !open)}
        >
          {expanded ? "Fewer filters" : `Filters${folded ? ` (${folded} set)` : ""}`}
        </button>
        <div id="more-filters" className={more}>
          {tab === "conversations" ? (
            <>
              <TextField label="Conversation ID" hint="Or a message ID (msg_…) or a delivery ID (dlv_…)" value={draft.id} onChange={set("id")} />
              <TextField label="Channel user" value={draft.user} onChange={set("user")} />
            </>
          ) : null}
          <SelectField label="Channel" value={draft.channel} onChange={set("channel")}>
            <option value="">Any channel</option>
            {channels.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          {tab === "conversations" ? (
            <>
              <SelectField label="Service" value={draft.service} onChange={set("service")}>
                <option value="">Any service</option>
                {services.data?.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </SelectField>
              <SelectField label="Integration" value={draft.integration} onChange={set("integration")}>
                <option value="">Any integration</option>
                {integrations.data?.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name} ({i.kind})
                  </option>
                ))}
              </SelectField>
              <SelectField label="Status" value={draft.status} onChange={set("status")}>
                <option value="">Open or closed</option>
                <option value="OPEN">Open</option>
                <option value="CLOSED">Closed</option>
              </SelectField>
              <SelectField label="Type" value={draft.kind} onChange={set("kind")}>
                <option value="">BOT or CCSP</option>
                <option value="BOT">BOT</option>
                <option value="CCSP">CCSP</option>
              </SelectField>
              <SelectField label="Deliveries" value={draft.delivery} onChange={set("delivery")}>
                <option value="">In any state</option>
                <option value="PENDING">Some pending</option>
                <option value="HELD">Some held</option>
                <option value="FAILED">Some failed</option>
              </SelectField>
              <SelectField label="Order" value={draft.sort} onChange={set("sort")}>
                <option value="">Most recently active first</option>
                <option value="oldest">Oldest activity first</option>
              </SelectField>
            </>
          ) : null}
          <TextField label={tab === "conversations" ? "Active from" : "From"} type="date" value={draft.from} onChange={set("from")} />
          <TextField label={tab === "conversations" ? "Active until" : "Until"} type="date" value={draft.to} onChange={set("to")} />
        </div>
      </div>
      <div className="mt-4 flex gap-2">
        <Button type="submit">Search</Button>
        <Button type="button" variant="secondary" onClick={onClear}>
          Clear filters
        </Button>
      </div>
    </form>
  );
}

/** The form's filters as the conversation list's input (the tRPC query, the CSV export, the search). */
function listInput(filters: Filters): ListConversationsQuery {
  return {
    id: filters.id || null,
    channelUserId: filters.user || null,
    channelAssetId: filters.channel || null,
    serviceId: filters.service || null,
    integrationId: filters.integration || null,
    status: filters.status === "OPEN" || filters.status === "CLOSED" ? filters.status : null,
    kind: filters.kind === "BOT" || filters.kind === "CCSP" ? filters.kind : null,
    deliveryState: DELIVERY_STATES.find((state) => state === filters.delivery) ?? null,
    from: dayBound(filters.from, false),
    to: dayBound(filters.to, true),
    sort: sortOf(filters),
  };
}

/** The list's input as the CSV export's query parameters (src/app/api/conversations/export/route.ts). */
function exportQuery(filters: Filters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(listInput(filters))) {
    if (value) params.set(name, value instanceof Date ? value.toISOString() : String(value));
  }
  return params.toString();
}

function ConversationList({ filters }: { filters: Filters }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.conversation.list.pathKey() }), LIST_REFRESH_MS);
  // Any change may move a conversation into, within or out of the list.
  const live = useLive({ onChange: refresh });
  const list = useInfiniteQuery(
    trpc.conversation.list.infiniteQueryOptions(listInput(filters), {
      getNextPageParam: (page) => page.nextCursor,
      refetchInterval: live ? false : FALLBACK_MS,
    }),
  );
  if (list.isPending) return <p className="text-sm text-slate-500">Loading conversations…</p>;
  if (list.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load conversations: {list.error.message}
      </p>
    );
  }
  const rows = list.data.pages.flatMap((p) => p.items);
  const filtered = FILTER_KEYS.some((key) => key !== "sort" && filters[key]);
  if (rows.length === 0) {
    return filtered ? (
      <EmptyState title="No conversation matches">Try fewer filters, or a wider date range.</EmptyState>
    ) : (
      <EmptyState title="No conversations yet">
        Once a channel is routed to a bot or a contact centre by a service&apos;s rules, each customer conversation shows up here with its
        full timeline: messages, handovers and every webhook delivery.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Conversations">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">Conversation</th>
              <th scope="col" className="px-3 py-2">Type</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Channel user</th>
              <th scope="col" className="px-3 py-2">Channel</th>
              <th scope="col" className="px-3 py-2">Service</th>
              <th scope="col" className="px-3 py-2">Integration</th>
              <th scope="col" className="px-3 py-2 text-right">Messages</th>
              <th scope="col" className="px-3 py-2" aria-sort={sortOf(filters) === "oldest" ? "ascending" : "descending"}>
                Last activity {sortOf(filters) === "oldest" ? "↑" : "↓"}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((c) => (
              <tr key={c.id} data-testid="conversation-row">
                <td className="px-3 py-2">
                  <Link href={`/conversations/${c.id}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
                    {c.id}
                  </Link>
                  {c.failedDeliveries > 0 ? (
                    <span className="ml-2">
                      <Badge className="bg-red-50 text-red-800 ring-red-600/30">
                        {c.failedDeliveries} failed {c.failedDeliveries === 1 ? "delivery" : "deliveries"}
                      </Badge>
                    </span>
                  ) : null}
                  {c.kind === "CCSP" && c.handoverReason ? <span className="block text-xs text-slate-500">Reason: {c.handoverReason}</span> : null}
                </td>
                <td className="px-3 py-2">{c.kind}</td>
                <td className="px-3 py-2">
                  <Badge className={CONVERSATION_STATUS_STYLES[c.status]}>{c.status === "OPEN" ? (c.activeCcspConversationId ? "Open, with an agent" : "Open") : "Closed"}</Badge>
                </td>
                <td className="px-3 py-2 font-mono text-xs">{c.channelUserId}</td>
                <td className="px-3 py-2">{c.channel.name}</td>
                <td className="px-3 py-2">{c.service?.name ?? "—"}</td>
                <td className="px-3 py-2">{c.integration.name}</td>
                <td className="px-3 py-2 text-right tabular-nums">{c.messageCount}</td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-600"><DateTime value={c.lastActivityAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CsvExport href={`/api/conversations/export?${exportQuery(filters)}`} />
      {list.hasNextPage ? (
        <Button variant="secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : (
        <p className="text-xs text-slate-500">
          {rows.length} {rows.length === 1 ? "conversation" : "conversations"}, {SORT_LABELS[sortOf(filters)]}.
        </p>
      )}
    </div>
  );
}

function UnroutedList({ filters }: { filters: Filters }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.conversation.unrouted.pathKey() }), LIST_REFRESH_MS);
  // An unrouted message is a message in no conversation (null: refetch everything).
  const live = useLive({
    onChange: (change) => {
      if (change.conversationIds === null || (change.what === "message" && change.conversationIds.length === 0)) refresh();
    },
  });
  const list = useInfiniteQuery(
    trpc.conversation.unrouted.infiniteQueryOptions(
      {
        channelUserId: filters.user || null,
        channelAssetId: filters.channel || null,
        from: dayBound(filters.from, false),
        to: dayBound(filters.to, true),
      },
      { getNextPageParam: (page) => page.nextCursor, refetchInterval: live ? false : FALLBACK_MS },
    ),
  );
  if (list.isPending) return <p className="text-sm text-slate-500">Loading unrouted messages…</p>;
  if (list.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load unrouted messages: {list.error.message}
      </p>
    );
  }
  const rows = list.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) {
    return (
      <EmptyState title="No unrouted messages">
        A customer message that no rule of the channel&apos;s service matches (or that arrives on a channel no service uses) is kept here,
        so that nothing a customer wrote is lost.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        No rule matched these messages. Check the rules of the channel&apos;s service on the{" "}
        <Link href="/services" className="font-medium text-indigo-600 hover:underline">
          Services
        </Link>{" "}
        page.
      </p>
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Unrouted messages">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">Received</th>
              <th scope="col" className="px-3 py-2">Channel</th>
              <th scope="col" className="px-3 py-2">Channel user</th>
              <th scope="col" className="px-3 py-2">Message</th>
              <th scope="col" className="px-3 py-2">Message ID</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((m) => (
              <tr key={m.id} data-testid="unrouted-row">
                <td className="px-3 py-2 whitespace-nowrap text-slate-600"><DateTime value={m.createdAt} /></td>
                <td className="px-3 py-2">{m.channel.name}</td>
                <td className="px-3 py-2 font-mono text-xs">{m.channelUserId}</td>
                <td className="px-3 py-2">
                  {m.postbackPayload ? <span className="text-slate-500">Postback: </span> : null}
                  {m.text ?? m.postbackPayload}
                  {m.messageType !== "text" ? <span className="ml-1 text-xs text-slate-500">({m.messageType})</span> : null}
                </td>
                <td className="px-3 py-2 font-mono text-xs text-slate-600">{m.id}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.hasNextPage ? (
        <Button variant="secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}

/** Messages whose text matches, best first, with the list's filters; each leads to its place in the timeline. */
function MessageSearchResults({ filters }: { filters: Filters }) {
  const trpc = useTRPC();
  const search = useQuery(
    trpc.conversation.search.queryOptions(
      (({ channelAssetId, integrationId, status, kind, from, to }) => ({ query: filters.q, channelAssetId, integrationId, status, kind, from, to }))(listInput(filters)),
    ),
  );
  if (search.isPending) return <p className="text-sm text-slate-500">Searching messages…</p>;
  if (search.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not search: {search.error.message}
      </p>
    );
  }
  const { items, capped } = search.data;
  if (items.length === 0) {
    return <EmptyState title="No message matches">Try other words, fewer filters, or a wider date range.</EmptyState>;
  }
  return (
    <div className="space-y-3">
      <ol aria-label="Matching messages" className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        {items.map((hit) => (
          <li key={hit.messageId} data-testid="search-hit" className="px-4 py-3 text-sm">
            <Link href={`/conversations/${hit.conversationId}#${encodeURIComponent(hit.messageId)}`} className="block hover:bg-slate-50">
              <span className="text-xs text-slate-500">
                {SENDER_LABELS[hit.sender]} · <span className="font-mono">{hit.channelUserId}</span> · <DateTime value={hit.createdAt} />
              </span>
              <span className="mt-1 block text-slate-800">
                {hit.snippet.map((part, i) =>
                  part.hit ? (
                    <mark key={i} className="rounded bg-amber-100 px-0.5 text-slate-900">
                      {part.text}
                    </mark>
                  ) : (
                    <span key={i}>{part.text}</span>
                  ),
                )}
              </span>
            </Link>
          </li>
        ))}
      </ol>
      <p className="text-xs text-slate-500">
        {items.length} best {items.length === 1 ? "match" : "matches"}, most relevant first
        {capped ? "; more messages match than were ranked: add words or filters to narrow the search" : ""}.
      </p>
    </div>
  );
}
