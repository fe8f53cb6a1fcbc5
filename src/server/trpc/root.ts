import { createCallerFactory, createTRPCRouter } from "./init";
import { accountRouter } from "./routers/account";
import { memberRouter } from "./routers/member";
import { tenantRouter } from "./routers/tenant";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  tenant: tenantRouter,
  member: memberRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
