"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyValue } from "./copy-value";

/** A stored secret an admin may look at again: hidden until asked for, with copy and hide. */
export function RevealSecret({ what, reveal, testId }: { what: string; reveal: () => Promise<string>; testId?: string }) {
  const [value, setValue] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onReveal() {
    setPending(true);
    setError(null);
    try {
      setValue(await reveal());
    } catch (e) {
      setError(e instanceof Error ? e.message : `Could not reveal the ${what}`);
    } finally {
      setPending(false);
    }
  }

  return (
    <div>
      {value ? (
        <div className="flex flex-wrap items-center gap-2">
          <CopyValue value={value} what={what} testId={testId} />
          <Button variant="secondary" onClick={() => setValue(null)}>
            Hide
          </Button>
        </div>
      ) : (
        <Button variant="secondary" disabled={pending} onClick={onReveal}>
          Reveal {what}
        </Button>
      )}
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
