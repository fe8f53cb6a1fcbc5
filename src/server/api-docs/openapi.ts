/**
 * The public API, described once: served as /api/v1/openapi.json and rendered on /docs/api.
 *
 * Generated, not hand-kept: every body and answer below is the JSON Schema (zod's
 * `z.toJSONSchema`, draft 2020-12, which OpenAPI 3.1 takes as is) of the zod schema the route
 * handler parses with or types its answer with, so a field changed there changes here.
 * Descriptions and examples live on those schemas (`.meta()`); this file adds what only the
 * document has: paths, summaries, parameters and the status codes each route answers with.
 * src/server/api-docs/openapi.test.ts checks that every route handler under src/app/api/v1 is
 * here (and nothing else), and that real answers match. The wire formats: docs/protocol.md.
 */
import { z } from "zod";
import {
  acceptedMessageSchema,
  channelMessageSchema,
  messageCursorSchema,
  receiptAcceptedSchema,
  receiptDuplicateSchema,
  receiptSchema,
  typingAcceptedSchema,
  visitorIdentitySchema,
  visitorMessageSchema,
  visitorMessagesSchema,
  visitorTypingSchema,
  widgetSettingsSchema,
} from "@/server/conversations/channel-api-schemas";
import { OPERATIONAL_EVENT_DATA, operationalEventSchema } from "@/server/alerts/operational-webhook-payloads";
import { WEBHOOK_EVENTS } from "@/server/alerts/kinds";
import { idempotencyKeySchema } from "@/server/conversations/inbound-idempotency";
import { integrationEventAnswerSchema, integrationEventSchema, typingEventAnswerSchema } from "@/server/conversations/wire/inbound-events";
import { apiErrorSchema } from "@/server/http/json-response";
import { hubChallengeSchema, hubModeSchema, hubVerifyTokenSchema } from "@/server/messenger/verification-query";
import { notificationAnswerSchema, notificationSchema } from "@/server/messenger/webhook-events";

type JsonSchema = Record<string, unknown>;

/** The document's named schemas (components.schemas), each one a schema a handler uses. */
const components = z.registry<{ id: string }>();
const COMPONENTS: Array<[string, z.ZodType]> = [
  ["Error", apiErrorSchema],
  ["ChannelMessage", channelMessageSchema],
  ["Accepted", acceptedMessageSchema],
  ["VisitorMessages", visitorMessagesSchema],
  ["VisitorMessage", visitorMessageSchema],
  ["VisitorTyping", visitorTypingSchema],
  ["TypingAccepted", typingAcceptedSchema],
  ["Receipt", receiptSchema],
  ["ReceiptAccepted", receiptAcceptedSchema],
  ["ReceiptDuplicate", receiptDuplicateSchema],
  ["VisitorIdentity", visitorIdentitySchema],
  ["WidgetSettings", widgetSettingsSchema],
  ["MessengerNotification", notificationSchema],
  ["MessengerReceived", notificationAnswerSchema],
  ["IntegrationEvent", integrationEventSchema],
  ["IntegrationEventAccepted", integrationEventAnswerSchema],
  ["TypingEventAccepted", typingEventAnswerSchema],
];
for (const [id, schema] of COMPONENTS) components.add(schema, { id });

const SCHEMA_OPTIONS = {
  // What travels on the wire: a request as the caller sends it (defaults optional), an answer as
  // JSON carries it (a Date as its ISO string).
  io: "input",
  target: "draft-2020-12",
  override: ({ jsonSchema }) => {
    // zod's own date-time pattern adds nothing to `format` for a reader.
    if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
  },
} satisfies Parameters<typeof z.toJSONSchema>[1];

/** A standalone document has no use for `$schema` or a fragment `$id` on each schema. */
function bare(schema: JsonSchema): JsonSchema {
  const { $schema, $id, ...rest } = schema;
  void $schema;
  void $id;
  return rest;
}

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(components, { ...SCHEMA_OPTIONS, uri: (id) => `#/components/schemas/${id}` });
  if ("__shared" in schemas) throw new Error("openapi: a schema shared by several components needs an id of its own");
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, bare(schema as JsonSchema)]));
}

function ref(schema: z.ZodType): { $ref: string } {
  const id = components.get(schema)?.id;
  if (!id) throw new Error("openapi: a schema used by an operation must be one of COMPONENTS");
  return { $ref: `#/components/schemas/${id}` };
}

const json = (...schemas: z.ZodType[]) => ({
  "application/json": { schema: schemas.length === 1 ? ref(schemas[0]!) : { anyOf: schemas.map(ref) } },
});

const body = (schema: z.ZodType) => ({ required: true, content: json(schema) });

const answer = (description: string, ...schemas: z.ZodType[]) => ({ description, content: json(...schemas) });

function parameter(name: string, where: "path" | "query" | "header", schema: z.ZodType, description?: string) {
  const required = where === "path" || !schema.safeParse(undefined).success;
  const unwrapped = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return { name, in: where, required, schema: bare(z.toJSONSchema(unwrapped, SCHEMA_OPTIONS) as JsonSchema), ...(description ? { description } : {}) };
}

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid JSON, a missing or wrong-typed field, an unknown field or eventid",
  401: "Missing or wrong Bearer token (on the inbound webhook also an unknown or deleted integration: the same answer)",
  403: "Not allowed (a visitor writing as someone else, an origin not allowed)",
  404: "Unknown channel asset, conversation or message",
  409: "The conversation is closed, or is with a CCSP agent (handover)",
  408: "The body did not arrive within 10 s (HTTP_BODY_TIMEOUT_MS)",
  413: "The body is larger than 64 KB",
  415: "The body is not JSON",
  429: "Too many live streams open for this visitor (or from this IP address); see Retry-After",
  503: "The server is restarting; connect again after Retry-After",
};

const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), answer(ERROR_TEXT[code] ?? "Error", apiErrorSchema)]));

const assetId = parameter("assetId", "path", z.string());

type Operation = {
  summary: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<ReturnType<typeof parameter>>;
  requestBody?: ReturnType<typeof body>;
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const paths: Record<string, Partial<Record<"get" | "post", Operation>>> = {
  "/api/v1/channels/{assetId}/messages": {
    post: {
      summary: "A customer message or postback on a channel asset",
      security: [{ channelSecret: [] }],
      parameters: [assetId],
      requestBody: body(channelMessageSchema),
      responses: {
        "202": answer("Stored; routed to its conversation", acceptedMessageSchema),
        ...errorResponses(400, 401, 403, 404, 408, 413, 415),
      },
    },
    get: {
      summary:
        "Web chat: the visitor's messages, oldest first; `after` (a message ID) returns those after it in (time, ID) order. " +
        "Each message carries the channelMessageId the page sent, so a page can recognise its own message after a lost answer",
      security: [{ channelSecret: [] }],
      parameters: [assetId, parameter("after", "query", z.string().optional())],
      responses: { "200": answer("Messages, oldest first", visitorMessagesSchema), ...errorResponses(401, 403, 404) },
    },
  },
  "/api/v1/channels/{assetId}/messages/stream": {
    get: {
      summary:
        "Web chat: the visitor's messages as they are written, as Server-Sent Events. Each new message is an event `message` whose data " +
        "is one row of GET /messages and whose id is the message ID; the stream starts after `Last-Event-ID` (sent by EventSource when it " +
        "reconnects), else after `after`, else from the first message, then sends `ready` once caught up. Also `typing` " +
        '({ from: "BOT" | "AGENT", typing, conversationId }) and `gone` (the chat was removed). A comment line at least every 20 s keeps ' +
        "proxies from closing it. The token may be sent as `access_token` (EventSource cannot set headers)",
      security: [{ channelSecret: [] }],
      parameters: [
        assetId,
        parameter("access_token", "query", z.string().optional(), "The visitor token, when no Authorization header can be sent"),
        parameter("after", "query", messageCursorSchema.optional(), "A message ID of this visitor's: start after it"),
        parameter("userId", "query", z.string().optional(), "If given, must be the token's visitor"),
        parameter("Last-Event-ID", "header", messageCursorSchema.optional(), "Wins over `after`"),
      ],
      responses: {
        "200": { description: "text/event-stream", content: { "text/event-stream": { schema: { type: "string" } } } },
        ...errorResponses(400, 401, 403, 404, 429, 503),
      },
    },
  },
  "/api/v1/channels/{assetId}/typing": {
    post: {
      summary: "Web chat: the visitor is typing (or stopped); an agent in the desk sees it for a few seconds. Nothing is stored",
      security: [{ channelSecret: [] }],
      parameters: [assetId],
      requestBody: body(visitorTypingSchema),
      responses: { "202": answer("Passed on", typingAcceptedSchema), ...errorResponses(400, 401, 403, 404, 408, 413, 415) },
    },
  },
  "/api/v1/channels/{assetId}/receipts": {
    post: {
      summary: "A delivery receipt; reaches the bot as a Message Delivery event",
      description:
        "A Read is accepted once per message (a message belongs to one customer): a repeat, from a reload or a second tab, answers 200 " +
        "{ receiptId: null, duplicate: true } and sends nothing. A receipt for a message that is not one of this caller's bot or agent " +
        "messages (another visitor's, their own, none) is refused with 404.",
      security: [{ channelSecret: [] }],
      parameters: [assetId],
      requestBody: body(receiptSchema),
      responses: {
        "202": answer("Stored and forwarded", receiptAcceptedSchema),
        "200": answer("A Read already reported for this message: nothing sent again", receiptDuplicateSchema),
        ...errorResponses(400, 401, 404, 408, 413, 415),
      },
    },
  },
  "/api/v1/channels/{assetId}/messenger": {
    get: {
      summary:
        "Messenger: the Meta app's webhook verification. With hub.mode=subscribe and the channel's Verify token, answers hub.challenge " +
        "as text/plain (200); any other token or mode gets 403",
      parameters: [
        assetId,
        parameter("hub.mode", "query", hubModeSchema),
        parameter("hub.verify_token", "query", hubVerifyTokenSchema, "The Verify token shown on the channel's page"),
        parameter("hub.challenge", "query", hubChallengeSchema),
      ],
      responses: {
        "200": { description: "The challenge, as plain text", content: { "text/plain": { schema: { type: "string" } } } },
        ...errorResponses(400, 403, 404),
      },
    },
    post: {
      summary:
        "Messenger: the Page's webhook events (object page, entry[].messaging[]: messages, attachments, postbacks, quick replies, " +
        "deliveries, reads, echoes), signed by Meta. Everything is stored with its deliveries before the 200",
      description:
        "`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the App secret>`, checked in constant time: missing or wrong " +
        "gives 401 and nothing is written. The whole body is checked before anything is stored: a malformed event anywhere gives 400 " +
        "naming it (entry.0.messaging.1.message.mid) and nothing is written. A message's mid is its channel message ID (a repeat is " +
        "accepted once). Text reaches the bot as Incoming message (Channel FB, MessageType text), each attachment as MessageType " +
        "image/video/audio/file/location with its URL (or lat,long) as Message, a postback or a quick-reply tap as FB POSTBACK with " +
        "PostbackPayload, a delivery or read as Message Delivery (Delivered / Read) for each bot or agent message it covers, once. " +
        "Echoes of the Page's own messages are recorded, never routed; entries of other Pages are ignored. At most 1 MB.",
      parameters: [assetId, parameter("X-Hub-Signature-256", "header", z.string().regex(/^sha256=[0-9a-f]{64}$/))],
      requestBody: body(notificationSchema),
      responses: {
        "200": answer("Stored: { received, stored, ignored }", notificationAnswerSchema),
        ...errorResponses(400, 401, 404, 408, 413, 415),
      },
    },
  },
  "/api/v1/channels/{assetId}/widget": {
    get: {
      summary:
        "Web chat: the embed script's settings (title, greeting, accentColor, accentText, initials, launcherPosition, chatUrl). Readable " +
        "cross-origin by the channel's allowed origins (any site when the list is empty); another origin gets 403 ORIGIN_NOT_ALLOWED",
      parameters: [assetId],
      responses: {
        "200": answer("The widget's settings, with Access-Control-Allow-Origin for the calling origin", widgetSettingsSchema),
        ...errorResponses(403, 404),
      },
    },
  },
  "/api/v1/channels/{assetId}/visitors": {
    post: {
      summary: "Web chat: a new visitor identity and its token",
      parameters: [assetId],
      responses: { "201": answer("{ visitorId, token }", visitorIdentitySchema), ...errorResponses(400, 403, 404) },
    },
  },
  "/api/v1/integrations/{integrationId}/events": {
    post: {
      summary: "The generated inbound webhook of a bot or CCSP integration",
      security: [{ inboundSecret: [] }],
      description:
        "Idempotent with a key: a request whose `Idempotency-Key` (or, without one, `webhook-id`) repeats one answered with 202 in the " +
        "last 24 hours gets that first answer and writes nothing; keys are per integration, and the same key with another body is " +
        "refused with 409. Refused requests store nothing, so a repeat is judged again; 1004 (typing) is never stored. " +
        "An integration set to require signed events also wants Standard Webhooks headers signed with its signing secret: " +
        '`webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` (space-separated signatures: ' +
        "any one may match; during a signing secret rotation's overlap either secret), `webhook-timestamp` within 5 minutes of the " +
        "current time either way. Otherwise 401 with code INVALID_SIGNATURE and the header at fault as `field`. For signed events " +
        "the key is always `webhook-id` (it is signed), so a captured request replayed within the 5 minutes writes nothing.",
      parameters: [
        parameter("integrationId", "path", z.string()),
        parameter("Idempotency-Key", "header", idempotencyKeySchema.optional(), "Visible ASCII; a repeat within 24 h gets the first answer"),
        parameter(
          "webhook-id",
          "header",
          idempotencyKeySchema.optional(),
          "Standard Webhooks message ID; the idempotency key when no Idempotency-Key is sent, or when events are signed",
        ),
        parameter("webhook-timestamp", "header", z.string().optional(), "Signed events: Unix seconds, within 5 minutes of now"),
        parameter("webhook-signature", "header", z.string().optional(), "Signed events: v1,<base64 HMAC-SHA256>, space-separated if several"),
      ],
      requestBody: body(integrationEventSchema),
      responses: {
        "202": answer(
          "Stored; { conversationId, messageId, ccspConversationId? } (1004: passed on; { conversationId }). A repeat of a key gets the first answer",
          integrationEventAnswerSchema,
          typingEventAnswerSchema,
        ),
        ...errorResponses(400, 401, 404, 408, 409, 413, 415),
      },
    },
  },
  "/api/v1/openapi.json": {
    get: {
      summary: "This document (OpenAPI 3.1)",
      responses: { "200": { description: "The OpenAPI document", content: { "application/json": { schema: { type: "object" } } } } },
    },
  },
};

/** What Switchboard POSTs to a tenant's operational webhook endpoints (docs/alerts.md), each signed with the endpoint's own secret. */
const webhooks = Object.fromEntries(
  [...WEBHOOK_EVENTS, "webhook.test" as const].map((type) => [
    type,
    {
      post: {
        summary: `Operational webhook: ${type}`,
        description:
          `${String(OPERATIONAL_EVENT_DATA[type].meta()?.description)}. Headers webhook-id (the same on every attempt), webhook-timestamp and ` +
          "webhook-signature (v1,<base64 HMAC-SHA256>) with the endpoint's signing secret. Any 2xx is success; anything else is retried " +
          "for up to an hour, every attempt in the endpoint's log.",
        requestBody: {
          required: true,
          content: { "application/json": { schema: bare(z.toJSONSchema(operationalEventSchema(type), SCHEMA_OPTIONS) as JsonSchema) } },
        },
        responses: { "2XX": { description: "Received" } },
      },
    },
  ]),
);

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Switchboard public API",
    version: "1.0.0",
    description:
      "Channels post customer messages and receipts; bots and CCSPs post their events to the webhook generated for their integration. " +
      "Every accepted message is stored before the 202 answer. Errors are JSON: { error: { code, message, field } }.",
  },
  components: {
    securitySchemes: {
      channelSecret: { type: "http", scheme: "bearer", description: "HTTP channel: the asset's secret. Web chat: the visitor token." },
      inboundSecret: {
        type: "http",
        scheme: "bearer",
        description:
          "The integration's inbound webhook secret (shown once, rotatable). A rotation can keep the replaced secret valid for a grace " +
          "period the admin picks (none, 1 h, 24 h), shown on the integration's page with its expiry, so your system can switch without refused calls.",
      },
    },
    schemas: componentSchemas(),
  },
  paths,
  webhooks,
};
