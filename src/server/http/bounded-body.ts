/**
 * Request bodies with two bounds: their size, and the time they take to arrive. A body past its
 * limit, or still arriving HTTP_BODY_TIMEOUT_MS after the read began (one that never ends, or
 * one trickled a byte at a time), ends the read with the caller's error, so a hostile client can
 * hold neither memory nor a request for long. Content-Length is checked first and never
 * trusted: the bytes are counted as they come.
 */
import { env } from "@/server/config/env";

export interface BodyErrors {
  tooLarge: () => Error;
  tooSlow: () => Error;
}

/** `body` as a stream that errors past `limit` bytes or once the time is up. */
export function boundedStream(body: ReadableStream<Uint8Array>, limit: number, errors: BodyErrors): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let size = 0;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, error: Error) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    controller.error(error);
    void reader.cancel().catch(() => {});
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setTimeout(() => fail(controller, errors.tooSlow()), env().HTTP_BODY_TIMEOUT_MS);
      timer.unref(); // a body nobody reads must not keep the process up
    },
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        return fail(controller, error instanceof Error ? error : new Error(String(error)));
      }
      if (settled) return;
      if (chunk.done) {
        settled = true;
        clearTimeout(timer);
        return controller.close();
      }
      size += chunk.value.byteLength;
      if (size > limit) return fail(controller, errors.tooLarge());
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      settled = true;
      clearTimeout(timer);
      return reader.cancel(reason);
    },
  });
}

/** The whole body of at most `limit` bytes (empty when there is none), or the caller's error. */
export async function readBounded(request: Request, limit: number, errors: BodyErrors): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw errors.tooLarge();
  if (!request.body) return new Uint8Array();
  return new Uint8Array(await new Response(boundedStream(request.body, limit, errors)).arrayBuffer());
}

/** The request with its body bounded, for a handler that reads the body itself (tRPC). */
export function withBoundedBody(request: Request, limit: number, errors: BodyErrors): Request {
  if (!request.body) return request;
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: boundedStream(request.body, limit, errors),
    signal: request.signal,
    duplex: "half",
  } as RequestInit);
}
