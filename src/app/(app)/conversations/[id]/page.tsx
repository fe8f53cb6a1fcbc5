import type { Metadata } from "next";
import { requireOwnedRecord } from "@/server/auth/workspace";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { ConversationDetail } from "./conversation-detail";

export const metadata: Metadata = { title: "Conversation" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireOwnedRecord("conversation", id);
  return (
    <>
      <Breadcrumbs trail={[{ label: "Conversations", href: "/conversations" }, { label: id }]} />
      <ConversationDetail id={id} />
    </>
  );
}
