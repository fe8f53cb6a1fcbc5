/**
 * The reference bot: a small HTTP server a Switchboard BOT integration (OTHERS or IMI BOT) points at.
 *
 * Every POST is checked (Standard Webhooks signature; the Bearer access token for IMI BOT) and
 * answered at once with the verification token (OTHERS), well inside the platform's 5 s. The
 * conversation logic runs afterwards and replies through the integration's inbound webhook:
 *   - "Incoming message" → 1001 "You said: …" with the quick replies "Talk to an agent|Bye"
 *   - "agent" / "Talk to an agent" (typed or as a postback) → 1002 handover
 *   - "bye" → 1001 goodbye, then 1003 close
 *   - copies with ConversationType "CCSP" (an agent has the conversation) are only logged.
 * Node built-ins only, so it can be copied out of the repository as a starting point.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkConfig, configWarnings, type BotConfig } from "./config";
import { connectPage } from "./connect-page";
import { ConnectionError, Connections, type Connection } from "./connections";

export const QUICK_REPLIES = "Talk to an agent|Bye";
export const HANDOVER_REASON = "customer asked for an agent";
const HANDOVER_WORDS = new Set(["agent", "talk to an agent"]);
const CLOSE_WORDS = new Set(["bye"]);
const MAX_BODY_BYTES = 1024 * 1024;
const REPLY_TIMEOUT_MS = 10_000;
/** webhook-ids remembered to skip retried deliveries the bot already handled. */
const REMEMBERED_DELIVERIES = 1_000;

/** A platform event as received (field names as the platform sends them). */
export type PlatformEvent = Record<string, unknown>;

export interface StartOptions {
  /** One line per event and per reply; default: console.log with a timestamp. */
  log?: (line: string) => void;
  /** Called with every accepted event (after the checks, once per delivery). */
  onEvent?: (event: PlatformEvent, webhookId: string | null) => void;
}

export interface ReferenceBot {
  /** Where the bot listens, e.g. http://127.0.0.1:4000/webhook (any path is accepted). */
  url: string;
  port: number;
  /** Changes settings while running, e.g. once the integration's secrets are known. */
  configure(patch: Partial<Omit<BotConfig, "port" | "host">>): void;
  /** Serves another organization too (what the bot's page does): its signing secret, then where to reply. */
  connect(connection: Connection): void;
  /** Resolves when every reply started so far has been sent. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startReferenceBot(initial: BotConfig, options: StartOptions = {}): Promise<ReferenceBot> {
  checkConfig(initial);
  let config: BotConfig = { ...initial };
  const log = options.log ?? ((line: string) => console.log(`${new Date().toISOString()} ${line}`));
  const seenDeliveries = new Set<string>();
  const connections = new Connections();
  /** http://host:port, known once listening. */
  let origin = "";
  /** Where replies go: the organization whose secret signed the request, else the configured one. */
  type ReplyTarget = Pick<Connection, "platformEventsUrl" | "inboundSecret">;
  const queues = new Map<string, Promise<void>>();

  /** Replies of one conversation go out in order, one after the other. */
  const enqueue = (conversationId: string, work: () => Promise<void>) => {
    const previous = queues.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: unknown) => log(`✖ ${conversationId}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        if (queues.get(conversationId) === next) queues.delete(conversationId);
      });
    queues.set(conversationId, next);
  };

  const sendToPlatform = async (target: ReplyTarget, body: Record<string, string>): Promise<boolean> => {
    const summary = `${body.eventid} ${body.conversation_id}${body.message ? ` ${JSON.stringify(body.message)}` : ""}${body.reason ? ` (${body.reason})` : ""}`;
    if (!target.platformEventsUrl || !target.inboundSecret) {
      log(`→ ${summary}: not sent, the inbound webhook URL and secret are needed to reply (PLATFORM_EVENTS_URL and INBOUND_SECRET, or the bot's page)`);
      return false;
    }
    try {
      const response = await fetch(target.platformEventsUrl, {
        method: "POST",
        headers: { authorization: `Bearer ${target.inboundSecret}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
      });
      const text = await response.text();
      log(`→ ${summary} → HTTP ${response.status}${response.ok ? "" : `: ${text.replace(/\s+/g, " ").slice(0, 200)}`}`);
      return response.ok;
    } catch (error) {
      log(`→ ${summary} → failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  };

  const converse = async (target: ReplyTarget, conversationId: string, said: string) => {
    const sendToPlatform$ = (body: Record<string, string>) => sendToPlatform(target, body);
    const words = said.trim().toLowerCase().replace(/[\s.!?]+$/, "");
    const at = gmtTimestamp(new Date());
    if (HANDOVER_WORDS.has(words)) {
      await sendToPlatform$({ eventid: "1002", conversation_id: conversationId, reason: HANDOVER_REASON, Timestamp: at });
    } else if (CLOSE_WORDS.has(words)) {
      await sendToPlatform$({ eventid: "1001", conversation_id: conversationId, message: "Goodbye! Write again any time.", Messagetype: "text", Timestamp: at });
      await sendToPlatform$({ eventid: "1003", conversation_id: conversationId, Timestamp: gmtTimestamp(new Date()) });
    } else {
      await sendToPlatform$({
        eventid: "1001",
        conversation_id: conversationId,
        message: `You said: ${said}`,
        Messagetype: "text",
        Timestamp: at,
        quickReplies: QUICK_REPLIES,
      });
    }
  };

  const handleEvent = (event: PlatformEvent, target: ReplyTarget) => {
    const name = text(event.Event) ?? "(no Event)";
    const conversationId = text(event.Conversationid) ?? "";
    const type = text(event.ConversationType);
    const copy = type === "CCSP";
    const where = conversationId ? ` ${conversationId}${type ? ` [${type}]` : ""}` : "";
    switch (name) {
      case "Verification":
        log(`← Verification: answered${config.verificationToken ? " with the verification token" : ""}`);
        return;
      case "Incoming message":
      case "POSTBACK":
      case "FB POSTBACK": {
        const said = name === "Incoming message" ? text(event.Message) : text(event.PostbackPayload);
        log(`← ${name}${where} ${JSON.stringify(said ?? "")}${copy ? " (copy while an agent has the conversation: not answered)" : ""}`);
        if (!copy && conversationId && said !== undefined) enqueue(conversationId, () => converse(target, conversationId, said));
        return;
      }
      case "Message Delivery":
        log(`← Message Delivery${where} ${text(event.Messageid) ?? ""} ${text(event.DeliveryStatus) ?? ""}${event.Description ? `: ${text(event.Description)}` : ""}`);
        return;
      case "Agent message":
        log(`← Agent message${where} ${JSON.stringify(text(event.Message) ?? "")}`);
        return;
      default:
        log(`← ${name}${where}${event.CCSPConversationid ? ` (CCSP conversation ${text(event.CCSPConversationid)})` : ""}`);
    }
  };

  const server = createServer((req, res) => {
    void handleRequest(req, res).catch((error: unknown) => {
      log(`✖ request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) respond(res, 500, { error: "internal error" });
    });
  });

  const page = (status: number, res: ServerResponse, notice?: { ok: boolean; text: string }) =>
    respondHtml(res, status, connectPage({ webhookUrl: `${origin}/webhook`, connected: knownSecrets().length, notice }));

  /** The default organization (configured) first, then those connected from the page. */
  const knownSecrets = (): Connection[] => [
    ...(config.signingSecret ? [{ signingSecret: config.signingSecret, platformEventsUrl: config.platformEventsUrl, inboundSecret: config.inboundSecret }] : []),
    ...connections.all(),
  ];

  /** POST /connect, from the bot's page: the bot's own token proves the caller runs this bot. */
  function connectFromPage(raw: string, res: ServerResponse) {
    const form = new URLSearchParams(raw);
    const token = form.get("botToken") ?? "";
    if (!token || (token !== config.verificationToken && token !== config.accessToken)) {
      log("✖ refused a connection: wrong bot token");
      return page(403, res, { ok: false, text: "That is not this bot's verification token: nothing was connected." });
    }
    try {
      const { added, connection } = connections.upsert({
        signingSecret: form.get("signingSecret") ?? "",
        platformEventsUrl: form.get("platformEventsUrl") ?? undefined,
        inboundSecret: form.get("inboundSecret") ?? undefined,
      });
      const replies = connection.platformEventsUrl && connection.inboundSecret;
      log(`+ ${added ? "connected an organization" : "updated an organization"}${replies ? " (can reply)" : " (signing secret only: it cannot reply yet)"}`);
      return page(200, res, {
        ok: true,
        text: replies
          ? "Connected: the bot checks this organization's signatures and replies through its inbound webhook."
          : "Signing secret saved: Verify and Save the integration now, then paste its inbound webhook URL and secret here so the bot can reply.",
      });
    } catch (error) {
      if (!(error instanceof ConnectionError)) throw error;
      return page(400, res, { ok: false, text: error.message });
    }
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse) {
    if (req.method === "GET") return page(200, res);
    if (req.method !== "POST") return respond(res, 405, { error: "POST only" });
    const raw = await readBody(req);
    if (raw === null) return respond(res, 413, { error: "body too large" });
    if ((req.url ?? "/").split("?")[0] === "/connect") return connectFromPage(raw, res);

    if (config.accessToken && req.headers.authorization !== `Bearer ${config.accessToken}`) {
      log("✖ refused a request: wrong or missing Bearer access token (401)");
      return respond(res, 401, { error: "wrong or missing access token" });
    }
    let webhookId: string | null = null;
    let target: ReplyTarget = config;
    const secrets = knownSecrets();
    if (secrets.length > 0) {
      const known = new Connections();
      for (const connection of secrets) known.upsert(connection);
      const check = known.match(req.headers, raw);
      if (!check.ok) {
        log(`✖ refused a request: ${check.reason} (401); a new organization pastes its signing secret on ${origin}/ first`);
        return respond(res, 401, { error: `invalid signature: ${check.reason} (connect this organization's signing secret on the bot's page, ${origin}/)` });
      }
      webhookId = check.webhookId;
      target = secrets.find((c) => c.signingSecret === check.connection.signingSecret) ?? config;
    } else {
      webhookId = typeof req.headers["webhook-id"] === "string" ? req.headers["webhook-id"] : null;
    }
    let event: PlatformEvent;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      event = parsed as PlatformEvent;
    } catch {
      return respond(res, 400, { error: "the body must be a JSON object" });
    }

    // Answer first (the platform waits at most 5 s), then think.
    const answer: Record<string, string> = {};
    if (config.verificationToken) answer.verificationToken = config.verificationToken;
    if (event.Event === "Verification" && typeof event.Challenge === "string") answer.challenge = event.Challenge;
    respond(res, 200, answer, config.verificationToken ? { "x-verification-token": config.verificationToken } : {});

    if (webhookId) {
      // A retry of a delivery already handled (its answer got lost): answered again, not acted on twice.
      if (seenDeliveries.has(webhookId)) return log(`← ${text(event.Event) ?? "event"} again (delivery ${webhookId} already handled)`);
      seenDeliveries.add(webhookId);
      if (seenDeliveries.size > REMEMBERED_DELIVERIES) seenDeliveries.delete(seenDeliveries.values().next().value as string);
    }
    options.onEvent?.(event, webhookId);
    handleEvent(event, target);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  origin = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`;
  return {
    url: `${origin}/webhook`,
    port,
    configure(patch) {
      const next = { ...config, ...patch };
      checkConfig(next);
      config = next;
      for (const warning of configWarnings(config)) log(`! ${warning}`);
    },
    connect(connection) {
      connections.upsert(connection);
    },
    async idle() {
      while (queues.size > 0) await Promise.all([...queues.values()]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GMT, `YYYY-MM-DD hh:mm:ss.SSS`, the platform's wire format. */
export function gmtTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").slice(0, 23);
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function respond(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function respondHtml(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-frame-options": "DENY" });
  res.end(body);
}

/** The raw body as text, or null when it is larger than MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else parts.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}
