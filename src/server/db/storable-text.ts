import { badRequest } from "@/server/errors";

/**
 * Text from outside (a receiver's answer, an error message) made safe to store: Postgres text
 * cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8. Both become U+FFFD, so
 * storing can never fail on what someone else sent.
 */
export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null): string | null {
  if (text === null) return null;
  return text.toWellFormed().replaceAll("\u0000", "\uFFFD");
}

/** Text Postgres can store as it is: no NUL, no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

export interface UnstorableText {
  /** Where it is: "message", "customParams.note", "conditions.0.value" (a key's own path if the key is the problem). */
  field: string;
  message: string;
}

/**
 * The first string, or object key, in a parsed JSON value (or tRPC input) that Postgres could
 * not store, or null. Input from outside is refused with it (400), never sanitised: the caller
 * learns what was wrong, and nothing half-written stays behind. Iterative, so a deeply nested
 * body cannot overflow the stack.
 */
export function findUnstorableText(value: unknown, name = ""): UnstorableText | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: name }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === "string") {
      if (!isStorableText(current)) return problemAt(path || "body", current);
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: join(path, String(index)) }));
    } else if (typeof current === "object" && current !== null && !(current instanceof Date)) {
      for (const [key, item] of Object.entries(current)) {
        const at = join(path, key);
        if (!isStorableText(key)) return problemAt(at, key);
        stack.push({ value: item, path: at });
      }
    }
  }
  return null;
}

/** For domain functions given outside text (an asset ID from a URL): a BAD_REQUEST naming it. */
export function refuseUnstorableText(value: unknown, name: string): void {
  const problem = findUnstorableText(value, name);
  if (problem) throw badRequest(problem.message, problem.field);
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function problemAt(field: string, text: string): UnstorableText {
  const what = text.includes("\u0000") ? "a NUL character (\\u0000)" : "an unpaired UTF-16 surrogate";
  return { field: storableText(field), message: `${storableText(field)} contains ${what}, which cannot be stored` };
}
