/**
 * How many live streams may be open at once, from the environment (documented in the README):
 * per visitor (their tabs of one chat), per signed-in user and per IP address. Read here rather
 * than in src/server/config/env.ts because nothing else needs them.
 */
import { z } from "zod";
import type { StreamLimits } from "./registry";

const limit = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const schema = z.object({
  LIVE_STREAMS_PER_VISITOR: limit(5),
  LIVE_STREAMS_PER_USER: limit(10),
  LIVE_STREAMS_PER_IP: limit(200),
});

export function streamLimits(): StreamLimits {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return { perVisitor: parsed.data.LIVE_STREAMS_PER_VISITOR, perUser: parsed.data.LIVE_STREAMS_PER_USER, perIp: parsed.data.LIVE_STREAMS_PER_IP };
}
