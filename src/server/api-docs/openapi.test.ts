/**
 * The public API document against the code it describes:
 * - every route handler file under src/app/api/v1 and each HTTP method it exports is in the
 *   document, and the document has nothing without a handler (add a route, and this fails until
 *   it is documented);
 * - the document holds together: every $ref resolves, every schema compiles as JSON Schema
 *   2020-12, every path parameter is declared, every operation that takes input documents its
 *   4xx with the one error shape;
 * - real requests to the real handlers (a route server on 127.0.0.1, the test database) get
 *   answers that validate against the document's schema for their status;
 * - the production server serves the document, and its reference page lists every operation.
 */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertDeliveryFailed, alertIntegrationDeactivated, alertIntegrationReactivated } from "@/server/alerts/integration-alerts";
import { createEndpoint } from "@/server/alerts/webhook-endpoints";
import { openApiDocument } from "@/server/api-docs/openapi";
import { db } from "@/server/db/client";
import { startAppServer, type AppServer } from "@/test/app-server";
import { createChatScene } from "@/test/chat-scene";
import { requestsFrom, startReceiver, type Receiver } from "@/test/receiver";
import { startRouteProcess, type RouteProcess } from "@/test/route-process";

const API_ROOT = join(process.cwd(), "src", "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

type Json = Record<string, unknown>;
type Webhooks = Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
type Operation = { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown; responses: Record<string, Json> };
const document = JSON.parse(JSON.stringify(openApiDocument)) as Json & { paths: Record<string, Record<string, Operation>>; components: Json };

/** Every route.ts under `dir`, as the URL path Next serves it at (`[assetId]` → `{assetId}`). */
function routeFiles(dir: string): Array<{ file: string; path: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (!/^route\.(ts|tsx|js)$/.test(entry.name)) return [];
    const segments = relative(API_ROOT, dir).split(sep).filter(Boolean);
    const path = ["/api/v1", ...segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}"))].join("/");
    return [{ file: full, path }];
  });
}

/** "GET /api/v1/..." for each method a route file exports. */
async function handledOperations(): Promise<string[]> {
  const operations: string[] = [];
  for (const { file, path } of routeFiles(API_ROOT)) {
    const exported = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const method of METHODS) if (typeof exported[method] === "function") operations.push(`${method} ${path}`);
  }
  return operations.sort();
}

function documentedOperations(): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

function operations(): Array<[string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]));
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

function resolve(pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  return pointer
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Json)[part] : undefined), document);
}

const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { "date-time": (text: string) => /^\d{4}-\d\d-\d\dT/.test(text) && !Number.isNaN(Date.parse(text)) } });

/** A validator for a schema of the document, its `#/components/...` references resolved against the document. */
const validatorFor = (schema: unknown) => ajv.compile({ ...(schema as Json), components: document.components });

describe("the API document covers every public route handler", () => {
  it("lists exactly the (path, method) pairs the files under src/app/api/v1 export", async () => {
    const handled = await handledOperations();
    expect(handled.length).toBeGreaterThan(8);
    expect(documentedOperations()).toEqual(handled);
  });

  it("is what /api/v1/openapi.json serves", async () => {
    const { GET } = await import("@/app/api/v1/openapi.json/route");
    expect(await GET().json()).toEqual(document);
  });
});

describe("the API document holds together", () => {
  it("every $ref points at something", () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
  });

  it("every component schema compiles as JSON Schema 2020-12", () => {
    const schemas = Object.entries(document.components.schemas as Record<string, unknown>);
    expect(schemas.length).toBeGreaterThan(10);
    for (const [id] of schemas) expect(() => validatorFor({ $ref: `#/components/schemas/${id}` }), id).not.toThrow();
  });

  it("declares every path parameter, and every operation answers something", () => {
    for (const [name, operation] of operations()) {
      const declared = new Set((operation.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name));
      const inPath = [...name.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect([...declared].sort(), name).toEqual(inPath.sort());
      expect(Object.keys(operation.responses).some((status) => /^2(\d\d|XX)$/.test(status)), name).toBe(true);
    }
  });

  it("every operation that takes input documents its 4xx answers with the one error shape", () => {
    for (const [name, operation] of operations()) {
      if (!operation.requestBody && !(operation.parameters ?? []).length) continue;
      const errors = Object.entries(operation.responses).filter(([status]) => /^4\d\d$/.test(status));
      expect(errors.length, name).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        expect((response.content as Json)["application/json"], `${name} ${status}`).toEqual({ schema: { $ref: "#/components/schemas/Error" } });
      }
    }
  });
});

describe("real answers match the document", () => {
  let bot: Receiver;
  let server: RouteProcess;

  beforeAll(async () => {
    [bot, server] = await Promise.all([startReceiver(), startRouteProcess()]);
    bot.reply({ status: 200 });
  });
  afterAll(async () => {
    await Promise.all([bot?.close(), server?.stop()]);
  });

  /** Sends the request and checks the answer against the document's schema for (path, method, status). */
  async function call(method: "GET" | "POST", template: string, url: string, init: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
    const response = await fetch(`${server.url}${url}`, {
      method,
      headers: {
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const body = (await response.json()) as Json;
    const documented = document.paths[template]?.[method.toLowerCase()]?.responses[String(response.status)];
    expect(documented, `${method} ${template} answered ${response.status}, which the document does not list: ${JSON.stringify(body)}`).toBeDefined();
    const validate = validatorFor((documented!.content as Record<string, { schema: unknown }>)["application/json"]!.schema);
    expect(validate(body), `${method} ${template} ${response.status}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(body)}`).toBe(true);
    return { status: response.status, body };
  }

  it("the web chat's calls, the bot's events and the errors", async () => {
    const scene = await createChatScene({ action: "BOT_CCSP", channel: "WEB_CHAT", botPlatform: "IMI_BOT", botUrl: bot.url, ccspPlatform: "BUILT_IN" });
    const channel = `/api/v1/channels/${scene.asset.id}`;

    const visitor = await call("POST", "/api/v1/channels/{assetId}/visitors", `${channel}/visitors`, { body: {} });
    expect(visitor.status).toBe(201);
    const token = visitor.body.token as string;

    const widget = await call("GET", "/api/v1/channels/{assetId}/widget", `${channel}/widget`);
    expect(widget.status).toBe(200);

    const seen = requestsFrom(bot);
    const sent = await call("POST", "/api/v1/channels/{assetId}/messages", `${channel}/messages`, {
      token,
      body: { userId: visitor.body.visitorId, messageId: "page-1", message: "Where is my order?" },
    });
    expect(sent.status).toBe(202);
    const [incoming] = await seen.next();
    const conversationId = (incoming!.body as Json).Conversationid as string;

    const events = `/api/v1/integrations/${scene.bot.id}/events`;
    const template = "/api/v1/integrations/{integrationId}/events";
    const typing = await call("POST", template, events, { token: scene.bot.inboundSecret, body: { eventid: "1004", conversation_id: conversationId } });
    expect(typing.status).toBe(202);
    const replyEvent = { eventid: "1001", conversation_id: conversationId, message: "It ships today", Messagetype: "text", orderId: 4711 };
    const reply = await call("POST", template, events, { token: scene.bot.inboundSecret, headers: { "idempotency-key": "reply-1" }, body: replyEvent });
    expect(reply.status).toBe(202);
    // A repeat of the key gets the stored first answer, in the same shape.
    const repeat = await call("POST", template, events, { token: scene.bot.inboundSecret, headers: { "idempotency-key": "reply-1" }, body: replyEvent });
    expect(repeat).toEqual(reply);

    const listed = await call("GET", "/api/v1/channels/{assetId}/messages", `${channel}/messages`, { token });
    expect(listed.status).toBe(200);
    expect((listed.body.messages as Json[]).map((m) => m.id)).toEqual([sent.body.messageId, reply.body.messageId]);

    const receipts = "/api/v1/channels/{assetId}/receipts";
    const read = { messageId: reply.body.messageId, status: "Read" };
    expect((await call("POST", receipts, `${channel}/receipts`, { token, body: read })).status).toBe(202);
    expect((await call("POST", receipts, `${channel}/receipts`, { token, body: read })).status).toBe(200);

    expect((await call("POST", "/api/v1/channels/{assetId}/typing", `${channel}/typing`, { token, body: { typing: true } })).status).toBe(202);

    // Refusals carry the one error shape.
    const unknownField = await call("POST", "/api/v1/channels/{assetId}/messages", `${channel}/messages`, { token, body: { userId: visitor.body.visitorId, message: "hi", colour: "red" } });
    expect(unknownField).toMatchObject({ status: 400, body: { error: { code: "INVALID_FIELD", field: "colour" } } });
    expect((await call("POST", template, events, { token: "wrong", body: { eventid: "1001", conversation_id: conversationId, message: "x" } })).status).toBe(401);
    expect((await call("GET", "/api/v1/channels/{assetId}/messages", "/api/v1/channels/no-such-asset/messages", { token })).status).toBe(404);
    await db().channelAsset.update({ where: { id: scene.asset.id }, data: { allowedOrigins: ["https://shop.example"] } });
    const elsewhere = await call("GET", "/api/v1/channels/{assetId}/widget", `${channel}/widget`, { headers: { origin: "https://elsewhere.example" } });
    expect(elsewhere).toMatchObject({ status: 403, body: { error: { code: "ORIGIN_NOT_ALLOWED" } } });
  });
});

describe("operational webhooks match the document", () => {
  it("each event the alerts write into the outbox validates against its documented body", async () => {
    const receiver = await startReceiver();
    const scene = await createChatScene({ action: "BOT", channel: "HTTP", botPlatform: "IMI_BOT", botUrl: receiver.url }).finally(() => receiver.close());
    const actor = { userId: scene.ownerId, tenantId: scene.tenantId };
    // Nothing sends these here: the test reads what the alerts wrote into the outbox.
    const { endpoint } = await createEndpoint(db(), actor, { url: "http://127.0.0.1:9/ops", description: "", events: ["integration.deactivated", "integration.reactivated", "delivery.failed"] });
    const deactivatedAt = new Date();
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "INACTIVE", deactivatedAt, deactivationReason: "5 consecutive failed attempts" } });
    await db().$transaction((tx) => alertIntegrationDeactivated(tx, scene.bot.id));
    await db().$transaction((tx) => alertIntegrationReactivated(tx, scene.bot.id, deactivatedAt, new Date()));
    const failed = await db().delivery.create({
      data: { id: `dlv_${crypto.randomUUID().replaceAll("-", "")}`, tenantId: scene.tenantId, integrationId: scene.bot.id, orderingKey: "openapi-test", payload: {}, state: "FAILED" },
    });
    await db().$transaction((tx) => alertDeliveryFailed(tx, failed.id, 5, "HTTP 500"));

    const sent = await db().delivery.findMany({ where: { webhookEndpointId: endpoint.id }, select: { payload: true }, orderBy: { seq: "asc" } });
    const webhooks = document.webhooks as Webhooks;
    expect(sent.map((d) => (d.payload as Json).type)).toEqual(["integration.deactivated", "integration.reactivated", "delivery.failed"]);
    for (const { payload } of sent) {
      const type = (payload as Json).type as string;
      const validate = validatorFor(webhooks[type]!.post.requestBody.content["application/json"]!.schema);
      expect(validate(payload), `${type}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(payload)}`).toBe(true);
    }
  });
});

describe("the production server", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer({ databaseUrl: process.env.DATABASE_URL });
  }, 240_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("serves the document at /api/v1/openapi.json and lists each of its operations on /docs/api", async () => {
    const served = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(await served.json()).toEqual(document);
    const page = await fetch(`${app.url}/docs/api`);
    expect(page.status).toBe(200);
    // One list item per operation, each with its method and path.
    const items = [...(await page.text()).matchAll(/<li\b[^>]*>.*?<\/li>/gs)].map((m) => m[0].replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " "));
    for (const name of documentedOperations()) {
      const [method, path] = name.split(" ");
      expect(items.some((item) => new RegExp(`\\b${method!.toLowerCase()}\\s+${path!.replace(/[{}.]/g, "\\$&")}\\s`).test(item)), name).toBe(true);
    }
  });
});
