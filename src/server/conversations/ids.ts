import { randomBytes } from "node:crypto";

/** Platform IDs: a readable prefix and 96 random bits, URL-safe. */
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url")}`;

export const newConversationId = () => newId("conv");
export const newMessageId = () => newId("msg");
/** Also the Standard Webhooks `webhook-id` of the delivery. */
export const newDeliveryId = () => newId("dlv");
