import Link from "next/link";
import { Section } from "./section";

/** The built-in agent desk has no webhooks: its agents answer in the console. */
export function AgentDeskSection() {
  return (
    <Section title="Agent desk">
      <p className="text-sm text-slate-600">
        Conversations handed to this integration are answered by your agents in the{" "}
        <Link href="/agent-desk" className="font-medium text-indigo-600 hover:underline">
          Agent desk
        </Link>
        : there is no webhook to configure.
      </p>
    </Section>
  );
}
