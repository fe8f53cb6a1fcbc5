import type { TooManyStreams } from "@/server/live/registry";
import { errorResponse } from "./json-api";

/** Seconds a refused stream should wait before trying again. */
const RETRY_AFTER_SECONDS = 30;

/** 429 with the usual JSON error naming the limit, and Retry-After. */
export function tooManyStreamsResponse(error: TooManyStreams): Response {
  const response = errorResponse(429, "TOO_MANY_STREAMS", error.message, error.scope === "ip" ? "ip" : error.scope === "visitor" ? "access_token" : "session");
  response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  return response;
}
