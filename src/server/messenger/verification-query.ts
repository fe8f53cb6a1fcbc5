/**
 * The Messenger Platform's webhook verification GET (docs/messenger.md): its query parameters,
 * checked by the route with these schemas and shown by the API document from them.
 */
import { z } from "zod";

export const MAX_CHALLENGE_CHARS = 1_000;

export const hubModeSchema = z.literal("subscribe");
export const hubVerifyTokenSchema = z.string();
export const hubChallengeSchema = z.string().min(1).max(MAX_CHALLENGE_CHARS);
