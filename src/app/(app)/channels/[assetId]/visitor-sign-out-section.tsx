"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { useConfirm } from "@/components/ui/use-confirm";
import { useTRPC } from "@/lib/trpc";

/** A web chat's visitors, signed out all at once (a leaked token, abuse): docs/web-chat.md. */
export function VisitorSignOutSection({ id, name, signedOutAt, onDone }: { id: string; name: string; signedOutAt: Date | string | null; onDone: () => void }) {
  const trpc = useTRPC();
  const signOut = useMutation(trpc.channel.signOutVisitors.mutationOptions({ onSuccess: onDone }));
  const { confirm, dialog } = useConfirm();

  return (
    <section aria-labelledby="visitors-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="visitors-heading" className="text-lg font-semibold">
        Visitors
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Each visitor&apos;s browser keeps a token that lets it read and continue its own chat. Signing every visitor out makes
        those tokens stop working at once: open chats start over as new visitors. Conversations stay in the inspector.
      </p>
      <p className="mt-2 text-sm text-slate-600">
        Last signed out: <DateTime value={signedOutAt} fallback="never" />
      </p>
      <div className="mt-4">
        <Button
          variant="secondary"
          disabled={signOut.isPending}
          onClick={() =>
            confirm({
              title: `Sign out every visitor of "${name}"?`,
              body: <p>Every chat open now restarts empty, and visitors cannot see their earlier messages again. This cannot be undone.</p>,
              confirmLabel: "Sign out every visitor",
              danger: true,
              run: () => signOut.mutateAsync({ id }),
            })
          }
        >
          {signOut.isPending ? "Signing out…" : "Sign out every visitor"}
        </Button>
      </div>
      {dialog}
    </section>
  );
}
