"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent, type ReactNode, type Ref } from "react";
import { CopyValue } from "@/components/forms/copy-value";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { zodFieldErrors } from "@/lib/form";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import {
  FIELD_LABELS,
  integrationNameSchema,
  tokenSchema,
  urlSchema,
  verifyDraftSchema,
  type IntegrationKind,
  type IntegrationPlatform,
  type WebhookPlatform,
} from "@/server/integrations/schemas";
import { z } from "zod";
import { handOverSecret } from "@/lib/one-time-secret";

type Step = "platform" | "name" | "endpoint";

const PLATFORM_STEP: Record<IntegrationKind, { title: string; options: Array<{ value: IntegrationPlatform; label: string; text: string }> }> = {
  BOT: {
    title: "Select BOT PLATFORM",
    options: [
      { value: "IMI_BOT", label: "IMI BOT", text: "Choose IMI BOT to allow Switchboard to route messages to and from a BOT." },
      { value: "OTHERS", label: "OTHERS", text: "Otherwise, choose OTHERS: any bot reached on a webhook that returns your verification token." },
    ],
  },
  CCSP: {
    title: "Select CCSP",
    options: [
      { value: "WEBHOOK", label: "CCSP webhook", text: "A contact centre that receives conversations on its webhook, with a token sent as Bearer." },
      { value: "BUILT_IN", label: "Built-in agent desk", text: "Your own agents answer in Switchboard's agent desk: nothing to connect." },
    ],
  },
};

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

export function AddIntegrationWizard({ kind }: { kind: IntegrationKind }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [step, setStep] = useState<Step>("platform");
  const [platform, setPlatform] = useState<IntegrationPlatform | null>(null);
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [token, setToken] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [verified, setVerified] = useState<{ ticket: string; verifiedAt: Date } | null>(null);
  const [verifyFailure, setVerifyFailure] = useState<string | null>(null);
  const verifyDraft = useMutation(trpc.integration.verifyDraft.mutationOptions());
  const create = useMutation(trpc.integration.create.mutationOptions());
  // The signing secret, made when the endpoint step opens: Verify and Save sign with it, so the
  // bot can check even the first request.
  const draftSigning = useMutation(trpc.integration.draftSigningSecret.mutationOptions());
  const requestDraft = draftSigning.mutate;
  const needsDraft = step === "endpoint" && platform !== null && platform !== "BUILT_IN";
  const draftStarted = draftSigning.status !== "idle";
  useEffect(() => {
    if (needsDraft && !draftStarted) requestDraft();
  }, [needsDraft, draftStarted, requestDraft]);
  const signingDraft = draftSigning.data?.signingDraft;
  const firstRender = useRef(true);

  // Move focus to each new step's first field (its title when it has none), so keyboard and
  // screen-reader users carry on where the step starts.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const field = form.current?.querySelector<HTMLElement>("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])");
    (field ?? heading.current)?.focus();
  }, [step]);

  const go = (next: Step) => {
    setErrors({});
    setFormError(null);
    setStep(next);
  };

  const stepNumber = step === "platform" ? 1 : step === "name" ? 2 : 3;
  const totalSteps = platform === "BUILT_IN" ? 2 : 3;
  const endpoint = platform && platform !== "BUILT_IN" ? ENDPOINT_STEP[platform] : null;

  function onEndpointChange(field: "url" | "token", value: string) {
    if (field === "url") setUrl(value);
    else setToken(value);
    // A changed URL or token has not been verified.
    setVerified(null);
    setVerifyFailure(null);
  }

  async function save() {
    if (!platform) return;
    setFormError(null);
    const input =
      platform === "BUILT_IN"
        ? ({ platform, name } as const)
        : platform === "OTHERS"
          ? ({ platform, name, url, token, signingDraft, verificationTicket: verified?.ticket ?? "" } as const)
          : ({ platform, name, url, token, signingDraft } as const);
    try {
      const created = await create.mutateAsync(input);
      if (created.inboundSecret) handOverSecret(created.id, created.inboundSecret);
      await queryClient.invalidateQueries({ queryKey: trpc.integration.list.queryKey() });
      router.push(`/integrations/${created.id}`);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields.name) {
        setStep("name");
        setErrors({ name: fields.name });
      } else if (fields.verificationTicket) {
        setVerified(null);
        setVerifyFailure(fields.verificationTicket);
      } else if (Object.keys(fields).length > 0) {
        setErrors(fields);
      } else {
        setFormError(error instanceof Error ? error.message : "Could not save the integration");
      }
    }
  }

  async function verify() {
    setVerifyFailure(null);
    setVerified(null);
    const parsed = verifyDraftSchema.safeParse({ url, token });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    try {
      const result = await verifyDraft.mutateAsync({ ...parsed.data, signingDraft });
      if (result.ok) setVerified({ ticket: result.ticket, verifiedAt: result.verifiedAt });
      else setVerifyFailure(result.reason);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setVerifyFailure(error instanceof Error ? error.message : "Verification could not run");
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    if (step === "platform") {
      if (!platform) return setErrors({ platform: `Select one: ${PLATFORM_STEP[kind].options.map((o) => o.label).join(" or ")}` });
      return go("name");
    }
    if (step === "name") {
      const parsed = integrationNameSchema.safeParse(name);
      if (!parsed.success) return setErrors({ name: parsed.error.issues[0]?.message ?? "Enter a name" });
      if (platform === "BUILT_IN") return void save();
      return go("endpoint");
    }
    if (!platform || platform === "BUILT_IN") return;
    const labels = FIELD_LABELS[platform];
    const parsed = z.object({ url: urlSchema(labels.url), token: tokenSchema(labels.token) }).safeParse({ url, token });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    if (platform === "OTHERS" && !verified) return void verify();
    void save();
  }

  return (
    <form ref={form} method="post" onSubmit={onSubmit} noValidate className="max-w-2xl rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <p className="text-xs font-semibold uppercase tracking-wide text-indigo-600">
        {/* The number of steps depends on the platform: say it once one is chosen. */}
        Step {stepNumber}
        {platform ? ` of ${totalSteps}` : ""}
      </p>
      {step === "platform" ? (
        <StepTitle ref={heading} title={PLATFORM_STEP[kind].title}>
          <fieldset aria-describedby={errors.platform ? "platform-error" : undefined}>
            <legend className="sr-only">{PLATFORM_STEP[kind].title}</legend>
            <div className="space-y-3">
              {PLATFORM_STEP[kind].options.map((option) => (
                <label
                  key={option.value}
                  className={`flex cursor-pointer gap-3 rounded-md p-3 ring-1 ${platform === option.value ? "bg-indigo-50 ring-indigo-500" : "ring-slate-200 hover:bg-slate-50"}`}
                >
                  <input
                    type="radio"
                    name="platform"
                    value={option.value}
                    aria-labelledby={`platform-${option.value}-label`}
                    aria-describedby={`platform-${option.value}-text`}
                    checked={platform === option.value}
                    onChange={() => {
                      setPlatform(option.value);
                      setErrors({});
                    }}
                    className="mt-1"
                  />
                  <span>
                    <span id={`platform-${option.value}-label`} className="block text-sm font-semibold text-slate-900">
                      {option.label}
                    </span>
                    <span id={`platform-${option.value}-text`} className="block text-sm text-slate-600">
                      {option.text}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {errors.platform ? (
            <p id="platform-error" role="alert" className="mt-2 text-sm text-red-600">
              {errors.platform}
            </p>
          ) : null}
        </StepTitle>
      ) : step === "name" ? (
        <StepTitle ref={heading} title="Integration name">
          <TextField
            label="Integration name"
            name="name"
            value={name}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
            hint="How this integration is called in services, rules and conversations."
          />
        </StepTitle>
      ) : endpoint && platform && platform !== "BUILT_IN" ? (
        <StepTitle ref={heading} title={endpoint.title}>
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
            onChange={(e) => onEndpointChange("url", e.target.value)}
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
            onChange={(e) => onEndpointChange("token", e.target.value)}
            error={errors.token}
            hint={endpoint.tokenHint}
          />
          <SigningSecretDraft draft={draftSigning.data?.signingSecret ?? null} error={draftSigning.error?.message ?? null} />
          {platform === "OTHERS" ? (
            <VerifyOutcome pending={verifyDraft.isPending} verified={verified} failure={verifyFailure} />
          ) : (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">{SAVE_VERIFIES}</p>
          )}
        </StepTitle>
      ) : null}

      {formError ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}

      <div className="mt-6 flex flex-wrap items-center gap-2">
        {step !== "platform" ? (
          <Button type="button" variant="secondary" onClick={() => go(step === "endpoint" ? "name" : "platform")} disabled={create.isPending}>
            Back
          </Button>
        ) : null}
        {step === "platform" || (step === "name" && platform !== "BUILT_IN") ? (
          <Button type="submit">Next</Button>
        ) : platform === "OTHERS" ? (
          <>
            <Button type="button" variant={verified ? "secondary" : "primary"} onClick={() => void verify()} disabled={verifyDraft.isPending || create.isPending}>
              {verifyDraft.isPending ? "Verifying…" : "Verify"}
            </Button>
            <Button type="submit" disabled={!verified || create.isPending} aria-describedby="save-needs-verify">
              {create.isPending ? "Saving…" : "Save"}
            </Button>
            {!verified ? (
              <span id="save-needs-verify" className="text-xs text-slate-500">
                Save is available once the webhook is verified.
              </span>
            ) : null}
          </>
        ) : (
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? (platform === "BUILT_IN" ? "Saving…" : "Saving and verifying…") : "Save"}
          </Button>
        )}
      </div>
    </form>
  );
}

function StepTitle({ ref, title, children }: { ref: Ref<HTMLHeadingElement>; title: string; children: ReactNode }) {
  return (
    <section className="mt-2 space-y-4">
      <h2 ref={ref} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
        {title}
      </h2>
      {children}
    </section>
  );
}

function SigningSecretDraft({ draft, error }: { draft: string | null; error: string | null }) {
  return (
    <div className="space-y-2 rounded-md bg-slate-50 px-3 py-3">
      <p className="text-sm font-medium text-slate-900">Signing secret</p>
      <p className="text-xs text-slate-600">
        Every request Switchboard sends, the Verification event included, carries Standard Webhooks headers (webhook-id,
        webhook-timestamp, webhook-signature) signed with this secret. Configure it in your system before you verify, so it
        can check even the first request. It stays revealable to admins on the integration&apos;s page.
      </p>
      {draft ? (
        <CopyValue value={draft} what="signing secret" testId="draft-signing-secret" />
      ) : error ? (
        <p role="alert" className="text-sm text-red-700">
          Could not make a signing secret: {error}. Verify and Save still work, with a secret shown on the integration&apos;s page.
        </p>
      ) : (
        <p className="text-sm text-slate-500">Making a signing secret…</p>
      )}
    </div>
  );
}

function VerifyOutcome({ pending, verified, failure }: { pending: boolean; verified: { verifiedAt: Date } | null; failure: string | null }) {
  return (
    <div aria-live="polite">
      {pending ? (
        <p className="text-sm text-slate-600">Sending a Verification event (waits up to 5 s)…</p>
      ) : verified ? (
        <p role="status" data-testid="verify-outcome" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          Verified: the webhook answered with the verification token. Click Save to add the integration.
        </p>
      ) : failure ? (
        <p role="alert" data-testid="verify-outcome" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          Verification failed: {failure}
        </p>
      ) : (
        <p className="text-sm text-slate-600">
          Verify sends a Verification event to the Webhook URL; it must answer within 5 s with a 2xx that carries the verification token.
        </p>
      )}
    </div>
  );
}
