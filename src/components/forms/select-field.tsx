import type { ReactNode, SelectHTMLAttributes } from "react";
import { Field } from "@/components/ui/field";

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}

export function SelectField({ label, error, hint, className, children, ...select }: SelectFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(control) => (
        <select {...control} className={`${control.className} bg-white`} {...select}>
          {children}
        </select>
      )}
    </Field>
  );
}
