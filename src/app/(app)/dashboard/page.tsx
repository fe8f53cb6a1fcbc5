import type { Metadata } from "next";
import Link from "next/link";
import { InactiveIntegrationsBanner } from "@/components/alerts/inactive-integrations-banner";
import { PageHeader } from "@/components/ui/page-header";
import { onboardingSteps, type OnboardingStep } from "@/server/alerts/onboarding";
import { db } from "@/server/db/client";
import { requireWorkspace } from "@/server/auth/workspace";
import { hasRole } from "@/server/tenancy/roles";

export const metadata: Metadata = { title: "Dashboard" };

/** What agents and viewers can use (they cannot take the setup steps, which need an admin). */
const MEMBER_CARDS = {
  desk: { href: "/agent-desk", title: "Agent desk", text: "Take the chats handed over to your team, reply to customers and close them." },
  inspector: { href: "/conversations", title: "Conversations", text: "Inspect every message, handover and webhook delivery, and search by text." },
} as const;

export default async function DashboardPage() {
  const { user, membership } = await requireWorkspace();
  if (!membership) return null;
  const admin = hasRole(membership.role, "ADMIN");
  const onboarding = await onboardingSteps(db(), membership);
  const cards = admin ? [] : hasRole(membership.role, "AGENT") ? [MEMBER_CARDS.desk, MEMBER_CARDS.inspector] : [MEMBER_CARDS.inspector];
  const left = onboarding?.steps.filter((s) => !s.done).length ?? 0;
  return (
    <>
      <PageHeader
        title={membership.tenantName}
        description={
          onboarding && !onboarding.allDone
            ? `Welcome, ${user.name}. ${left} of ${onboarding.steps.length} steps left to get a bot talking to your customers.`
            : `Welcome, ${user.name}.`
        }
      />
      <InactiveIntegrationsBanner canVerify={admin} />
      {onboarding && !onboarding.allDone ? <Steps steps={onboarding.steps} /> : null}
      {onboarding?.allDone ? (
        <p className="mb-6 text-sm text-slate-600" data-testid="onboarding-done">
          Your organization is set up: bot verified, channel, rule, team and a first conversation.{" "}
          <Link href="/conversations" className="font-medium text-indigo-600 hover:underline">
            See the conversations
          </Link>
        </p>
      ) : null}
      {cards.length > 0 ? (
        <ul className="grid gap-4 sm:grid-cols-2" aria-label="What you can use">
          {cards.map((card) => (
            <li key={card.href}>
              <Link href={card.href} className="block h-full rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300">
                <h2 className="font-semibold text-slate-900">{card.title}</h2>
                <p className="mt-1 text-sm text-slate-600">{card.text}</p>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Steps({ steps }: { steps: OnboardingStep[] }) {
  return (
    <ol className="grid gap-4 sm:grid-cols-2" aria-label="Getting started" data-testid="onboarding-steps">
      {steps.map((step, index) => (
        <li key={step.id} data-testid={`step-${step.id}`} data-done={step.done ? "true" : "false"}>
          <Link
            href={step.href}
            className={`block h-full rounded-lg p-5 shadow-sm ring-1 hover:ring-indigo-300 ${step.done ? "bg-slate-50 ring-slate-200" : "bg-white ring-slate-200"}`}
          >
            <span className={`text-xs font-semibold uppercase tracking-wide ${step.done ? "text-green-700" : "text-indigo-600"}`}>
              Step {index + 1} · {step.done ? "Done" : "To do"}
            </span>
            <h2 className={`mt-1 font-semibold ${step.done ? "text-slate-500 line-through decoration-slate-300" : "text-slate-900"}`}>{step.title}</h2>
            <p className="mt-1 text-sm text-slate-600">{step.text}</p>
          </Link>
        </li>
      ))}
    </ol>
  );
}
