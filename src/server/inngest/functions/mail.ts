import { db } from "@/server/db/client";
import { sendDueMails } from "@/server/mail/send-due-mails";
import { inngest } from "../client";
import { MAIL_QUEUED } from "../events";

/**
 * A queued mail goes out: the same claim-and-send as the embedded runner's (send-due-mails.ts),
 * so the two never send one mail twice. A refused mail waits in its row for its retry, which the
 * embedded runner's poll takes.
 */
export const sendQueuedMailFunction = inngest.createFunction({ id: "send-queued-mail", triggers: [{ event: MAIL_QUEUED }] }, async ({ event, step }) => {
  const { dedupeKey } = event.data as { dedupeKey: string };
  return step.run("send-mail", () => sendDueMails(db(), { only: { dedupeKeys: [dedupeKey] } }));
});
