"use client";

import { useLive } from "@/components/live/use-live";

/**
 * Calls `refetch` when the live stream says an alert was raised or read (or the stream
 * reconnected and may have missed one): the bell and the banner refetch nothing otherwise.
 */
export function useAlertChanges(refetch: () => void): void {
  useLive({
    onChange: (change) => {
      if (change.what === "alert" || change.conversationIds === null) refetch();
    },
  });
}
