/**
 * Errors the domain raises on purpose. Adapters (tRPC, route handlers) map them to
 * their own codes in one place each; anything else is an unexpected 500.
 */
export type DomainErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The input field the error is about, so forms can show it next to that field. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You do not have permission to do this") => new DomainError("FORBIDDEN", message);
export const conflict = (message: string, field?: string) => new DomainError("CONFLICT", message, field);
export const badRequest = (message: string, field?: string) => new DomainError("BAD_REQUEST", message, field);
export const unauthorized = (message: string, field?: string) => new DomainError("UNAUTHORIZED", message, field);
