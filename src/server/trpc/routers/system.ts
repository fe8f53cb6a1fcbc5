import { durableRunnerKind } from "@/server/config/env";
import { deliveryBacklog } from "@/server/delivery/backlog";
import { mailStatus } from "@/server/mail/send-due-mails";
import { createTRPCRouter, tenantProcedure } from "../init";

/** The System page (ADMIN and up): which runner does the durable work, and the caller's tenant's delivery backlog. */
export const systemRouter = createTRPCRouter({
  status: tenantProcedure("ADMIN").query(async ({ ctx }) => ({
    runner: durableRunnerKind(),
    ...(await deliveryBacklog(ctx.db, ctx.actor)),
    mail: await mailStatus(ctx.db, ctx.actor),
  })),
});
