/**
 * The public API, described once: served as /api/v1/openapi.json and rendered on /docs/api.
 */
const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", example: "INVALID_FIELD" },
        message: { type: "string", example: "userId is required" },
        field: { type: "string", example: "userId" },
      },
    },
  },
} as const;

const errorResponses = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: ERROR_TEXT[code] ?? "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    ]),
  );

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid JSON, a missing or wrong-typed field, an unknown field or eventid",
  401: "Missing or wrong Bearer token (on the inbound webhook also an unknown or deleted integration: the same answer)",
  403: "Not allowed (a visitor writing as someone else, an origin not allowed)",
  404: "Unknown channel asset, conversation or message",
  409: "The conversation is closed, or is with a CCSP agent (handover)",
  413: "The body is larger than 64 KB",
  415: "The body is not JSON",
  429: "Too many live streams open for this visitor (or from this IP address); see Retry-After",
  503: "The server is restarting; connect again after Retry-After",
};

const assetId = { name: "assetId", in: "path", required: true, schema: { type: "string" } } as const;

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
    schemas: {
      Error: error,
      ChannelMessage: {
        type: "object",
        required: ["userId"],
        additionalProperties: false,
        properties: {
          userId: { type: "string", maxLength: 200, description: "The customer's identifier on the channel" },
          messageId: { type: "string", maxLength: 200, description: "The channel's own message ID: a repeat is accepted once" },
          message: { type: "string", maxLength: 10000, description: "Required unless postbackPayload is given" },
          messageType: { type: "string", default: "text" },
          postbackPayload: { type: "string", maxLength: 1000, description: "Makes it a postback event" },
        },
      },
      Accepted: {
        type: "object",
        properties: {
          conversationId: { type: ["string", "null"], description: "Null when no rule matched (kept as unrouted)" },
          messageId: { type: "string" },
        },
      },
      Receipt: {
        type: "object",
        required: ["messageId", "status"],
        additionalProperties: false,
        properties: {
          messageId: { type: "string", description: "The platform's ID of the bot or agent message" },
          status: { enum: ["Delivered", "Failed", "Read"] },
          description: { type: "string", description: "Why it failed" },
        },
      },
      IntegrationEvent: {
        type: "object",
        required: ["eventid", "conversation_id"],
        additionalProperties: { type: ["string", "number", "boolean", "null"], description: "Custom parameters, kept with the message" },
        properties: {
          eventid: {
            enum: ["1001", "1002", "1003", "1004", "message", "handover", "close", "typing"],
            description: "1001 message, 1002 handover (bots only), 1003 close, 1004 typing (shown in the customer's chat for a few seconds; nothing is stored)",
          },
          conversation_id: { type: "string" },
          message: { type: "string", description: "Required for 1001" },
          typing: { enum: ["on", "off", true, false], default: "on", description: "1004: typing started (on) or stopped (off)" },
          Messagetype: { type: "string", default: "text" },
          Timestamp: { type: "string", description: "YYYY-MM-DD hh:mm:ss.SSS in GMT" },
        },
      },
    },
  },
  paths: {
    "/api/v1/channels/{assetId}/messages": {
      post: {
        summary: "A customer message or postback on a channel asset",
        security: [{ channelSecret: [] }],
        parameters: [assetId],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/ChannelMessage" } } } },
        responses: {
          "202": { description: "Stored; routed to its conversation", content: { "application/json": { schema: { $ref: "#/components/schemas/Accepted" } } } },
          ...errorResponses(400, 401, 403, 404, 413, 415),
        },
      },
      get: {
        summary:
          "Web chat: the visitor's messages, oldest first; `after` (a message ID) returns those after it in (time, ID) order. " +
          "Each message carries the channelMessageId the page sent, so a page can recognise its own message after a lost answer",
        security: [{ channelSecret: [] }],
        parameters: [assetId, { name: "after", in: "query", required: false, schema: { type: "string" } }],
        responses: { "200": { description: "Messages, oldest first" }, ...errorResponses(401, 403, 404) },
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
          { name: "access_token", in: "query", required: false, schema: { type: "string" }, description: "The visitor token, when no Authorization header can be sent" },
          { name: "after", in: "query", required: false, schema: { type: "string" }, description: "A message ID of this visitor's: start after it" },
          { name: "userId", in: "query", required: false, schema: { type: "string" }, description: "If given, must be the token's visitor" },
          { name: "Last-Event-ID", in: "header", required: false, schema: { type: "string" }, description: "Wins over `after`" },
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
        requestBody: {
          required: true,
          content: { "application/json": { schema: { type: "object", required: ["typing"], additionalProperties: false, properties: { typing: { type: "boolean" } } } } },
        },
        responses: { "202": { description: "Passed on" }, ...errorResponses(400, 401, 403, 404, 413, 415) },
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
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Receipt" } } } },
        responses: {
          "202": { description: "Stored and forwarded" },
          "200": { description: "A Read already reported for this message: nothing sent again" },
          ...errorResponses(400, 401, 404, 413, 415),
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
          { name: "hub.mode", in: "query", required: true, schema: { const: "subscribe" } },
          { name: "hub.verify_token", in: "query", required: true, schema: { type: "string" }, description: "The Verify token shown on the channel's page" },
          { name: "hub.challenge", in: "query", required: true, schema: { type: "string", maxLength: 1000 } },
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
        parameters: [assetId, { name: "X-Hub-Signature-256", in: "header", required: true, schema: { type: "string", pattern: "^sha256=[0-9a-f]{64}$" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["object", "entry"],
                properties: {
                  object: { const: "page" },
                  entry: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["id", "time"],
                      properties: { id: { type: "string", description: "The Page ID" }, time: { type: "integer" }, messaging: { type: "array", items: { type: "object" } } },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          "200": { description: "Stored: { received, stored, ignored }" },
          ...errorResponses(400, 401, 404, 413, 415),
        },
      },
    },
    "/api/v1/channels/{assetId}/widget": {
      get: {
        summary:
          "Web chat: the embed script's settings (title, greeting, accentColor, accentText, initials, launcherPosition, chatUrl). Readable " +
          "cross-origin by the channel's allowed origins (any site when the list is empty); another origin gets 403 ORIGIN_NOT_ALLOWED",
        parameters: [assetId],
        responses: { "200": { description: "The widget's settings, with Access-Control-Allow-Origin for the calling origin" }, ...errorResponses(403, 404) },
      },
    },
    "/api/v1/channels/{assetId}/visitors": {
      post: {
        summary: "Web chat: a new visitor identity and its token",
        parameters: [assetId],
        responses: { "201": { description: "{ visitorId, token }" }, ...errorResponses(400, 403, 404) },
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
          "`webhook-signature: v1,<base64 HMAC-SHA256 of \"<webhook-id>.<webhook-timestamp>.<body>\">` (space-separated signatures: " +
          "any one may match; during a signing secret rotation's overlap either secret), `webhook-timestamp` within 5 minutes of the " +
          "current time either way. Otherwise 401 with code INVALID_SIGNATURE and the header at fault as `field`. For signed events " +
          "the key is always `webhook-id` (it is signed), so a captured request replayed within the 5 minutes writes nothing.",
        parameters: [
          { name: "integrationId", in: "path", required: true, schema: { type: "string" } },
          { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 255 }, description: "Visible ASCII; a repeat within 24 h gets the first answer" },
          { name: "webhook-id", in: "header", required: false, schema: { type: "string", maxLength: 255 }, description: "Standard Webhooks message ID; the idempotency key when no Idempotency-Key is sent, or when events are signed" },
          { name: "webhook-timestamp", in: "header", required: false, schema: { type: "string" }, description: "Signed events: Unix seconds, within 5 minutes of now" },
          { name: "webhook-signature", in: "header", required: false, schema: { type: "string" }, description: "Signed events: v1,<base64 HMAC-SHA256>, space-separated if several" },
        ],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/IntegrationEvent" } } } },
        responses: {
          "202": { description: "Stored; { conversationId, messageId, ccspConversationId? } (1004: passed on; { conversationId }). A repeat of a key gets the first answer" },
          ...errorResponses(400, 401, 404, 409, 413, 415),
        },
      },
    },
  },
  // What Switchboard POSTs to a tenant's operational webhook endpoints (Settings > Operational
  // webhooks; docs/alerts.md), signed with the endpoint's own Standard Webhooks secret.
  webhooks: Object.fromEntries(
    (
      [
        ["integration.deactivated", "An integration was made inactive automatically. data: integration { id, name, kind }, reason, deactivatedAt"],
        ["integration.reactivated", "An inactive integration was verified again. data: integration { id, name, kind }, reactivatedAt"],
        ["delivery.failed", "A delivery to a bot, CCSP or channel FAILED (its last retry failed, or it was refused). data: delivery { id, conversationId, attempts, lastError }, receiver { type, id, name }"],
      ] as const
    ).map(([type, description]) => [
      type,
      {
        post: {
          summary: `Operational webhook: ${type}`,
          description:
            `${description}. Headers webhook-id (the same on every attempt), webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256>) ` +
            "with the endpoint's signing secret. Any 2xx is success; anything else is retried for up to an hour, every attempt in the endpoint's log.",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["type", "timestamp", "data"],
                  properties: { type: { const: type }, timestamp: { type: "string", format: "date-time" }, data: { type: "object" } },
                },
              },
            },
          },
          responses: { "2XX": { description: "Received" } },
        },
      },
    ]),
  ),
} as const;
