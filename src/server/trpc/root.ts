import { createCallerFactory, createTRPCRouter } from "./init";
import { accountRouter } from "./routers/account";
import { alertRouter } from "./routers/alert";
import { channelRouter } from "./routers/channel";
import { conversationRouter } from "./routers/conversation";
import { deliveryRouter } from "./routers/delivery";
import { deskRouter } from "./routers/desk";
import { integrationRouter } from "./routers/integration";
import { invitationRouter } from "./routers/invitation";
import { memberRouter } from "./routers/member";
import { ruleRouter } from "./routers/rule";
import { serviceRouter } from "./routers/service";
import { systemRouter } from "./routers/system";
import { tenantRouter } from "./routers/tenant";
import { webhookEndpointRouter } from "./routers/webhook-endpoint";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  tenant: tenantRouter,
  member: memberRouter,
  invitation: invitationRouter,
  integration: integrationRouter,
  channel: channelRouter,
  service: serviceRouter,
  rule: ruleRouter,
  conversation: conversationRouter,
  delivery: deliveryRouter,
  desk: deskRouter,
  system: systemRouter,
  alert: alertRouter,
  webhookEndpoint: webhookEndpointRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
