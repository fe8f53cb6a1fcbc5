import { StreamsClosing, TooManyStreams } from "@/server/live/registry";
import { errorResponse } from "./json-api";

/** Seconds a refused stream should wait before trying again. */
const RETRY_AFTER_SECONDS = { tooMany: 30, closing: 2 };

/**
 * A stream the registry would not open, as the usual JSON error with Retry-After: 429 naming the
 * limit reached, or 503 while the process shuts down. Null for any other error.
 */
export function streamRefusal(error: unknown): Response | null {
  let response: Response;
  if (error instanceof TooManyStreams) {
    const field = error.scope === "ip" ? "ip" : error.scope === "visitor" ? "access_token" : "session";
    response = errorResponse(429, "TOO_MANY_STREAMS", error.message, field);
    response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS.tooMany));
  } else if (error instanceof StreamsClosing) {
    response = errorResponse(503, "RESTARTING", error.message);
    response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS.closing));
  } else {
    return null;
  }
  return response;
}
