/** What the UI's tRPC procedures return, as the server declares it: client components take their data's types from here instead of re-declaring them. */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
