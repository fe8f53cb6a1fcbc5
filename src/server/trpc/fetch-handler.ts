import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { withBoundedBody } from "@/server/http/bounded-body";
import type { Context } from "./context";
import { appRouter } from "./root";

/** The largest body a tRPC call (or batch of calls) may send: far above any form's. */
export const MAX_TRPC_BODY_BYTES = 1024 * 1024;

// tRPC answers these in its own error shape (413 and 408), as its Node adapter does.
const bodyErrors = {
  tooLarge: () => new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `The request is larger than ${MAX_TRPC_BODY_BYTES / 1024 / 1024} MB` }),
  tooSlow: () => new TRPCError({ code: "TIMEOUT", message: "The request's body did not arrive in time" }),
};

/**
 * tRPC over HTTP, as /api/trpc serves it: the route gives the session's context; tests give a
 * signed-in user's context and read the very answers a browser gets.
 */
export function handleTrpcRequest(
  req: Request,
  createContext: (opts: { req: Request; resHeaders: Headers }) => Promise<Context>,
  router: AnyTRPCRouter = appRouter,
): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: withBoundedBody(req, MAX_TRPC_BODY_BYTES, bodyErrors),
    router,
    createContext,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}
