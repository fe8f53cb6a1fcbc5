"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
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
} from "@/server/integrations/schemas";
import { z } from "zod";
import { handOverSecret } from "@/lib/one-time-secret";
import { EndpointStep } from "./wizard/endpoint-step";
import { NameStep } from "./wizard/name-step";
import { PLATFORM_STEP, PlatformStep } from "./wizard/platform-step";
import { useSigningDraft } from "./wizard/use-signing-draft";
import { WizardButtons, type Step } from "./wizard/wizard-buttons";

/** Adding an integration, step by step (wizard/): platform, name, then the endpoint to reach. */
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
  const signing = useSigningDraft(step === "endpoint" && platform !== null && platform !== "BUILT_IN");
  const signingDraft = signing.draft;
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
        <PlatformStep
          headingRef={heading}
          kind={kind}
          platform={platform}
          error={errors.platform}
          onChoose={(chosen) => {
            setPlatform(chosen);
            setErrors({});
          }}
        />
      ) : step === "name" ? (
        <NameStep headingRef={heading} name={name} error={errors.name} onChange={setName} />
      ) : platform && platform !== "BUILT_IN" ? (
        <EndpointStep
          headingRef={heading}
          platform={platform}
          url={url}
          token={token}
          errors={errors}
          onChange={onEndpointChange}
          signingDraft={signing.shown}
          verification={{ pending: verifyDraft.isPending, verified, failure: verifyFailure }}
        />
      ) : null}

      {formError ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}

      <WizardButtons
        step={step}
        platform={platform}
        verified={verified !== null}
        verifying={verifyDraft.isPending}
        saving={create.isPending}
        onBack={() => go(step === "endpoint" ? "name" : "platform")}
        onVerify={() => void verify()}
      />
    </form>
  );
}
