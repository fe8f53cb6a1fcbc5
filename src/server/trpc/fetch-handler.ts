import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { AnyTRPCRouter } from "@trpc/server";
import type { Context } from "./context";
import { appRouter } from "./root";

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
    req,
    router,
    createContext,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}
