/**
 * A live stream as an HTTP response (Server-Sent Events). The headers keep `next start`'s gzip
 * and buffering proxies from holding events back; the stream's first bytes go out at once. A
 * reader that falls too far behind is cut off (it reconnects and catches up from its last event)
 * rather than buffered without bound; a reader that leaves closes the stream.
 */
import type { LiveStream } from "@/server/live/live-stream";
import type { LiveSink } from "@/server/live/sink";

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

/** What may wait in memory for a reader before more is queued. */
const HIGH_WATER_BYTES = 16 * 1024;
/** Queued beyond that much, the reader is too slow: the stream ends. */
const MAX_BEHIND_BYTES = 512 * 1024;

/** `open` may throw (say, too many streams) before a byte is sent: the caller answers with an error instead. */
export function sseResponse(request: Request, open: (sink: LiveSink) => LiveStream): Response {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let ended = false;
  let stream: LiveStream | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c;
      },
      cancel: () => {
        ended = true;
        stream?.close();
      },
    },
    { highWaterMark: HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength },
  );
  const sink: LiveSink = {
    write(text) {
      if (ended || (controller.desiredSize ?? 0) < HIGH_WATER_BYTES - MAX_BEHIND_BYTES) return false;
      controller.enqueue(encoder.encode(text));
      return true;
    },
    close() {
      if (ended) return;
      ended = true;
      try {
        controller.close();
      } catch {
        // already errored or cancelled
      }
    },
  };
  try {
    stream = open(sink);
  } catch (error) {
    ended = true;
    void body.cancel().catch(() => {});
    throw error;
  }
  const opened = stream;
  request.signal?.addEventListener("abort", () => opened.close(), { once: true });
  return new Response(body, { headers: SSE_HEADERS });
}
