import { createIntegration } from "@/server/integrations/create";
import { deleteIntegration, deleteIntegrationWithHistory, historyCounts } from "@/server/integrations/delete";
import { defaultOutbound } from "@/server/net/outbound-options";
import { getIntegration, listIntegrations } from "@/server/integrations/queries";
import { rotateInboundSecret, rotateSigningSecret } from "@/server/integrations/rotate-secret";
import {
  createIntegrationSchema,
  deleteWithHistorySchema,
  integrationIdSchema,
  rotateSecretSchema,
  updateIntegrationSchema,
  verifyDraftSchema,
} from "@/server/integrations/schemas";
import { issueSigningDraft } from "@/server/integrations/signing-draft";
import { revealSigningSecret } from "@/server/integrations/signing-secret";
import { updateIntegration } from "@/server/integrations/update";
import { verifyIntegration } from "@/server/integrations/verify";
import { verifyDraft } from "@/server/integrations/verify-draft";
import { durableWork } from "@/server/jobs/durable-runner";
import { createTRPCRouter, tenantProcedure } from "../init";

/** Bot and CCSP integrations. Reading: every member (output shaped by role). Changing: ADMIN+. */
export const integrationRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").query(({ ctx }) => listIntegrations(ctx.db, ctx.actor)),

  get: tenantProcedure("VIEWER")
    .input(integrationIdSchema)
    .query(({ ctx, input }) => getIntegration(ctx.db, ctx.actor, input.id)),

  /** The wizard's signing secret, shown before Verify and Save, which sign with it. */
  draftSigningSecret: tenantProcedure("ADMIN").mutation(({ ctx }) => issueSigningDraft(ctx.actor)),

  /** OTHERS wizard: "Verify" before "Save"; success returns the ticket "Save" needs. */
  verifyDraft: tenantProcedure("ADMIN")
    .input(verifyDraftSchema)
    .mutation(({ ctx, input }) => verifyDraft(ctx.actor, input, defaultOutbound())),

  create: tenantProcedure("ADMIN")
    .input(createIntegrationSchema)
    .mutation(({ ctx, input }) => createIntegration(ctx.db, ctx.actor, input, defaultOutbound(), durableWork())),

  update: tenantProcedure("ADMIN")
    .input(updateIntegrationSchema)
    .mutation(({ ctx, input }) => updateIntegration(ctx.db, ctx.actor, input, defaultOutbound(), durableWork())),

  verify: tenantProcedure("ADMIN")
    .input(integrationIdSchema)
    .mutation(({ ctx, input }) => verifyIntegration(ctx.db, ctx.actor, input.id, defaultOutbound(), durableWork())),

  rotateSecret: tenantProcedure("ADMIN")
    .input(rotateSecretSchema)
    .mutation(({ ctx, input }) => rotateInboundSecret(ctx.db, ctx.actor, input.id, input.graceHours)),

  rotateSigningSecret: tenantProcedure("ADMIN")
    .input(rotateSecretSchema)
    .mutation(({ ctx, input }) => rotateSigningSecret(ctx.db, ctx.actor, input.id, input.graceHours)),

  revealSigningSecret: tenantProcedure("ADMIN")
    .input(integrationIdSchema)
    .mutation(({ ctx, input }) => revealSigningSecret(ctx.db, ctx.actor, input.id)),

  /** Keeps the history (conversations, messages, deliveries): it is shown as "(deleted integration)". */
  delete: tenantProcedure("ADMIN")
    .input(integrationIdSchema)
    .mutation(({ ctx, input }) => deleteIntegration(ctx.db, ctx.actor, input.id)),

  /** What "Delete with history" would remove, for its confirmation. */
  historyCounts: tenantProcedure("OWNER")
    .input(integrationIdSchema)
    .query(({ ctx, input }) => historyCounts(ctx.db, ctx.actor, input.id)),

  deleteWithHistory: tenantProcedure("OWNER")
    .input(deleteWithHistorySchema)
    .mutation(({ ctx, input }) => deleteIntegrationWithHistory(ctx.db, ctx.actor, input.id, input.confirm)),
});
