import { Button } from "@/components/ui/button";
import type { IntegrationPlatform } from "@/server/integrations/schemas";

export type Step = "platform" | "name" | "endpoint";

/** Back, and Next, Verify or Save: what the step and platform call for. */
export function WizardButtons({
  step,
  platform,
  verified,
  verifying,
  saving,
  onBack,
  onVerify,
}: {
  step: Step;
  platform: IntegrationPlatform | null;
  verified: boolean;
  verifying: boolean;
  saving: boolean;
  onBack: () => void;
  onVerify: () => void;
}) {
  return (
    <div className="mt-6 flex flex-wrap items-center gap-2">
      {step !== "platform" ? (
        <Button type="button" variant="secondary" onClick={onBack} disabled={saving}>
          Back
        </Button>
      ) : null}
      {step === "platform" || (step === "name" && platform !== "BUILT_IN") ? (
        <Button type="submit">Next</Button>
      ) : platform === "OTHERS" ? (
        <>
          <Button type="button" variant={verified ? "secondary" : "primary"} onClick={onVerify} disabled={verifying || saving}>
            {verifying ? "Verifying…" : "Verify"}
          </Button>
          <Button type="submit" disabled={!verified || saving} aria-describedby="save-needs-verify">
            {saving ? "Saving…" : "Save"}
          </Button>
          {!verified ? (
            <span id="save-needs-verify" className="text-xs text-slate-500">
              Save is available once the webhook is verified.
            </span>
          ) : null}
        </>
      ) : (
        <Button type="submit" disabled={saving}>
          {saving ? (platform === "BUILT_IN" ? "Saving…" : "Saving and verifying…") : "Save"}
        </Button>
      )}
    </div>
  );
}
