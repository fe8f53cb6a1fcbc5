"use client";

/**
 * React's side of the page's live stream (live-connection.ts): listen while mounted, know whether
 * it works (pages poll as before only while it does not), and helpers to react to it cheaply.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { liveConnection, type LiveChange, type LiveListener, type LiveTyping } from "./live-connection";

/** Listens while mounted; true while the stream works. */
export function useLive(listener: LiveListener): boolean {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () =>
      liveConnection.listen({
        onChange: (change) => latest.current.onChange?.(change),
        onTyping: (typing) => latest.current.onTyping?.(typing),
      }),
    [],
  );
  return useSyncExternalStore(liveConnection.subscribeState, liveConnection.isConnected, () => false);
}

/** The change names one of these conversations (or says "everything"). */
export function concerns(change: LiveChange, ids: Iterable<string | null | undefined>): boolean {
  if (change.conversationIds === null) return true;
  const wanted = new Set(ids);
  return change.conversationIds.some((id) => wanted.has(id));
}

/**
 * `work` at most once per `ms` however often it is asked for, the last ask always honoured: a
 * burst of changes (a busy channel) costs one refetch per interval, not one per change.
 */
export function useThrottled(work: () => void, ms: number): () => void {
  const latest = useRef(work);
  const state = useRef<{ last: number; timer: ReturnType<typeof setTimeout> | undefined }>({ last: 0, timer: undefined });
  useEffect(() => {
    latest.current = work;
  });
  useEffect(() => () => clearTimeout(state.current.timer), []);
  return useCallback(() => {
    const s = state.current;
    if (s.timer) return;
    const wait = s.last + ms - Date.now();
    const run = () => {
      s.timer = undefined;
      s.last = Date.now();
      latest.current();
    };
    if (wait <= 0) run();
    else s.timer = setTimeout(run, wait);
  }, [ms]);
}

/** Shown this long after "typing" unless said again; "stopped" hides it at once. */
const TYPING_SHOWN_MS = 6_000;

/** Whether someone matching `match` is typing now, from the stream's typing events. */
export function useTypingIndicator(match: (typing: LiveTyping) => boolean): boolean {
  const [typing, setTyping] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLive({
    onTyping: (event) => {
      if (!match(event)) return;
      clearTimeout(timer.current);
      setTyping(event.typing);
      if (event.typing) timer.current = setTimeout(() => setTyping(false), TYPING_SHOWN_MS);
    },
  });
  return typing;
}
