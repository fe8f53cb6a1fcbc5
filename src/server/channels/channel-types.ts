/** Channel types and their labels. Client-safe: no server imports. */
import type { ChannelType } from "@/generated/prisma/enums";

export type { ChannelType };

/** The types a tenant can create (MESSENGER keeps its Page settings in `settings`: docs/messenger.md). */
export const CREATABLE_CHANNEL_TYPES = ["WEB_CHAT", "HTTP", "MESSENGER"] as const satisfies readonly ChannelType[];
export type CreatableChannelType = (typeof CREATABLE_CHANNEL_TYPES)[number];

export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = {
  WEB_CHAT: "Web chat",
  HTTP: "HTTP",
  MESSENGER: "Messenger",
};

/** The `Channel` value in payloads to bots (docs/protocol.md: WEBCHAT, HTTP, FB). */
export const CHANNEL_PAYLOAD_LABELS: Record<ChannelType, string> = {
  WEB_CHAT: "WEBCHAT",
  HTTP: "HTTP",
  MESSENGER: "FB",
};
