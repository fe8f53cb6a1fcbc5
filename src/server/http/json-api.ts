/**
 * The public HTTP API's plumbing: size-limited JSON bodies, Bearer tokens, and one error
 * shape ({ error: { code, message, field? } }) for every 4xx, mapped from DomainError, and for
 * the 503 of a database outage.
 */
import { NextResponse } from "next/server";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { findUnstorableText } from "@/server/db/storable-text";
import { DomainError, type DomainErrorCode } from "@/server/errors";
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
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = await readLimited(request, MAX_BODY_BYTES);
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

/** The raw body of at most `limit` bytes, for a caller that checks a signature over the bytes as received. */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  const tooBig = () => new ApiError(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${Math.floor(limit / 1024)} KB`, "body");
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooBig();
  try {
    return await readLimited(request, limit);
  } catch (error) {
    if (error instanceof ApiError && error.status === 413) throw tooBig();
    throw error;
  }
}

/** Text Postgres cannot store (a NUL, a lone surrogate) anywhere in a body or a parameter is refused, not sanitised. */
export function refuseUnstorable(value: unknown, name?: string): void {
  const problem = findUnstorableText(value, name);
  if (problem) throw new ApiError(400, "INVALID_TEXT", problem.message, problem.field);
}

const tooLarge = () => new ApiError(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES / 1024} KB`, "body");

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}
