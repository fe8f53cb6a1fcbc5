import Link from "next/link";
import { plural } from "@/lib/plural";
import { Section } from "./section";
import type { IntegrationUsage } from "./types";

/** The services and rules that use the integration, and its conversations. */
export function UsageSection({ usage }: { usage: IntegrationUsage }) {
  return (
    <Section title="Used by">
      {usage.services.length === 0 && usage.rules.length === 0 ? (
        <p className="text-sm text-slate-600">
          No service uses it yet. Map it to a service on the{" "}
          <Link href="/services" className="font-medium text-indigo-600 hover:underline">
            Services
          </Link>{" "}
          page, then add a rule.
        </p>
      ) : (
        <ul className="list-inside list-disc space-y-1 text-sm text-slate-700">
          {usage.services.map((service) => (
            <li key={service.id}>Mapped to service &quot;{service.name}&quot;</li>
          ))}
          {usage.rules.length > 0 ? (
            <li>
              Used by <RuleSummary usage={usage} />
            </li>
          ) : null}
          {usage.conversations > 0 ? <li>{plural(usage.conversations, "conversation")}</li> : null}
        </ul>
      )}
    </Section>
  );
}

/** `2 rules of service "Support"`, per service. */
export function RuleSummary({ usage }: { usage: IntegrationUsage }) {
  const perService = new Map<string, number>();
  for (const rule of usage.rules) perService.set(rule.serviceName, (perService.get(rule.serviceName) ?? 0) + 1);
  return <>{[...perService].map(([service, n]) => `${n} ${n === 1 ? "rule" : "rules"} of service "${service}"`).join(", ")}</>;
}
