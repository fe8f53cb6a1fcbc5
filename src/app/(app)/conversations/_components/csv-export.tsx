"use client";

import { useRef, useState } from "react";
import { plural } from "@/lib/plural";
import { Button } from "@/components/ui/button";

type ExportState = { phase: "idle" } | { phase: "running"; rows: number } | { phase: "done"; rows: number } | { phase: "failed"; message: string };

const CRLF = [13, 10] as const;

/** Rows ended in this chunk (CSV rows end in CRLF; a value's own line breaks are bare LF). */
function rowsIn(chunk: Uint8Array, previousLast: number): number {
  let rows = 0;
  for (let i = 0; i < chunk.length; i += 1) {
    if (chunk[i] === CRLF[1] && (i > 0 ? chunk[i - 1] : previousLast) === CRLF[0]) rows += 1;
  }
  return rows;
}

function fileName(disposition: string | null): string {
  return /filename="([^"]+)"/.exec(disposition ?? "")?.[1] ?? "conversations.csv";
}

/**
 * Exports the filtered list as CSV: the server streams it page by page, and this counts the
 * rows as they arrive (there is no total to compare with: counting first would read the whole
 * history), then hands the file to the browser. It can be cancelled.
 */
export function CsvExport({ href }: { href: string }) {
  const [state, setState] = useState<ExportState>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function run() {
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: "running", rows: 0 });
    try {
      const response = await fetch(href, { signal: controller.signal });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The export failed (HTTP ${response.status})`);
      }
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let lines = 0;
      let last = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        lines += rowsIn(value, last);
        last = value.at(-1) ?? last;
        // The first line is the header.
        setState({ phase: "running", rows: Math.max(0, lines - 1) });
      }
      const url = URL.createObjectURL(new Blob(chunks, { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName(response.headers.get("content-disposition"));
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ phase: "done", rows: Math.max(0, lines - 1) });
    } catch (error) {
      if (controller.signal.aborted) setState({ phase: "idle" });
      else setState({ phase: "failed", message: error instanceof Error ? error.message : String(error) });
    } finally {
      abort.current = null;
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      {state.phase === "running" ? (
        <>
          <p role="status" aria-live="polite" data-testid="csv-export-progress">
            Exporting… {plural(state.rows, "conversation")} so far
          </p>
          <Button variant="secondary" onClick={() => abort.current?.abort()}>
            Cancel export
          </Button>
        </>
      ) : (
        <>
          <Button variant="secondary" onClick={() => void run()}>
            Export these conversations as CSV
          </Button>
          <span className="text-xs text-slate-500">(every page, with the filters and order above; times in UTC)</span>
          {state.phase === "done" ? (
            <p role="status" className="text-green-700" data-testid="csv-export-progress">
              Exported {plural(state.rows, "conversation")}.
            </p>
          ) : null}
          {state.phase === "failed" ? (
            <p role="alert" className="text-red-600">
              {state.message}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
