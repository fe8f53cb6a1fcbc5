import type { z } from "zod";

export interface FieldProblem {
  field: string;
  message: string;
}

/** The first problem of a failed parse, worded for an API caller: "userId is required". */
export function firstProblem(error: z.ZodError): FieldProblem {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || "body";
  if (!issue) return { field, message: `${field} is invalid` };
  if (issue.code === "invalid_type") {
    return { field, message: issue.input === undefined ? `${field} is required` : `${field} must be a ${issue.expected}` };
  }
  if (issue.code === "unrecognized_keys") {
    return { field: issue.keys[0] ?? field, message: `Unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}` };
  }
  return { field, message: `${field}: ${issue.message}` };
}
