/**
 * An SSE reader for tests: opens a stream with fetch (as an EventSource would, plus any headers),
 * parses its events and comments as they arrive, and waits for the ones a test expects.
 */

export interface SseEvent {
  event: string;
  id: string | null;
  data: unknown;
  receivedAt: number;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  /** The body when the server refused the stream (a JSON error). */
  refusal: Record<string, unknown> | null;
  events: SseEvent[];
  comments: string[];
  /** Resolves once the server has ended the stream. */
  ended: Promise<void>;
  waitFor: (match: (event: SseEvent) => boolean, timeoutMs?: number) => Promise<SseEvent>;
  close: () => void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  if (!response.ok || !response.body) {
    const refusal = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    return { status: response.status, headers: response.headers, refusal, events, comments, ended: Promise.resolve(), waitFor: () => Promise.reject(new Error(`refused: ${response.status}`)), close: () => {} };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          parse(block);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  function parse(block: string) {
    let event = "message";
    let id: string | null = null;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) comments.push(line.slice(1).trim());
      else if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("id: ")) id = line.slice(4);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    if (data.length > 0) events.push({ event, id, data: JSON.parse(data.join("\n")), receivedAt: Date.now() });
  }
  return {
    status: response.status,
    headers: response.headers,
    refusal: null,
    events,
    comments,
    ended,
    async waitFor(match, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No matching event within ${timeoutMs} ms; got: ${JSON.stringify(events.map((e) => [e.event, e.id]))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => abort.abort(),
  };
}
