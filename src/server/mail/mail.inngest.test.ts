/** Under Inngest, the mail/queued function sends the mail it names through the same claim, once. */
import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { mailQueuedEvent } from "@/server/inngest/events";
import { sendQueuedMailFunction } from "@/server/inngest/functions/mail";
import { startSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { composeMail } from "./compose";
import { queueMail } from "./queue-mail";
import { smtpTransport, useMailTransport } from "./transport";

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  useMailTransport(smtpTransport(smtp.url));
});
afterAll(async () => {
  useMailTransport(undefined);
  await smtp?.close();
});

it("sends the queued mail its event names, and a second run of the event sends nothing", async () => {
  const to = `inngest-${randomUUID()}@example.test`;
  const dedupeKey = `test:${randomUUID()}`;
  await db().$transaction((tx) => queueMail(tx, { tenantId: null, to, subject: "Via Inngest", ...composeMail({ heading: "Hi", paragraphs: ["Sent by a function."] }), dedupeKey }));
  const event = mailQueuedEvent(dedupeKey);
  const run = () => new InngestTestEngine({ function: sendQueuedMailFunction }).execute({ events: [{ name: event.name, data: event.data, id: event.id }] });
  expect((await run()).result).toEqual({ sent: 1, failed: 0, retrying: 0 });
  expect((await run()).result).toEqual({ sent: 0, failed: 0, retrying: 0 });
  const [mail] = await smtp.waitForMails(1, (m) => m.to.includes(to));
  expect(mail!.text).toContain("Sent by a function.");
  expect(smtp.mails.filter((m) => m.to.includes(to))).toHaveLength(1);
});
