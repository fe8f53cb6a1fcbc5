import { acceptIntegrationEvent } from "@/server/conversations/accept-integration-event";
import { onceKeyOf } from "@/server/conversations/inbound-idempotency";
import { relayIntegrationTyping } from "@/server/conversations/integration-typing";
import { integrationEventAnswerSchema, parseInboundEvent, typingEventAnswerSchema } from "@/server/conversations/wire/inbound-events";
import { db } from "@/server/db/client";
import { deliverNow } from "@/server/delivery/pipeline";
import { durableWork } from "@/server/jobs/durable-runner";
import { afterResponse } from "@/server/http/after-response";
import { ApiError, bearerToken, handleApi, readJsonBodyAndText, refuseUnstorable } from "@/server/http/json-api";
import { acceptsInboundSecret, checkEventSignature, inboundCredentialsSelect } from "@/server/integrations/inbound-credentials";
import { jsonResponse } from "@/server/http/json-response";

/** The generated inbound webhook: a bot's 1001/1002/1003, or a CCSP's 1001/1003; 1004 (typing) from either. */
export function POST(request: Request, { params }: { params: Promise<{ integrationId: string }> }) {
  return handleApi(async () => {
    const { integrationId } = await params;
    refuseUnstorable(integrationId, "integrationId");
    const integration = await db().integration.findUnique({
      // A deleted integration accepts nothing: it answers as an unknown one does (401).
      where: { id: integrationId, deletedAt: null },
      select: { id: true, tenantId: true, kind: true, ...inboundCredentialsSelect },
    });
    const token = bearerToken(request);
    // An unknown ID answers as a wrong secret does, so the answer tells no one which IDs exist.
    if (!integration || !acceptsInboundSecret(integration, token)) {
      throw new ApiError(401, "UNAUTHORIZED", "Send Authorization: Bearer <the integration's inbound webhook secret>", "authorization");
    }
    const body = await readJsonBodyAndText(request);
    if (integration.requireSignedEvents) {
      const signature = checkEventSignature(integration, request.headers, body.text);
      if (!signature.ok) throw new ApiError(401, "INVALID_SIGNATURE", signature.reason, signature.header);
    }
    const once = onceKeyOf(request.headers, body.text, integration.requireSignedEvents);
    const parsed = parseInboundEvent(body.json);
    if (!parsed.ok) throw new ApiError(400, "INVALID_FIELD", parsed.message, parsed.field);
    if (parsed.event.kind === "TYPING") return jsonResponse(typingEventAnswerSchema, await relayIntegrationTyping(db(), integration, parsed.event), { status: 202 });
    const { answer, outcome } = await acceptIntegrationEvent(db(), integration, parsed.event, once);
    if (outcome && outcome.deliveryIds.length > 0) {
      afterResponse(() => deliverNow(db(), outcome.deliveryIds, durableWork()));
    }
    return jsonResponse(integrationEventAnswerSchema, answer, { status: 202 });
  });
}
