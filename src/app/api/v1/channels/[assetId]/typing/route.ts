import { typingAcceptedSchema, visitorTypingSchema } from "@/server/conversations/channel-api-schemas";
import { authenticateChannelCaller } from "@/server/conversations/channel-auth";
import { withChannel } from "@/server/conversations/load-channel";
import { announceVisitorTyping } from "@/server/conversations/visitor-typing";
import { pool } from "@/server/db/client";
import { ApiError, bearerToken, handleApi, readJsonBody } from "@/server/http/json-api";
import { firstProblem } from "@/lib/zod-problem";
import { jsonResponse } from "@/server/http/json-response";

type Params = { params: Promise<{ assetId: string }> };

/** The web chat visitor is typing (or stopped): the agent desk shows it for a few seconds. */
export function POST(request: Request, { params }: Params) {
  return handleApi(async () => {
    const { assetId } = await params;
    let json: Promise<unknown> | undefined;
    await withChannel(pool(), assetId, async (context) => {
      const caller = authenticateChannelCaller(context.asset, bearerToken(request));
      if (caller.kind !== "VISITOR") throw new ApiError(403, "FORBIDDEN", "Only a web chat visitor reports typing here");
      const parsed = visitorTypingSchema.safeParse(await (json ??= readJsonBody(request)));
      if (!parsed.success) {
        const problem = firstProblem(parsed.error);
        throw new ApiError(400, "INVALID_FIELD", problem.message, problem.field);
      }
      await announceVisitorTyping(context.asset, caller.visitorId, parsed.data.typing);
    });
    return jsonResponse(typingAcceptedSchema, { ok: true }, { status: 202 });
  });
}
