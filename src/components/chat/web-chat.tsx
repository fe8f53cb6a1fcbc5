"use client";

/**
 * The hosted web chat (/chat/{assetId}), for visitors: no sign-in, works full-page, on a narrow
 * screen and inside the embed snippet's iframe. State lives in ChatSession (chat-session.ts);
 * new messages and "… is typing" are pushed by its live stream.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import type { ShownWidget } from "@/server/channels/widget-settings";
import type { ChatMessage } from "./chat-api";
import { ChatSession } from "./chat-session";
import { agentState, agentStatusLine, currentQuickReplies, customerText, eventNote, senderLabel, unlistedOutgoing, type Outgoing } from "./chat-state";

export function WebChat({ assetId, widget }: { assetId: string; widget: ShownWidget }) {
  const title = widget.title;
  const accent = { backgroundColor: widget.accentColor, color: widget.accentText };
  const [session] = useState(() => new ChatSession(assetId));
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getServerSnapshot);
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);

  const unlisted = useMemo(() => unlistedOutgoing(state.outgoing, state.messages), [state.outgoing, state.messages]);
  const agent = useMemo(() => agentState(state.messages), [state.messages]);
  const quickReplies = useMemo(() => currentQuickReplies(state.messages, unlisted), [state.messages, unlisted]);
  const ready = state.phase === "ready";

  return (
    <main className="mx-auto flex h-dvh w-full max-w-2xl flex-col bg-white sm:border-x sm:border-slate-200">
      <header className="flex items-center gap-3 border-b border-slate-200 px-4 py-3">
        <span aria-hidden data-testid="chat-avatar" style={accent} className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-sm font-bold">
          {widget.initials}
        </span>
        <div className="min-w-0">
          <h1 className="truncate text-base font-semibold text-slate-900">{title}</h1>
          <p data-testid="chat-status" className="text-xs text-slate-500">{agentStatusLine(agent)}</p>
        </div>
      </header>

      <div role="status" aria-live="polite" className="empty:hidden">
        {state.connection === "reconnecting" && state.phase !== "unavailable" ? (
          <p className="flex items-center gap-2 bg-amber-50 px-4 py-2 text-sm text-amber-900">
            <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-amber-500" />
            Reconnecting…
          </p>
        ) : null}
        {agent.phase === "waiting" ? (
          <p data-testid="agent-banner" className="flex items-center gap-2 bg-amber-50 px-4 py-2 text-sm text-amber-900">
            <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-amber-500" />
            <span className="font-semibold">Waiting for an agent…</span> You can keep writing: they will see it.
          </p>
        ) : agent.phase === "agent" ? (
          <p data-testid="agent-banner" className="bg-emerald-50 px-4 py-2 text-sm text-emerald-900">
            <span className="font-semibold">You&apos;re chatting with {agent.agentName ?? "an agent"}.</span> A person answers here.
          </p>
        ) : null}
      </div>

      {state.phase === "unavailable" ? (
        <div className="flex flex-1 items-center justify-center p-6 text-center">
          <div>
            <p className="font-semibold text-slate-900">This chat is not available here</p>
            <p className="mt-1 text-sm text-slate-600">{state.problem}</p>
          </div>
        </div>
      ) : (
        <MessageList
          greeting={widget.greeting}
          accent={accent}
          messages={state.messages}
          unlisted={unlisted}
          loading={!state.historyLoaded}
          onSeen={(id) => session.markSeen(id)}
          onRetry={(clientId) => void session.retry(clientId)}
          onDismiss={(clientId) => session.dismiss(clientId)}
        />
      )}

      {state.typing && ready ? (
        <p data-testid="typing-indicator" role="status" className="px-4 pb-1 text-xs italic text-slate-500">
          {state.typing === "AGENT" ? (agent.agentName ?? "Agent") : "Bot"} is typing…
        </p>
      ) : null}

      {quickReplies.length > 0 && ready ? (
        <div role="group" aria-label="Quick replies" className="flex flex-wrap gap-2 border-t border-slate-100 px-3 pt-3">
          {quickReplies.map((reply) => (
            <button
              key={reply}
              type="button"
              disabled={state.sending}
              onClick={() => void session.send(reply, reply)}
              style={{ borderColor: widget.accentColor, color: widget.accentColor }}
              className="rounded-full border bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
            >
              {reply}
            </button>
          ))}
        </div>
      ) : null}

      <Composer
        accent={accent}
        disabled={!ready}
        sending={state.sending}
        error={state.sendError}
        onDraft={(text) => session.draftChanged(text)}
        onSend={(text) => session.send(text)}
      />
    </main>
  );
}

type Accent = { backgroundColor: string; color: string };

function MessageList({
  greeting,
  accent,
  messages,
  unlisted,
  loading,
  onSeen,
  onRetry,
  onDismiss,
}: {
  greeting: string | null;
  accent: Accent;
  messages: ChatMessage[];
  unlisted: Outgoing[];
  loading: boolean;
  onSeen: (messageId: string) => void;
  onRetry: (clientId: string) => void;
  onDismiss: (clientId: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const observer = useRef<IntersectionObserver | null>(null);
  const stickToBottom = useRef(true);
  const onSeenRef = useRef(onSeen);
  useEffect(() => {
    onSeenRef.current = onSeen;
  }, [onSeen]);

  // Read receipts: a bot or agent message counts as seen once at least half of it is in view
  // (the implicit root: inside an iframe, that is the page the chat is embedded in).
  useEffect(() => {
    const seen = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.messageId;
          if (!id || !entry.isIntersecting) continue;
          const viewport = entry.rootBounds?.height ?? window.innerHeight;
          if (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= viewport / 2) onSeenRef.current(id);
        }
      },
      { threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    observer.current = seen;
    return () => {
      seen.disconnect();
      observer.current = null;
    };
  }, []);

  useEffect(() => {
    const seen = observer.current;
    scroller.current?.querySelectorAll<HTMLElement>("[data-read-receipt]").forEach((element) => seen?.observe(element));
  }, [messages]);

  // Follow new messages while the visitor is at the bottom; leave them be while they scroll back.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, unlisted]);

  const empty = !loading && messages.length === 0 && unlisted.length === 0 && !greeting;

  return (
    <div
      ref={scroller}
      className="flex-1 overflow-y-auto px-3 py-4"
      onScroll={(event) => {
        const element = event.currentTarget;
        stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
      }}
    >
      {loading && messages.length === 0 ? <p className="py-8 text-center text-sm text-slate-500">Loading the conversation…</p> : null}
      {empty ? (
        <div className="flex h-full flex-col items-center justify-center px-6 text-center">
          <p className="text-base font-semibold text-slate-900">Say hello to start</p>
          <p className="mt-1 text-sm text-slate-500">Type a message below. We usually answer within seconds.</p>
        </div>
      ) : null}
      <div role="log" aria-label="Messages" aria-live="polite" aria-relevant="additions">
        <ol className="space-y-3">
          {greeting && !loading ? (
            // The channel's greeting opens every conversation; it is not a message (nothing is sent or stored).
            <li data-testid="chat-greeting" className="flex flex-col items-start">
              <p className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-bl-sm bg-slate-100 px-3 py-2 text-sm text-slate-900">{greeting}</p>
            </li>
          ) : null}
          {messages.map((message) => (
            <MessageRow key={message.id} message={message} accent={accent} />
          ))}
          {unlisted.map((item) => (
            <OutgoingRow key={item.clientId} item={item} accent={accent} onRetry={onRetry} onDismiss={onDismiss} />
          ))}
        </ol>
      </div>
    </div>
  );
}

function MessageRow({ message, accent }: { message: ChatMessage; accent: Accent }) {
  const note = eventNote(message);
  if (note) {
    return (
      <li data-kind={message.kind} className="flex justify-center">
        <p className="rounded-full bg-slate-100 px-3 py-1 text-center text-xs text-slate-600">{note}</p>
      </li>
    );
  }
  if (message.sender === "CUSTOMER") {
    return (
      <CustomerBubble text={customerText(message)} time={message.createdAt} accent={accent}>
        {message.kind === "UNROUTED" ? <span className="text-amber-700">Nobody is set up to answer this chat yet</span> : null}
      </CustomerBubble>
    );
  }
  const isAgent = message.sender === "AGENT";
  return (
    <li
      data-sender={message.sender}
      data-message-id={message.id}
      data-read-receipt=""
      className="flex flex-col items-start"
    >
      <span className="mb-0.5 px-1 text-xs font-medium text-slate-500">{senderLabel(message)}</span>
      <p
        className={`max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-bl-sm px-3 py-2 text-sm ${
          isAgent ? "bg-emerald-50 text-emerald-950 ring-1 ring-emerald-200" : "bg-slate-100 text-slate-900"
        }`}
      >
        {message.text}
      </p>
      <Time value={message.createdAt} />
    </li>
  );
}

function OutgoingRow({ item, accent, onRetry, onDismiss }: { item: Outgoing; accent: Accent; onRetry: (id: string) => void; onDismiss: (id: string) => void }) {
  return (
    <CustomerBubble text={item.text} accent={accent} pending={item.status === "sending"} failed={item.status === "failed"}>
      {item.status === "sending" ? <span>Sending…</span> : null}
      {item.status === "failed" ? (
        <span className="flex flex-wrap items-center justify-end gap-2 text-red-700">
          {item.error}
          {item.retryable ? (
            <button type="button" onClick={() => onRetry(item.clientId)} className="font-semibold underline">
              Retry
            </button>
          ) : (
            <button type="button" onClick={() => onDismiss(item.clientId)} className="font-semibold underline">
              Remove
            </button>
          )}
        </span>
      ) : null}
    </CustomerBubble>
  );
}

function CustomerBubble({
  text,
  accent,
  time,
  pending,
  failed,
  children,
}: {
  text: string;
  accent: Accent;
  time?: string;
  pending?: boolean;
  failed?: boolean;
  children?: ReactNode;
}) {
  return (
    <li data-sender="CUSTOMER" className="flex flex-col items-end">
      <span className="mb-0.5 px-1 text-xs font-medium text-slate-500">You</span>
      <p
        style={failed ? undefined : accent}
        className={`max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-sm px-3 py-2 text-sm ${failed ? "bg-red-500 text-white" : ""} ${
          pending ? "opacity-70" : ""
        }`}
      >
        {text}
      </p>
      {children ? <span className="mt-0.5 px-1 text-right text-xs text-slate-500">{children}</span> : null}
      {time ? <Time value={time} /> : null}
    </li>
  );
}

function Time({ value }: { value: string }) {
  const date = new Date(value);
  return (
    <time dateTime={value} className="mt-0.5 px-1 text-[11px] text-slate-400">
      {date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
    </time>
  );
}

function Composer({
  accent,
  disabled,
  sending,
  error,
  onDraft,
  onSend,
}: {
  accent: Accent;
  disabled: boolean;
  sending: boolean;
  error: string | null;
  onDraft: (text: string) => void;
  onSend: (text: string) => Promise<boolean>;
}) {
  const [text, setText] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (disabled || sending || !text.trim()) return;
    const message = text;
    setText("");
    await onSend(message);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form method="post" onSubmit={(event) => void submit(event)} className="border-t border-slate-200 p-3" aria-label="Send a message">
      {error ? (
        <p role="alert" id="web-chat-error" className="mb-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="flex items-end gap-2">
        <label htmlFor="web-chat-message" className="sr-only">
          Message
        </label>
        <textarea
          id="web-chat-message"
          ref={input}
          rows={1}
          value={text}
          maxLength={10_000}
          placeholder={disabled ? "Connecting…" : "Type a message…"}
          disabled={disabled}
          readOnly={sending}
          aria-busy={sending}
          aria-describedby={error ? "web-chat-error" : undefined}
          onChange={(event) => {
            setText(event.target.value);
            onDraft(event.target.value);
          }}
          onKeyDown={onKeyDown}
          className="max-h-32 min-h-10 flex-1 resize-none rounded-xl border border-slate-300 px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:bg-slate-50"
        />
        <button
          type="submit"
          disabled={disabled || sending || !text.trim()}
          style={accent}
          className="inline-flex h-10 items-center rounded-xl px-4 text-sm font-semibold shadow-sm hover:opacity-90 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60"
        >
          {sending ? "Sending…" : "Send"}
        </button>
      </div>
    </form>
  );
}
