import type { ReactNode, Ref } from "react";

/** A wizard step: its title (focused when the step opens without a field) and its fields. */
export function StepTitle({ ref, title, children }: { ref: Ref<HTMLHeadingElement>; title: string; children: ReactNode }) {
  return (
    <section className="mt-2 space-y-4">
      <h2 ref={ref} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
        {title}
      </h2>
      {children}
    </section>
  );
}
