/**
 * The reference bot's settings, from the environment (see README.md). Node built-ins only: this
 * example is meant to be copied out of the repository.
 */

export interface BotConfig {
  /** Port to listen on; 0 picks a free one. Default 4000. */
  port: number;
  /** Interface to listen on. Default 127.0.0.1 (set 0.0.0.0 to accept connections from elsewhere). */
  host: string;
  /** The integration's generated inbound webhook: https://<platform>/api/v1/integrations/<id>/events */
  platformEventsUrl?: string;
  /** The inbound webhook secret the platform showed once when the integration was saved. */
  inboundSecret?: string;
  /** The integration's `whsec_` signing secret: every request without a valid signature gets 401. */
  signingSecret?: string;
  /** OTHERS: the verification token, returned in the answer to every POST. */
  verificationToken?: string;
  /** IMI BOT: the access token the platform sends as `Authorization: Bearer <token>`. */
  accessToken?: string;
}

export class ConfigError extends Error {}

const DEFAULT_PORT = 4000;

/** Reads PORT, HOST, PLATFORM_EVENTS_URL, INBOUND_SECRET, SIGNING_SECRET, VERIFICATION_TOKEN, ACCESS_TOKEN. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): BotConfig {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const portText = value("PORT");
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`PORT must be a port number, not "${portText}"`);
  const config: BotConfig = {
    port,
    host: value("HOST") ?? "127.0.0.1",
    platformEventsUrl: value("PLATFORM_EVENTS_URL"),
    inboundSecret: value("INBOUND_SECRET"),
    signingSecret: value("SIGNING_SECRET"),
    verificationToken: value("VERIFICATION_TOKEN"),
    accessToken: value("ACCESS_TOKEN"),
  };
  checkConfig(config);
  return config;
}

export function checkConfig(config: BotConfig): void {
  if (!config.verificationToken && !config.accessToken) {
    throw new ConfigError("Set VERIFICATION_TOKEN (an OTHERS integration) or ACCESS_TOKEN (an IMI BOT integration)");
  }
  if (config.platformEventsUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(config.platformEventsUrl);
    } catch {
      throw new ConfigError(`PLATFORM_EVENTS_URL is not a URL: "${config.platformEventsUrl}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError("PLATFORM_EVENTS_URL must be an http(s) URL");
  }
  if (config.signingSecret !== undefined && signingKey(config.signingSecret).length === 0) {
    throw new ConfigError("SIGNING_SECRET must be the integration's whsec_… signing secret");
  }
}

/** What a config cannot do yet, in words for the start-up log. */
export function configWarnings(config: BotConfig): string[] {
  const warnings: string[] = [];
  if (!config.signingSecret) {
    warnings.push("SIGNING_SECRET is not set: signatures are NOT checked (fine while you first Verify; set it afterwards)");
  }
  if (!config.platformEventsUrl || !config.inboundSecret) {
    warnings.push("PLATFORM_EVENTS_URL and INBOUND_SECRET are not both set: the bot answers the platform but cannot reply to customers");
  }
  return warnings;
}

/** The HMAC key of a Standard Webhooks secret: the base64 part after `whsec_`. */
export function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  return Buffer.from(encoded, "base64");
}
