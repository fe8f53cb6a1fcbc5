import type { Ref } from "react";
import type { IntegrationKind, IntegrationPlatform } from "@/server/integrations/schemas";
import { StepTitle } from "./step-title";

export const PLATFORM_STEP: Record<IntegrationKind, { title: string; options: Array<{ value: IntegrationPlatform; label: string; text: string }> }> = {
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

/** Step 1: which platform (a bot's, or a contact centre's). */
export function PlatformStep({
  headingRef,
  kind,
  platform,
  error,
  onChoose,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  kind: IntegrationKind;
  platform: IntegrationPlatform | null;
  error: string | undefined;
  onChoose: (platform: IntegrationPlatform) => void;
}) {
  const step = PLATFORM_STEP[kind];
  return (
    <StepTitle ref={headingRef} title={step.title}>
      <fieldset aria-describedby={error ? "platform-error" : undefined}>
        <legend className="sr-only">{step.title}</legend>
        <div className="space-y-3">
          {step.options.map((option) => (
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
                onChange={() => onChoose(option.value)}
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
      {error ? (
        <p id="platform-error" role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </StepTitle>
  );
}
