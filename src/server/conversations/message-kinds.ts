import type { MessageKind } from "@/generated/prisma/enums";

/** What a customer, bot or agent said (as opposed to receipts and conversation events): the desk's and the inspector's "messages". */
export const SAID_KINDS: MessageKind[] = ["MESSAGE", "POSTBACK"];
