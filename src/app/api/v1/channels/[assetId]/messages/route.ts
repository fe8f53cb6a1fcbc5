import { acceptCustomerMessage } from "@/server/conversations/accept-customer-message";
import { acceptedMessageSchema, channelMessageSchema, visitorMessagesSchema } from "@/server/conversations/channel-api-schemas";
import { authenticateChannelCaller } from "@/server/conversations/channel-auth";
import { listVisitorMessages } from "@/server/conversations/visitor-messages";
import { requireChannel, withChannel } from "@/server/conversations/load-channel";
import { db, pool } from "@/server/db/client";
import { deliverNow } from "@/server/delivery/pipeline";
import { durableWork } from "@/server/jobs/durable-runner";
import { afterResponse } from "@/server/http/after-response";
import { ApiError, bearerToken, handleApi, readJsonBody, refuseUnstorable } from "@/server/http/json-api";
import { firstProblem } from "@/lib/zod-problem";
import { jsonResponse } from "@/server/http/json-response";

type Params = { params: Promise<{ assetId: string }> };

/** A customer message: stored with its deliveries before the 202, first attempt right after it. */
export function POST(request: Request, { params }: Params) {
  return handleApi(async () => {
    const { assetId } = await params;
    // The body can be read once, and `withChannel` may need two goes.
    let json: Promise<unknown> | undefined;
    const accepted = await withChannel(pool(), assetId, async (context) => {
      const caller = authenticateChannelCaller(context.asset, bearerToken(request));
      const parsed = channelMessageSchema.safeParse(await (json ??= readJsonBody(request)));
      if (!parsed.success) {
        const problem = firstProblem(parsed.error);
        throw new ApiError(400, "INVALID_FIELD", problem.message, problem.field);
      }
      const body = parsed.data;
      if (caller.kind === "VISITOR" && body.userId !== caller.visitorId) {
        throw new ApiError(403, "FORBIDDEN", "A visitor can only write as themselves: userId must be the token's visitor", "userId");
      }
      return acceptCustomerMessage(db(), context, {
        userId: body.userId,
        channelMessageId: body.messageId,
        text: body.message,
        messageType: body.messageType,
        postbackPayload: body.postbackPayload,
      });
    });
    if (accepted.deliveryIds.length > 0) {
      afterResponse(() => deliverNow(db(), accepted.deliveryIds, durableWork()));
    }
    return jsonResponse(acceptedMessageSchema, { conversationId: accepted.conversationId, messageId: accepted.messageId }, { status: 202 });
  });
}

/** The hosted web chat's visitor reads their conversation (messages after a given one). */
export function GET(request: Request, { params }: Params) {
  return handleApi(async () => {
    const { assetId } = await params;
    const context = await requireChannel(pool(), assetId);
    const caller = authenticateChannelCaller(context.asset, bearerToken(request));
    if (caller.kind !== "VISITOR") throw new ApiError(403, "FORBIDDEN", "Only a web chat visitor reads messages here");
    const afterId = new URL(request.url).searchParams.get("after");
    refuseUnstorable(afterId, "after");
    const scope = { tenantId: context.asset.tenantId, channelAssetId: assetId, visitorId: caller.visitorId };
    return jsonResponse(visitorMessagesSchema, { messages: await listVisitorMessages(db(), scope, afterId) });
  });
}
