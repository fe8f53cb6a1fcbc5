/**
 * The public API's JSON answers, typed by the zod schema that documents them: the API document
 * (src/server/api-docs/openapi.ts) is generated from the same schema, so a handler whose answer
 * drifts from what the reference says no longer compiles. Nothing is parsed at run time.
 */
import { NextResponse } from "next/server";
import { z } from "zod";

/** Every 4xx and 5xx of the public API: `{ error: { code, message, field? } }`. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "What went wrong, for a program", examples: ["INVALID_FIELD"] }),
      message: z.string().meta({ description: "What went wrong, for a person", examples: ["userId is required"] }),
      field: z.string().optional().meta({ description: "The field, parameter or header at fault", examples: ["userId"] }),
    }),
  })
  .meta({ description: "An error" });

/** `body` as JSON, with the type the schema gives it (Dates are written as ISO 8601). */
export function jsonResponse<S extends z.ZodType>(schema: S, body: z.output<S>, init?: ResponseInit): NextResponse {
  void schema;
  return NextResponse.json(body, init);
}
