import { NextResponse } from "next/server";
import { handleIntegrationEvent } from "@/server/conversations/handle-integration-event";
import { relayIntegrationTyping } from "@/server/conversations/integration-typing";
import { parseInboundEvent } from "@/server/conversations/wire/inbound-events";
import { db } from "@/server/db/client";
import { deliverNow } from "@/server/delivery/pipeline";
import { durableWork } from "@/server/jobs/durable-runner";
import { afterResponse } from "@/server/http/after-response";
import { ApiError, bearerToken, handleApi, readJsonBody, refuseUnstorable } from "@/server/http/json-api";
import { announceDeliveryOutcomes } from "@/server/live/delivery-outcomes";
import { secretMatchesHash } from "@/server/security/tokens";

/** The generated inbound webhook: a bot's 1001/1002/1003, or a CCSP's 1001/1003; 1004 (typing) from either. */
export function POST(request: Request, { params }: { params: Promise<{ integrationId: string }> }) {
  return handleApi(async () => {
    const { integrationId } = await params;
    refuseUnstorable(integrationId, "integrationId");
    const integration = await db().integration.findUnique({
      where: { id: integrationId },
      select: { id: true, tenantId: true, kind: true, inboundSecretHash: true },
    });
    const token = bearerToken(request);
    // An unknown ID answers as a wrong secret does, so the answer tells no one which IDs exist.
    if (!integration || !token || !secretMatchesHash(token, integration.inboundSecretHash)) {
      throw new ApiError(401, "UNAUTHORIZED", "Send Authorization: Bearer <the integration's inbound webhook secret>", "authorization");
    }
    const parsed = parseInboundEvent(await readJsonBody(request));
    if (!parsed.ok) throw new ApiError(400, "INVALID_FIELD", parsed.message, parsed.field);
    if (parsed.event.kind === "TYPING") return NextResponse.json(await relayIntegrationTyping(db(), integration, parsed.event), { status: 202 });
    const outcome = await handleIntegrationEvent(db(), integration, parsed.event);
    if (outcome.deliveryIds.length > 0) {
      const conversationIds = [outcome.conversationId, outcome.ccspConversationId ?? null];
      afterResponse(() => deliverNow(db(), outcome.deliveryIds, durableWork()).finally(() => announceDeliveryOutcomes(integration.tenantId, conversationIds)));
    }
    return NextResponse.json(
      {
        conversationId: outcome.conversationId,
        messageId: outcome.messageId,
        ...(outcome.ccspConversationId ? { ccspConversationId: outcome.ccspConversationId } : {}),
      },
      { status: 202 },
    );
  });
}
