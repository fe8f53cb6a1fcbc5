/**
 * Bodies a hostile client sends, against the real server (a production build run as `npm start`
 * runs it, over real HTTP): 10 MB declared or sent chunked with no length, a body that never
 * ends and one trickled a byte at a time. The public API, tRPC and sign-in each answer 413 or
 * 408 with a JSON error, write nothing, and keep serving everyone else meanwhile.
 */
import { request as httpRequest, type ClientRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startAppServer, type AppServer } from "@/test/app-server";
import { createChatScene } from "@/test/chat-scene";
import { withOwnDatabase } from "@/test/own-database";
import { quietReceiver } from "@/test/receiver";

withOwnDatabase();

const BODY_TIMEOUT_MS = 1_000;

let app: AppServer;
let scene: Awaited<ReturnType<typeof createChatScene>>;
beforeAll(async () => {
  scene = await createChatScene({ action: "BOT", botUrl: (await quietReceiver()).url });
  app = await startAppServer({ databaseUrl: process.env.DATABASE_URL, env: { HTTP_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS) } });
}, 600_000);
afterAll(async () => {
  await app?.stop(5_000);
});

interface Answer {
  status: number;
  json: { error?: Record<string, unknown> };
}

/**
 * POSTs to `path`, letting `send` write the body as it likes, and resolves with the answer as
 * soon as it comes (the server may answer before the body is over and close the connection).
 */
function post(path: string, headers: Record<string, string>, send: (request: ClientRequest) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, app.url);
    const request = httpRequest(url, { method: "POST", headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        request.destroy();
        try {
          resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) as Answer["json"] });
        } catch {
          reject(new Error(`Not JSON (${response.statusCode}): ${text.slice(0, 200)}`));
        }
      });
    });
    request.on("error", () => {}); // writes after the answer fail once the server closed: expected
    request.setTimeout(30_000, () => reject(new Error(`No answer from ${path} in 30 s`)));
    send(request);
  });
}

const MB = Buffer.alloc(1024 * 1024, "a");
const tenMegabytes = (request: ClientRequest) => {
  for (let i = 0; i < 10; i++) request.write(MB);
  request.end();
};
/** Begins a body and never sends the rest (the server must not wait for ever). */
const neverEnding = (start: string) => (request: ClientRequest) => {
  request.write(start);
};
/** A byte every 100 ms: the body is never too large, only too slow. */
const trickled = (start: string) => (request: ClientRequest) => {
  request.write(start);
  const timer = setInterval(() => request.write(" "), 100);
  request.on("close", () => clearInterval(timer));
};

const channelPath = () => `/api/v1/channels/${scene.asset.id}/messages`;
const channelHeaders = () => ({ "content-type": "application/json", authorization: `Bearer ${scene.channelSecret}` });
const tenMegabytesDeclared = { "content-length": String(10 * MB.length) };
const storedMessages = () => db().message.count({ where: { tenantId: scene.tenantId } });

describe("the public API", () => {
  it.each([
    { name: "10 MB declared in Content-Length", headers: tenMegabytesDeclared, send: tenMegabytes, status: 413, code: "PAYLOAD_TOO_LARGE" },
    { name: "10 MB sent chunked, with no length", headers: {}, send: tenMegabytes, status: 413, code: "PAYLOAD_TOO_LARGE" },
    { name: "a body that never ends", headers: {}, send: neverEnding('{"userId":"u1","message":"hel'), status: 408, code: "BODY_TIMEOUT" },
    { name: "a body trickled a byte at a time", headers: {}, send: trickled('{"userId":"u1","message":"hel'), status: 408, code: "BODY_TIMEOUT" },
  ])("$name: $status with a JSON error naming the body, nothing stored", async ({ headers, send, status, code }) => {
    const before = await storedMessages();
    const answer = await post(channelPath(), { ...channelHeaders(), ...headers }, send);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toMatchObject({ code, field: "body", message: expect.any(String) });
    expect(await storedMessages()).toBe(before);
  });

  it("answers everyone else while 20 bodies that never end are open, then lets those go", async () => {
    const hanging = Array.from({ length: 20 }, () => post(channelPath(), channelHeaders(), neverEnding('{"userId":"u2"')));
    const sent = await fetch(`${app.url}${channelPath()}`, {
      method: "POST",
      headers: channelHeaders(),
      body: JSON.stringify({ userId: "u3", message: "still served" }),
    });
    expect(sent.status).toBe(202);
    const answers = await Promise.all(hanging);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(408));
    expect(await db().message.count({ where: { tenantId: scene.tenantId, text: "still served" } })).toBe(1);
  });
});

describe("tRPC", () => {
  const signUp = "/api/trpc/account.signUp";
  const headers = { "content-type": "application/json" };
  const accounts = () => db().user.count();

  it.each([
    { name: "10 MB sent chunked, with no length", send: tenMegabytes, status: 413, code: "PAYLOAD_TOO_LARGE" },
    { name: "a body that never ends", send: neverEnding('{"name":"Sam","email":"sam@'), status: 408, code: "TIMEOUT" },
  ])("$name: $status in tRPC's error shape, no account made", async ({ send, status, code }) => {
    const before = await accounts();
    const answer = await post(signUp, headers, send);
    expect(answer.status).toBe(status);
    // superjson carries tRPC's error shape under `json`
    expect(answer.json).toMatchObject({ error: { json: { message: expect.any(String), data: { code, httpStatus: status } } } });
    expect(await accounts()).toBe(before);
  });
});

describe("sign-in", () => {
  const credentials = "/api/auth/callback/credentials";
  const form = { "content-type": "application/x-www-form-urlencoded" };

  it.each([
    { name: "10 MB declared in Content-Length", headers: tenMegabytesDeclared, send: tenMegabytes, status: 413, code: "PAYLOAD_TOO_LARGE" },
    { name: "10 MB sent chunked, with no length", headers: {}, send: tenMegabytes, status: 413, code: "PAYLOAD_TOO_LARGE" },
    { name: "a body that never ends", headers: {}, send: neverEnding("email=sam%40example.com&password=x"), status: 408, code: "BODY_TIMEOUT" },
  ])("$name: $status with a JSON error, no session issued", async ({ headers, send, status, code }) => {
    const answer = await post(credentials, { ...form, ...headers }, send);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toMatchObject({ code, field: "body" });
  });
});
