"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";

/** Reloads the integration's page and the list after a change made from the page. */
export function useRefreshIntegration(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.integration.get.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.integration.list.queryKey() }),
    ]);
}
