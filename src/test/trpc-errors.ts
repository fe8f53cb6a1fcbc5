/** Asserting on tRPC errors in tests. */
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { ZodError } from "zod";
import { DomainError } from "@/server/errors";

/** The error a call failed with (the test fails if it did not fail with a TRPCError). */
export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected the call to fail with a TRPCError").toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** Fails unless the call fails with `code` (and `message`, checked against what a form would show). */
export async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"], message?: string | RegExp) {
  const error = await trpcError(promise);
  expect(error.code).toBe(code);
  if (typeof message === "string") expect(messageOf(error)).toBe(message);
  else if (message) expect(messageOf(error)).toMatch(message);
  return error;
}

/** The message a form shows: the domain's, or the first input-validation message. */
export function messageOf(error: TRPCError): string {
  return error.cause instanceof ZodError ? (error.cause.issues[0]?.message ?? error.message) : error.message;
}

/** The field the error points at, as the client gets it in `data.fieldErrors` (see trpc/init.ts). */
export function fieldOf(error: TRPCError): string | undefined {
  if (error.cause instanceof ZodError) return error.cause.issues[0]?.path.join(".");
  return error.cause instanceof DomainError ? error.cause.field : undefined;
}
