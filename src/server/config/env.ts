/**
 * The environment, read and validated in one place. Parsed on first use (not at import)
 * so that `next build` works without a database or secrets.
 */
import { z } from "zod";

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (npm run dev and npm start set it for you)"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  NEXTAUTH_URL: z.string().url().optional(),
  /** 32 bytes as 64 hex characters or base64: encrypts integration tokens at rest. */
  APP_ENCRYPTION_KEY: z.string().min(32, "APP_ENCRYPTION_KEY must be 32 bytes as hex or base64"),
  /** Let webhooks target private and loopback addresses (default: true outside production). */
  ALLOW_PRIVATE_WEBHOOK_URLS: booleanFlag.optional(),
  /**
   * Refuse plain-http webhook URLs. Default: true in production, unless private webhook URLs are
   * allowed explicitly there (a test or on-premises deployment whose receivers speak plain http).
   */
  REQUIRE_HTTPS_WEBHOOK_URLS: booleanFlag.optional(),
  /**
   * Seconds after the first failed attempt at which each retry happens (docs/delivery.md: four retries
   * within the hour). Shorten it for development and tests, e.g. "1,2,3,4".
   */
  DELIVERY_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(,\d+)*$/, "DELIVERY_RETRY_SCHEDULE is a comma-separated list of seconds, e.g. 60,300,900,3600")
    .default("60,300,900,3600")
    .transform((list) => list.split(",").map(Number)),
  /** Attempts in flight per receiver (integration or callback URL) per process; the rest wait their turn. */
  DELIVERY_MAX_IN_FLIGHT_PER_RECEIVER: z.coerce.number().int().min(1).max(1_000).default(8),
  /** How long a request body may take to arrive, in milliseconds: one still arriving after it gets 408. */
  HTTP_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** How often the embedded runner looks for due deliveries, in milliseconds (tests shorten it). */
  DELIVERY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** How often the runners roll up attempts for the health charts and apply retention, in milliseconds (end-to-end tests shorten it). */
  HOUSEKEEPING_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
  /** How long an attempt's claim lasts: a claim older than this was cut off by a dying process. */
  DELIVERY_CLAIM_LEASE_SECONDS: z.coerce.number().int().min(10).max(600).default(30),
  /** How long the process that accepted a message has to make its first attempt before a runner does. */
  DELIVERY_FIRST_ATTEMPT_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /**
   * Where mail goes (docs/mail.md): smtp://user:pass@host:587 or smtps://host:465. Unset outside
   * production, mails are written as .eml files into .data/mail/; unset in production, mails
   * wait (PENDING) and the log and system settings say why.
   */
  SMTP_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .url("SMTP_URL must be a URL such as smtp://user:password@mail.example.internal:587")
      .refine((url) => /^smtps?:\/\//i.test(url), "SMTP_URL must start with smtp:// or smtps://")
      .optional(),
  ),
  /** The From of every mail: an address, optionally with a name ("Switchboard <noreply@your.domain>"). */
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^([^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, "MAIL_FROM must be an address, e.g. Switchboard <noreply@your.domain>")
    .default("Switchboard <switchboard@localhost>"),
  /**
   * The Graph API base URL with its version, for Messenger channels' Send API (docs/messenger.md).
   * No default: no outside host is named in the code. Unset, Messenger deliveries fail (and retry).
   */
  MESSENGER_GRAPH_API_URL: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z
      .string()
      .trim()
      .url("MESSENGER_GRAPH_API_URL is the Graph API base URL with its version, e.g. https://<graph host>/v21.0")
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
  ),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
});

export type Env = z.infer<typeof schema> & {
  ALLOW_PRIVATE_WEBHOOK_URLS: boolean;
  REQUIRE_HTTPS_WEBHOOK_URLS: boolean;
  isProduction: boolean;
};

export class EnvError extends Error {}

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new EnvError(`Invalid environment:\n${problems}`);
  }
  const isProduction = parsed.data.NODE_ENV === "production";
  const allowPrivate = parsed.data.ALLOW_PRIVATE_WEBHOOK_URLS ?? !isProduction;
  cached = {
    ...parsed.data,
    isProduction,
    ALLOW_PRIVATE_WEBHOOK_URLS: allowPrivate,
    REQUIRE_HTTPS_WEBHOOK_URLS: parsed.data.REQUIRE_HTTPS_WEBHOOK_URLS ?? (isProduction && !allowPrivate),
  };
  return cached;
}

/** Which runner does the durable work: Inngest when it is configured, else the embedded one. */
export function durableRunnerKind(): "inngest" | "embedded" {
  const e = env();
  const dev = e.INNGEST_DEV !== undefined && !["", "0", "false"].includes(e.INNGEST_DEV);
  return dev || e.INNGEST_EVENT_KEY || e.INNGEST_SIGNING_KEY ? "inngest" : "embedded";
}

/** The app's public origin, for URLs shown to users (generated webhooks, chat pages). */
export function publicBaseUrl(): string {
  return (env().NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}
