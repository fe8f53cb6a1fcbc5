"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { DateTime } from "@/components/ui/date-time";
import { useDismiss } from "@/components/ui/use-dismiss";
import { useTRPC } from "@/lib/trpc";
import { useAlertChanges } from "./use-alert-changes";

/**
 * The notification centre in the top bar: a bell with the unread count, and a panel listing the
 * latest notifications with mark as read and mark all read. The count follows the live stream
 * (docs/live.md): no polling.
 */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const { root, button } = useDismiss<HTMLDivElement, HTMLButtonElement>(open, close);
  const notifications = useQuery(trpc.alert.notifications.queryOptions());
  const refetch = () => void queryClient.invalidateQueries({ queryKey: trpc.alert.notifications.queryKey() });
  useAlertChanges(refetch);
  const markRead = useMutation(trpc.alert.markRead.mutationOptions({ onSettled: refetch }));
  const markAllRead = useMutation(trpc.alert.markAllRead.mutationOptions({ onSettled: refetch }));

  const unread = notifications.data?.unread ?? 0;
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="notification-panel"
        aria-label={label}
        title={label}
        onClick={() => setOpen((v) => !v)}
        className="relative rounded-md p-2 text-slate-700 hover:bg-slate-100"
        data-testid="notification-bell"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinejoin="round" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" />
        </svg>
        {unread > 0 ? (
          <span
            data-testid="notification-count"
            className="absolute -right-0.5 -top-0.5 min-w-[1.25rem] rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          id="notification-panel"
          role="region"
          aria-label="Notifications"
          className="fixed inset-x-2 top-14 z-30 max-h-[70vh] overflow-y-auto rounded-lg bg-white shadow-lg ring-1 ring-slate-200 sm:absolute sm:inset-x-auto sm:right-0 sm:top-auto sm:mt-1 sm:w-96"
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
            <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
            <button
              type="button"
              disabled={unread === 0 || markAllRead.isPending}
              onClick={() => markAllRead.mutate()}
              className="rounded px-2 py-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:text-slate-400 disabled:hover:bg-transparent"
            >
              Mark all read
            </button>
          </div>
          {notifications.isPending ? (
            <p className="px-4 py-6 text-sm text-slate-500">Loading notifications…</p>
          ) : notifications.isError ? (
            <p role="alert" className="px-4 py-6 text-sm text-red-600">
              Could not load notifications: {notifications.error.message}
            </p>
          ) : notifications.data.items.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-600">
              Nothing yet. You are told here when an integration stops or comes back, when a delivery fails, and when messages wait too long.
            </p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {notifications.data.items.map((item) => (
                <li key={item.id} data-testid="notification" data-unread={item.readAt ? "false" : "true"} className={`px-4 py-3 ${item.readAt ? "" : "bg-indigo-50/50"}`}>
                  <div className="flex items-start gap-2">
                    {item.readAt ? null : <span aria-hidden="true" className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-indigo-600" />}
                    <div className="min-w-0 flex-1">
                      <p className="text-sm font-medium text-slate-900">
                        {item.href ? (
                          <Link
                            href={item.href}
                            onClick={() => {
                              if (!item.readAt) markRead.mutate({ ids: [item.id] });
                              setOpen(false);
                            }}
                            className="hover:underline"
                          >
                            {item.title}
                          </Link>
                        ) : (
                          item.title
                        )}
                        {item.readAt ? null : <span className="sr-only"> (unread)</span>}
                      </p>
                      <p className="mt-0.5 text-sm text-slate-600">{item.body}</p>
                      <p className="mt-1 flex items-center gap-3 text-xs text-slate-500">
                        <DateTime value={item.createdAt} />
                        {item.readAt ? null : (
                          <button
                            type="button"
                            onClick={() => markRead.mutate({ ids: [item.id] })}
                            className="font-medium text-indigo-600 hover:underline"
                          >
                            Mark as read
                          </button>
                        )}
                      </p>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
