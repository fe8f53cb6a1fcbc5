import type { TextareaHTMLAttributes } from "react";
import { Field } from "@/components/ui/field";

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  error?: string;
  hint?: string;
}

export function TextAreaField({ label, error, hint, className, ...textarea }: TextAreaFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(control) => <textarea {...control} className={`${control.className} font-mono`} {...textarea} />}
    </Field>
  );
}
