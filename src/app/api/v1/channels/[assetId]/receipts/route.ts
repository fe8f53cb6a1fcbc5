import { acceptReceipt, readReceiptKey } from "@/server/conversations/accept-receipt";
import { receiptAcceptedSchema, receiptDuplicateSchema, receiptSchema } from "@/server/conversations/channel-api-schemas";
import { authenticateChannelCaller } from "@/server/conversations/channel-auth";
import { requireChannel } from "@/server/conversations/load-channel";
import { db, pool } from "@/server/db/client";
import { deliverNow } from "@/server/delivery/pipeline";
import { durableWork } from "@/server/jobs/durable-runner";
import { afterResponse } from "@/server/http/after-response";
import { ApiError, bearerToken, handleApi, readJsonBody } from "@/server/http/json-api";
import { firstProblem } from "@/lib/zod-problem";
import { jsonResponse } from "@/server/http/json-response";

/**
 * A delivery receipt (Delivered, Failed, Read) for a message the platform sent to the customer.
 * A Read is accepted once per message (and so per visitor: a message has one): a repeat, from a
 * reload or a second tab, answers 200 `{ duplicate: true }` and sends the bot nothing. A receipt
 * for a message that is not one of this caller's bot or agent messages is refused with 404.
 */
export function POST(request: Request, { params }: { params: Promise<{ assetId: string }> }) {
  return handleApi(async () => {
    const { assetId } = await params;
    const context = await requireChannel(pool(), assetId);
    const caller = authenticateChannelCaller(context.asset, bearerToken(request));
    const parsed = receiptSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) {
      const problem = firstProblem(parsed.error);
      throw new ApiError(400, "INVALID_FIELD", problem.message, problem.field);
    }
    const receipt = parsed.data.status === "Read" ? { ...parsed.data, onceKey: readReceiptKey(parsed.data.messageId) } : parsed.data;
    const accepted = await acceptReceipt(db(), context.asset, receipt, caller.kind === "VISITOR" ? caller.visitorId : null);
    if (accepted.conversationIds.length === 0) return jsonResponse(receiptDuplicateSchema, { receiptId: null, duplicate: true }, { status: 200 });
    if (accepted.deliveryIds.length > 0) {
      afterResponse(() => deliverNow(db(), accepted.deliveryIds, durableWork()));
    }
    return jsonResponse(receiptAcceptedSchema, { receiptId: accepted.receiptId }, { status: 202 });
  });
}
