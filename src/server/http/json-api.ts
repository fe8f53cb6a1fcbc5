/**
 * The public HTTP API's plumbing: size-limited JSON bodies, Bearer tokens, and one error
 * shape ({ error: { code, message, field? } }) for every 4xx, mapped from DomainError, and for
 * the 503 of a database outage.
 */
import { NextResponse } from "next/server";
import { env } from "@/server/config/env";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { findUnstorableText } from "@/server/db/storable-text";
import { DomainError, type DomainErrorCode } from "@/server/errors";
import { readBounded, type BodyErrors } from "./bounded-body";
import { apiErrorSchema, jsonResponse } from "./json-response";

export const MAX_BODY_BYTES = 64 * 1024;

const statusOf: Record<DomainErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function errorResponse(status: number, code: string, message: string, field?: string): NextResponse {
  return jsonResponse(apiErrorSchema, { error: { code, message, ...(field ? { field } : {}) } }, { status });
}

/** Seconds a caller is asked to wait before sending again during a database outage. */
const RETRY_AFTER_SECONDS = 5;

/** Runs an API handler, turning expected errors into their 4xx JSON answer (503 while the database is down). */
export async function handleApi(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.field);
    if (error instanceof DomainError) return errorResponse(statusOf[error.code], error.code, error.message, error.field);
    if (isDatabaseUnavailable(error)) {
      // Sending again is safe: a channel message with the same messageId is stored once.
      const response = errorResponse(
        503,
        "DATABASE_UNAVAILABLE",
        "The database is unavailable for a moment: send the request again shortly (a message sent again with the same messageId is stored once)",
      );
      response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
      return response;
    }
    console.error("API request failed:", error);
    return errorResponse(500, "INTERNAL", "Something went wrong on our side; the request was not accepted");
  }
}

/** Reads a JSON object body of at most MAX_BODY_BYTES, without trusting Content-Length. */
export async function readJsonBody(request: Request): Promise<unknown> {
  return (await readJsonBodyAndText(request)).json;
}

/** As readJsonBody, with the body's text as received (a Standard Webhooks signature covers it). */
export async function readJsonBodyAndText(request: Request): Promise<{ json: unknown; text: string }> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json");
  }
  const bytes = await readBodyBytes(request, MAX_BODY_BYTES);
  const text = new TextDecoder().decode(bytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "INVALID_JSON", "The body is not valid JSON", "body");
  }
  refuseUnstorable(body);
  return { json: body, text };
}

/** The raw body of at most `limit` bytes (413), arrived in time (408): for a caller that checks a signature over the bytes, or parses them. */
export function readBodyBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  return readBounded(request, limit, bodyErrors(limit));
}

/** 413 past the limit, 408 for a body that takes too long to arrive. */
const bodyErrors = (limit: number): BodyErrors => ({
  tooLarge: () => new ApiError(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${Math.floor(limit / 1024)} KB`, "body"),
  tooSlow: () =>
    new ApiError(408, "BODY_TIMEOUT", `The body did not arrive within ${env().HTTP_BODY_TIMEOUT_MS / 1000} s: send it all at once`, "body"),
});

/** Text Postgres cannot store (a NUL, a lone surrogate) anywhere in a body or a parameter is refused, not sanitised. */
export function refuseUnstorable(value: unknown, name?: string): void {
  const problem = findUnstorableText(value, name);
  if (problem) throw new ApiError(400, "INVALID_TEXT", problem.message, problem.field);
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}
