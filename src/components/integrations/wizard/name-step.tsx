import type { Ref } from "react";
import { TextField } from "@/components/ui/text-field";
import { StepTitle } from "./step-title";

/** Step 2: what the integration is called. */
export function NameStep({
  headingRef,
  name,
  error,
  onChange,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  name: string;
  error: string | undefined;
  onChange: (name: string) => void;
}) {
  return (
    <StepTitle ref={headingRef} title="Integration name">
      <TextField
        label="Integration name"
        name="name"
        value={name}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        error={error}
        hint="How this integration is called in services, rules and conversations."
      />
    </StepTitle>
  );
}
