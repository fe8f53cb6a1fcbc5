import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Integrations" };

export default function Page() {
  return (
    <>
      <PageHeader title="Integrations" description="Bots and contact-centre (CCSP) integrations that receive your customers' messages." />
      <EmptyState title="No integrations yet">An integration connects a bot or a contact centre: Switchboard posts customer messages to its webhook, and it answers on a webhook generated for it. Adding integrations arrives with the next release.</EmptyState>
    </>
  );
}
