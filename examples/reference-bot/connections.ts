/**
 * The organizations (integrations) one running bot serves. Each one is its signing secret (which
 * also tells, from a request's signature, whom the request is from) and, once the integration is
 * saved, its inbound webhook URL and secret (where the bot's replies to that organization go).
 * Added from the bot's own page (connect-page.ts) or with `configure()`; kept in memory only.
 */
import type { IncomingHttpHeaders } from "node:http";
import { signingKey } from "./config";
import { verifySignature } from "./signature";

export interface Connection {
  signingSecret: string;
  platformEventsUrl?: string;
  inboundSecret?: string;
}

export class ConnectionError extends Error {}

const MAX_CONNECTIONS = 100;

export class Connections {
  private readonly list: Connection[] = [];

  get size(): number {
    return this.list.length;
  }

  all(): readonly Connection[] {
    return this.list;
  }

  /** Adds an organization, or completes the one with this signing secret (the URL and secret come after Save). */
  upsert(input: { signingSecret: string; platformEventsUrl?: string; inboundSecret?: string }): { added: boolean; connection: Connection } {
    const signingSecret = input.signingSecret.trim();
    if (!signingSecret.startsWith("whsec_") || signingKey(signingSecret).length === 0) {
      throw new ConnectionError("The signing secret must be the integration's whsec_… secret");
    }
    const platformEventsUrl = input.platformEventsUrl?.trim() || undefined;
    if (platformEventsUrl) {
      let url: URL;
      try {
        url = new URL(platformEventsUrl);
      } catch {
        throw new ConnectionError("The inbound webhook URL is not a URL");
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConnectionError("The inbound webhook URL must be an http(s) URL");
    }
    const inboundSecret = input.inboundSecret?.trim() || undefined;
    const known = this.list.find((c) => c.signingSecret === signingSecret);
    if (known) {
      if (platformEventsUrl) known.platformEventsUrl = platformEventsUrl;
      if (inboundSecret) known.inboundSecret = inboundSecret;
      return { added: false, connection: known };
    }
    if (this.list.length >= MAX_CONNECTIONS) throw new ConnectionError(`This bot serves at most ${MAX_CONNECTIONS} organizations`);
    const connection: Connection = { signingSecret, platformEventsUrl, inboundSecret };
    this.list.push(connection);
    return { added: true, connection };
  }

  /** The connection whose signing secret signed this request, or why none did. */
  match(headers: IncomingHttpHeaders, rawBody: string): { ok: true; connection: Connection; webhookId: string } | { ok: false; reason: string } {
    let reason = "no signature matches";
    for (const connection of this.list) {
      const check = verifySignature(headers, rawBody, connection.signingSecret);
      if (check.ok) return { ok: true, connection, webhookId: check.webhookId };
      reason = check.reason;
    }
    return { ok: false, reason };
  }
}
