"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { TypingAnnouncer } from "@/components/live/typing-announcer";
import { concerns, useLive, useThrottled, useTypingIndicator } from "@/components/live/use-live";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { RouterOutputs } from "@/lib/router-outputs";
import { fieldErrorsOf, useTRPC, useTRPCClient } from "@/lib/trpc";
import { MAX_REPLY_LENGTH } from "@/server/desk/schemas";
import { Badge, formatClock, formatTime, SENDER_LABELS } from "@/components/conversations/format";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** While the live stream does not work, the desk refreshes itself this often (ms). */
const FALLBACK_MS = 1_000;
/** Refetches of the queue or a conversation, however busy: at most one per this many ms. */
const REFRESH_MS = 300;

type QueueItem = RouterOutputs["desk"]["queue"]["waiting"][number];

export function AgentDesk() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const selected = params.get("c");
  const queryClient = useQueryClient();
  const refreshQueue = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.desk.queue.queryKey() }), REFRESH_MS);
  const live = useLive({
    onChange: (change) => {
      // A handover, an accept or a close changes the queue; a message changes the item it is in.
      const shown = queue.data ? [...queue.data.waiting, ...queue.data.mine, ...queue.data.others].map((item) => item.id) : [];
      if (change.what === "conversation" || change.what === "channel" || concerns(change, shown)) refreshQueue();
    },
  });
  const queue = useQuery(trpc.desk.queue.queryOptions(undefined, { refetchInterval: live ? false : FALLBACK_MS }));
  const select = (id: string | null) => router.replace(id ? `${pathname}?c=${encodeURIComponent(id)}` : pathname);

  if (queue.isPending) return <p className="text-sm text-slate-500">Loading the queue…</p>;
  if (queue.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load the queue: {queue.error.message}
      </p>
    );
  }
  const { desks, waiting, mine, others } = queue.data;
  if (desks.length === 0) {
    return (
      <EmptyState title="No built-in agent desk yet">
        Conversations arrive here when a bot hands a customer over on a service whose rule is &ldquo;BOT + CCSP&rdquo; with the built-in agent
        desk as its CCSP. An admin adds the desk under Assets &gt;{" "}
        <Link href="/integrations" className="font-medium text-indigo-600 hover:underline">
          Integrations
        </Link>{" "}
        (Add integration, CCSP, Built-in agent desk), maps it to the service and names it in the rule.
      </EmptyState>
    );
  }
  const nothing = waiting.length + mine.length + others.length === 0;
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <nav aria-label="Queue" className="space-y-6">
        <QueueList title="Waiting" items={waiting} selected={selected} onSelect={select} empty="Nobody is waiting." />
        <QueueList title="Mine" items={mine} selected={selected} onSelect={select} empty="You have no open conversation." />
        {others.length > 0 ? <QueueList title="With other agents" items={others} selected={selected} onSelect={select} empty="" /> : null}
      </nav>
      <div>
        {selected ? (
          <DeskConversationPanel key={selected} id={selected} onClosed={() => select(null)} />
        ) : nothing ? (
          <EmptyState title="No conversations waiting">
            When a bot hands a customer over (its webhook sends eventid 1002), or the bot is unavailable, the conversation appears under
            Waiting within a second, with the reason and what the customer told the bot. Accept it to answer; close it to return the
            customer to the bot.
          </EmptyState>
        ) : (
          <EmptyState title="Pick a conversation">Choose a customer in the queue to read the conversation and answer.</EmptyState>
        )}
      </div>
    </div>
  );
}

function QueueList({
  title,
  items,
  selected,
  onSelect,
  empty,
}: {
  title: string;
  items: QueueItem[];
  selected: string | null;
  onSelect: (id: string) => void;
  empty: string;
}) {
  return (
    <section aria-labelledby={`queue-${title}`}>
      <h2 id={`queue-${title}`} className="mb-2 text-sm font-semibold text-slate-900">
        {title} <span className="font-normal text-slate-500">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <ul aria-label={title} className="space-y-2">
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                aria-current={selected === item.id ? "true" : undefined}
                onClick={() => onSelect(item.id)}
                className={`w-full rounded-lg px-3 py-2 text-left text-sm shadow-sm ring-1 ${
                  selected === item.id ? "bg-indigo-50 ring-indigo-400" : "bg-white ring-slate-200 hover:bg-slate-50"
                }`}
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="truncate font-medium text-slate-900">{item.channelUserId}</span>
                  {item.awaitingReply ? <Badge className="bg-amber-50 text-amber-800 ring-amber-600/30">Needs reply</Badge> : null}
                </span>
                <span className="block truncate text-xs text-slate-500">
                  {item.channel.name}
                  {item.serviceName ? ` · ${item.serviceName}` : ""}
                  {item.assignee && title === "With other agents" ? ` · ${item.assignee.name}` : ""}
                </span>
                {item.handoverReason ? <span className="block truncate text-xs text-slate-700">Reason: {item.handoverReason}</span> : null}
                {item.lastMessage ? (
                  <span className="block truncate text-xs text-slate-600">
                    {SENDER_LABELS[item.lastMessage.sender]}: {item.lastMessage.text}
                  </span>
                ) : null}
                <span className="block text-xs text-slate-400">since {formatTime(item.createdAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeskConversationPanel({ id, onClosed }: { id: string; onClosed: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshDetail = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.desk.get.queryKey({ conversationId: id }) }), REFRESH_MS);
  const live = useLive({ onChange: (change) => concerns(change, [id, detail.data?.botConversationId]) && refreshDetail() });
  const detail = useQuery(trpc.desk.get.queryOptions({ conversationId: id }, { refetchInterval: live ? false : FALLBACK_MS }));
  const customerTyping = useTypingIndicator(
    (t) => t.from === "CUSTOMER" && t.channelAssetId === detail.data?.channel.id && t.channelUserId === detail.data?.channelUserId,
  );
  const client = useTRPCClient();
  // Best effort: a lost "typing" only means the customer does not see it.
  const [typingOut] = useState(() => new TypingAnnouncer((typing) => void client.desk.typing.mutate({ conversationId: id, typing }).catch(() => {})));
  useEffect(() => () => typingOut.stop(), [typingOut]);
  const [reply, setReply] = useState("");
  const [confirmClose, setConfirmClose] = useState(false);
  const transcriptEnd = useRef<HTMLLIElement>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.desk.queue.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.desk.get.queryKey({ conversationId: id }) }),
    ]);
  const accept = useMutation(trpc.desk.accept.mutationOptions({ onSettled: refresh }));
  const send = useMutation(
    trpc.desk.reply.mutationOptions({
      onSuccess: () => setReply(""),
      onSettled: refresh,
    }),
  );
  const close = useMutation(
    trpc.desk.close.mutationOptions({
      onSuccess: () => {
        setConfirmClose(false);
        onClosed();
      },
      onSettled: refresh,
    }),
  );

  const count = detail.data?.transcript.length ?? 0;
  useEffect(() => {
    transcriptEnd.current?.scrollIntoView({ block: "nearest" });
  }, [count]);

  if (detail.isPending) return <p className="text-sm text-slate-500">Loading the conversation…</p>;
  if (detail.isError) {
    return detail.error.data?.code === "NOT_FOUND" ? (
      <EmptyState title="Conversation not found">It is not a conversation of your agent desk.</EmptyState>
    ) : (
      <p role="alert" className="text-sm text-red-600">
        Could not load the conversation: {detail.error.message}
      </p>
    );
  }
  const c = detail.data;
  const handoverIndex = c.transcript.findIndex((t) => t.part === "DESK");

  function onSend(event: FormEvent) {
    event.preventDefault();
    if (reply.trim() === "") return;
    typingOut.stop();
    send.mutate({ conversationId: id, message: reply });
  }

  return (
    <section aria-label="Conversation" className="flex flex-col rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex flex-col gap-2 border-b border-slate-200 p-4 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">
            Customer <span className="font-mono">{c.channelUserId}</span>
          </h2>
          <p className="text-sm text-slate-600">
            {c.channel.name} ({c.channel.type === "WEB_CHAT" ? "web chat" : c.channel.type}){c.serviceName ? ` · ${c.serviceName}` : ""} · {c.deskName}
          </p>
          <p className="text-sm text-slate-800" data-testid="handover-reason">
            Handover reason: {c.handoverReason ?? "none given"}
          </p>
          <p className="text-xs text-slate-500">
            {c.status === "CLOSED"
              ? `Closed ${formatTime(c.closedAt)}: the customer is back with the bot.`
              : c.assignee
                ? `Accepted by ${c.assignee.name} ${formatTime(c.acceptedAt)}`
                : `Waiting since ${formatTime(c.createdAt)}`}{" "}
            ·{" "}
            <Link href={`/conversations/${c.id}`} className="text-indigo-600 hover:underline">
              Inspect
            </Link>
          </p>
        </div>
        <div className="flex shrink-0 gap-2">
          {c.can.accept ? (
            <Button disabled={accept.isPending} onClick={() => accept.mutate({ conversationId: id })}>
              {accept.isPending ? "Accepting…" : "Accept"}
            </Button>
          ) : null}
          {c.can.close ? (
            <Button variant="secondary" onClick={() => setConfirmClose(true)}>
              Close
            </Button>
          ) : null}
        </div>
      </header>
      {accept.error ? (
        <p role="alert" className="mx-4 mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {accept.error.message}
        </p>
      ) : null}

      <ol aria-label="Transcript" className="max-h-[28rem] min-h-48 space-y-2 overflow-y-auto p-4">
        {c.truncated ? <li className="text-center text-xs text-slate-500">Older messages are in the inspector.</li> : null}
        {c.transcript.length === 0 ? <li className="text-sm text-slate-500">Nothing has been said yet.</li> : null}
        {c.transcript.map((entry, index) => (
          <li key={entry.id} data-testid="transcript-entry" data-part={entry.part}>
            {index === handoverIndex ? (
              <p className="my-2 border-t border-dashed border-slate-300 pt-2 text-center text-xs text-slate-500">In the agent desk</p>
            ) : null}
            {entry.kind === "HANDOVER" ? (
              <p className="rounded-md bg-amber-50 px-3 py-1 text-center text-xs text-amber-900">
                Handed over to the desk{entry.text ? `: ${entry.text}` : ""} · {formatClock(entry.at)}
              </p>
            ) : entry.kind === "CLOSE" ? (
              <p className="rounded-md bg-slate-100 px-3 py-1 text-center text-xs text-slate-700">
                Closed{entry.agentName ? ` by ${entry.agentName}` : ""} · {formatClock(entry.at)}
              </p>
            ) : (
              <div className={`flex ${entry.sender === "CUSTOMER" ? "justify-start" : "justify-end"}`}>
                <div
                  className={`max-w-[80%] rounded-lg px-3 py-2 text-sm ${
                    entry.sender === "CUSTOMER" ? "bg-slate-100 text-slate-900" : entry.sender === "BOT" ? "bg-indigo-50 text-indigo-950" : "bg-emerald-600 text-white"
                  }`}
                >
                  <p className="text-xs opacity-75">
                    {entry.agentName ?? SENDER_LABELS[entry.sender]}
                    {entry.part === "BOT" ? " (with the bot)" : ""} · {formatClock(entry.at)}
                  </p>
                  <p className="whitespace-pre-wrap break-words">
                    {entry.kind === "POSTBACK" ? `Tapped: ${entry.postbackPayload ?? ""}` : entry.text}
                  </p>
                </div>
              </div>
            )}
          </li>
        ))}
        <li ref={transcriptEnd} aria-hidden="true" />
      </ol>
      {customerTyping && c.status === "OPEN" ? (
        <p data-testid="customer-typing" role="status" className="px-4 pb-2 text-xs italic text-slate-500">
          Customer is typing…
        </p>
      ) : null}

      {c.can.reply ? (
        <form method="post" onSubmit={onSend} className="border-t border-slate-200 p-4" aria-label="Reply">
          <label htmlFor="desk-reply" className="block text-sm font-medium text-slate-700">
            Reply to the customer
          </label>
          <textarea
            id="desk-reply"
            rows={3}
            maxLength={MAX_REPLY_LENGTH}
            value={reply}
            onChange={(e) => {
              setReply(e.target.value);
              typingOut.input(e.target.value.trim() !== "");
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          />
          {send.error ? (
            <p role="alert" className="mt-1 text-sm text-red-600">
              {fieldErrorsOf(send.error).message ?? send.error.message}
            </p>
          ) : null}
          <div className="mt-2 flex items-center justify-between gap-2">
            <p className="text-xs text-slate-500">Enter sends, Shift+Enter adds a line. The bot gets a copy.</p>
            <Button type="submit" disabled={send.isPending || reply.trim() === ""}>
              {send.isPending ? "Sending…" : "Send"}
            </Button>
          </div>
        </form>
      ) : c.status === "OPEN" && c.assignee && !c.can.reply ? (
        <p className="border-t border-slate-200 p-4 text-sm text-slate-600">{c.assignee.name} is answering this customer.</p>
      ) : c.status === "OPEN" && !c.assignee ? (
        <p className="border-t border-slate-200 p-4 text-sm text-slate-600">Accept the conversation to answer the customer.</p>
      ) : null}

      <ConfirmDialog
        open={confirmClose}
        title="Close this conversation?"
        confirmLabel="Close conversation"
        pending={close.isPending}
        error={close.error?.message}
        onConfirm={() => close.mutate({ conversationId: id })}
        onClose={() => {
          close.reset();
          setConfirmClose(false);
        }}
      >
        <p>The customer goes back to the bot: their next message is answered by the bot in the same conversation, and the bot is told that the agent closed this one.</p>
      </ConfirmDialog>
    </section>
  );
}
