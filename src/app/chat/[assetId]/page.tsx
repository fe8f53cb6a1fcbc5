import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { WebChat } from "@/components/chat/web-chat";
import { findHostedChat } from "@/server/conversations/visitor-messages";
import { db } from "@/server/db/client";

/** The hosted web chat of a WEB_CHAT channel asset: public, no sign-in; 404 for anything else. */
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ assetId: string }> };

const loadChat = cache((assetId: string) => findHostedChat(db(), assetId));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const chat = await loadChat((await params).assetId);
  return { title: chat ? `Chat with ${chat.title}` : "Chat not found", robots: { index: false } };
}

export default async function HostedChatPage({ params }: Props) {
  const chat = await loadChat((await params).assetId);
  if (!chat) notFound();
  return <WebChat assetId={chat.assetId} widget={chat.widget} />;
}
