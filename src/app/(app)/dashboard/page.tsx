import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/server/tenancy/current";

export const metadata: Metadata = { title: "Dashboard" };

const STEPS = [
  { href: "/integrations", title: "Add a bot", text: "Connect your bot's webhook (IMI BOT or any other platform) and verify it." },
  { href: "/channels", title: "Add a channel", text: "Create the web chat or HTTP channel your customers write on." },
  { href: "/services", title: "Create a service and a rule", text: "Decide which messages go to the bot, to agents, or to the bot first." },
  { href: "/conversations", title: "Watch conversations", text: "Inspect every message, handover and webhook delivery." },
];

export default async function DashboardPage() {
  const { user, membership } = await requireWorkspace();
  return (
    <>
      <PageHeader title={membership?.tenantName ?? "Dashboard"} description={`Welcome, ${user.name}. Here is how to get a bot talking to your customers.`} />
      <ol className="grid gap-4 sm:grid-cols-2">
        {STEPS.map((step, index) => (
          <li key={step.href}>
            <Link href={step.href} className="block h-full rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300">
              <span className="text-xs font-semibold uppercase tracking-wide text-indigo-600">Step {index + 1}</span>
              <h2 className="mt-1 font-semibold text-slate-900">{step.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{step.text}</p>
            </Link>
          </li>
        ))}
      </ol>
    </>
  );
}
