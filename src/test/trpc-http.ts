/**
 * tRPC over HTTP for tests: the app's router through the same fetch handler /api/trpc uses
 * (src/server/trpc/fetch-handler.ts), so answers are exactly what a browser reads, error
 * formatter included; the context is a signed-in user's, resolved as a request would be.
 */
import superjson from "superjson";
import type { AnyTRPCRouter } from "@trpc/server";
import { db } from "@/server/db/client";
import { resolveCurrentMembership } from "@/server/tenancy/memberships";
import type { Context } from "@/server/trpc/context";
import { handleTrpcRequest } from "@/server/trpc/fetch-handler";

export interface TrpcAnswer {
  status: number;
  text: string;
  /** The error's JSON (message, code, data) when the call failed. */
  error?: { message: string; code: number; data: { code: string; httpStatus: number; fieldErrors: Record<string, string> | null; stack?: string } };
  result?: unknown;
}

export async function trpcOverHttp(
  who: { userId: string; tenantId?: string } | null,
  path: string,
  input: unknown,
  type: "query" | "mutation" = "mutation",
  router?: AnyTRPCRouter,
): Promise<TrpcAnswer> {
  const serialized = JSON.stringify(superjson.serialize(input));
  const url = `http://localhost/api/trpc/${path}${type === "query" ? `?input=${encodeURIComponent(serialized)}` : ""}`;
  const req = new Request(url, type === "query" ? { method: "GET" } : { method: "POST", headers: { "content-type": "application/json" }, body: serialized });
  const createContext = async ({ resHeaders }: { resHeaders: Headers }): Promise<Context> => {
    if (!who) return { db: db(), user: null, membership: null, resHeaders };
    const user = await db().user.findUniqueOrThrow({ where: { id: who.userId } });
    return {
      db: db(),
      user: { id: user.id, name: user.name, email: user.email },
      membership: await resolveCurrentMembership(db(), user.id, who.tenantId),
      resHeaders,
    };
  };
  const response = await handleTrpcRequest(req, createContext, router);
  const text = await response.text();
  const body = JSON.parse(text) as { error?: { json: TrpcAnswer["error"] }; result?: { data: { json: unknown } } };
  return { status: response.status, text, error: body.error?.json, result: body.result?.data.json };
}
