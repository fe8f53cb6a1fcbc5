import type { Ref } from "react";
import { TextField } from "@/components/ui/text-field";
import { FIELD_LABELS, type WebhookPlatform } from "@/server/integrations/schemas";
import { SigningSecretDraft } from "./signing-secret-draft";
import { StepTitle } from "./step-title";
import { VerifyOutcome } from "./verify-outcome";

const ENDPOINT_STEP: Record<WebhookPlatform, { title: string; intro: string; urlHint: string; tokenHint: string; tokenType: "text" | "password" }> = {
  IMI_BOT: {
    title: "BOT Endpoint",
    intro:
      "A BOT endpoint is used to notify your BOT of Switchboard events via HTTPS POST request, using the BOT's access token for verification in every interaction with the BOT.",
    urlHint: "Switchboard POSTs every event for your BOT here.",
    tokenHint: "Sent with every request as Authorization: Bearer <token>.",
    tokenType: "password",
  },
  OTHERS: {
    title: "Outbound Webhook",
    intro: "Configure the Webhook URL on which the BOT will receive the events from Switchboard.",
    urlHint: "This is used to notify your BOT of Switchboard events via an HTTPS POST request.",
    tokenHint:
      "The webhook will return this verification token as part of the response to every POST request: as the plain-text body, as the JSON field verificationToken, or in the X-Verification-Token header.",
    tokenType: "text",
  },
  WEBHOOK: {
    title: "CCSP Webhook",
    intro: "Switchboard POSTs handed-over conversations to the contact centre's webhook.",
    urlHint: "Where the contact centre receives events from Switchboard.",
    tokenHint: "Sent with every request as Authorization: Bearer <token>.",
    tokenType: "password",
  },
};

const SAVE_VERIFIES =
  "Save sends a Verification event, which must get a 2xx answer within 5 s. If it does not, the integration is still saved, as Unverified, so that you can copy its inbound webhook into your system; fix the endpoint and click Verify again on its page.";

/** Step 3 (not for the built-in desk): where Switchboard reaches the system, with what token, signed how. */
export function EndpointStep({
  headingRef,
  platform,
  url,
  token,
  errors,
  onChange,
  signingDraft,
  verification,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  platform: WebhookPlatform;
  url: string;
  token: string;
  errors: Record<string, string>;
  onChange: (field: "url" | "token", value: string) => void;
  signingDraft: { secret: string | null; error: string | null };
  /** OTHERS verify before they save. */
  verification: { pending: boolean; verified: { verifiedAt: Date } | null; failure: string | null };
}) {
  const endpoint = ENDPOINT_STEP[platform];
  return (
    <StepTitle ref={headingRef} title={endpoint.title}>
      <p className="text-sm text-slate-600">{endpoint.intro}</p>
      <TextField
        label={FIELD_LABELS[platform].url}
        name="url"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://bot.example.com/webhook"
        value={url}
        onChange={(e) => onChange("url", e.target.value)}
        error={errors.url}
        hint={endpoint.urlHint}
      />
      <TextField
        label={FIELD_LABELS[platform].token}
        name="token"
        type={endpoint.tokenType}
        autoComplete="off"
        spellCheck={false}
        value={token}
        onChange={(e) => onChange("token", e.target.value)}
        error={errors.token}
        hint={endpoint.tokenHint}
      />
      <SigningSecretDraft draft={signingDraft.secret} error={signingDraft.error} />
      {platform === "OTHERS" ? (
        <VerifyOutcome pending={verification.pending} verified={verification.verified} failure={verification.failure} />
      ) : (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">{SAVE_VERIFIES}</p>
      )}
    </StepTitle>
  );
}
