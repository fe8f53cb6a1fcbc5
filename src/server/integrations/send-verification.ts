/**
 * Sends one Verification event to a webhook and judges the answer. Pure I/O: no database.
 * Headers: Standard Webhooks signature with the integration's signing secret; IMI BOT and CCSP
 * webhooks also get `Authorization: Bearer <access token>`. The OTHERS verification token is
 * never sent: the receiver must prove it knows it by answering with it.
 */
import { postJson } from "@/server/net/outbound-http";
import type { WebhookPlatform } from "./schemas";
import type { OutboundOptions } from "@/server/net/outbound-options";
import { expectationsFor, judgeReceiverResponse, receiverHeaders } from "@/server/delivery/receiver-protocol";
import { redactSecrets } from "@/server/security/redact";
import { buildVerificationEvent, verificationMessageId } from "./verification-event";

export type VerificationTarget = {
  platform: WebhookPlatform;
  url: string;
  /** Access token (IMI_BOT, WEBHOOK) or verification token (OTHERS), in plain text. */
  token: string;
  signingSecret: string;
  /** During a signing secret rotation's overlap: the replaced secret, which signs too. */
  previousSigningSecret?: string | null;
};

export type VerificationOutcome =
  | { ok: true; at: Date; durationMs: number; status: number }
  | { ok: false; at: Date; durationMs: number; reason: string; status?: number };

export async function sendVerification(target: VerificationTarget, outbound: OutboundOptions): Promise<VerificationOutcome> {
  const at = new Date();
  const body = JSON.stringify(buildVerificationEvent(at));
  const headers = receiverHeaders({ id: verificationMessageId(), at, body, signingSecret: target.signingSecret, previousSigningSecret: target.previousSigningSecret, platform: target.platform, token: target.token });
  const result = await postJson({ url: target.url, body, headers, timeoutMs: outbound.timeoutMs, policy: outbound.policy });
  const verdict = judgeReceiverResponse(result, expectationsFor(target.platform, target.token));
  return verdict.ok
    ? { ok: true, at, durationMs: result.durationMs, status: verdict.status }
    : // The reason is stored and shown to every member: it quotes the answer, which may echo the token.
      { ok: false, at, durationMs: result.durationMs, reason: redactSecrets(verdict.reason, [target.token, target.signingSecret, target.previousSigningSecret]), status: verdict.status };
}
