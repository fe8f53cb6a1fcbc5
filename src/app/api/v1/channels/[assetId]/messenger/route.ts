// The Messenger Platform's webhook for one channel (docs/messenger.md): the verification GET and
// the signed event POSTs. Adapter only: the domain is in src/server/messenger/.
import { db } from "@/server/db/client";
import { deliverNow } from "@/server/delivery/pipeline";
import { afterResponse } from "@/server/http/after-response";
import { ApiError, handleApi, readBodyBytes, refuseUnstorable } from "@/server/http/json-api";
import { durableWork } from "@/server/jobs/durable-runner";
import { acceptMessengerEvents } from "@/server/messenger/accept-webhook";
import { requireMessengerChannel } from "@/server/messenger/load-messenger-channel";
import { decryptMessengerSecrets, sameSecret } from "@/server/messenger/settings";
import { checkHubSignature, SIGNATURE_HEADER } from "@/server/messenger/signature";
import { hubChallengeSchema, hubModeSchema, hubVerifyTokenSchema, MAX_CHALLENGE_CHARS } from "@/server/messenger/verification-query";
import { notificationAnswerSchema, parseNotification } from "@/server/messenger/webhook-events";
import { jsonResponse } from "@/server/http/json-response";

type Params = { params: Promise<{ assetId: string }> };

/** Meta batches up to 1,000 events in one POST. */
const MAX_NOTIFICATION_BYTES = 1024 * 1024;

/** Webhook verification: the challenge back as plain text when the Verify token matches, 403 otherwise. */
export function GET(request: Request, { params }: Params) {
  return handleApi(async () => {
    const { assetId } = await params;
    const channel = await requireMessengerChannel(db(), assetId);
    const query = new URL(request.url).searchParams;
    if (!hubModeSchema.safeParse(query.get("hub.mode")).success) throw new ApiError(403, "FORBIDDEN", 'hub.mode must be "subscribe"', "hub.mode");
    const token = hubVerifyTokenSchema.safeParse(query.get("hub.verify_token"));
    if (!token.success || !sameSecret(token.data, channel.settings.verifyToken)) {
      throw new ApiError(403, "FORBIDDEN", "hub.verify_token is not this channel's Verify token", "hub.verify_token");
    }
    const challenge = hubChallengeSchema.safeParse(query.get("hub.challenge"));
    if (!challenge.success) {
      throw new ApiError(400, "INVALID_FIELD", `hub.challenge is required (at most ${MAX_CHALLENGE_CHARS} characters)`, "hub.challenge");
    }
    refuseUnstorable(challenge.data, "hub.challenge");
    return new Response(challenge.data, { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  });
}

/** Events: signature first (401), then the whole body checked (400), then every event stored before the 200. */
export function POST(request: Request, { params }: Params) {
  return handleApi(async () => {
    const { assetId } = await params;
    const channel = await requireMessengerChannel(db(), assetId);
    const bytes = await readBodyBytes(request, MAX_NOTIFICATION_BYTES);
    const { appSecret } = decryptMessengerSecrets(channel.settings);
    const signature = checkHubSignature(request.headers.get(SIGNATURE_HEADER), bytes, appSecret);
    if (!signature.ok) throw new ApiError(401, "UNAUTHORIZED", signature.message, SIGNATURE_HEADER);
    const type = request.headers.get("content-type") ?? "";
    if (!type.toLowerCase().includes("application/json")) {
      throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json");
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
      throw new ApiError(400, "INVALID_JSON", "The body is not valid UTF-8 JSON", "body");
    }
    refuseUnstorable(body);
    const parsed = parseNotification(body, channel.settings.pageId);
    if (!parsed.ok) throw new ApiError(400, "INVALID_FIELD", parsed.message, parsed.field);
    const accepted = await acceptMessengerEvents(db(), channel.id, parsed.events);
    if (accepted.deliveryIds.length > 0) {
      afterResponse(() =>
        deliverNow(db(), accepted.deliveryIds, durableWork()),
      );
    }
    return jsonResponse(notificationAnswerSchema, { received: parsed.events.length, stored: accepted.stored, ignored: accepted.ignored }, { status: 200 });
  });
}
