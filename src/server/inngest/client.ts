import { Inngest } from "inngest";

/**
 * The one Inngest client. Keys come from INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY (or
 * INNGEST_DEV=1 for the Dev Server). Sending is always guarded by callers: the app keeps
 * working, and keeps every accepted message, when no Inngest server is reachable.
 */
export const inngest = new Inngest({ id: "switchboard" });
