/**
 * The mail outbox against the real database and a real SMTP server on 127.0.0.1: one mail per
 * dedupeKey, text and HTML parts, retries when the server refuses, exactly once with two
 * runners racing, FAILED after the last retry, and waiting (not failing) with no transport.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { startEmbeddedRunner } from "@/server/jobs/embedded-runner";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { startSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { composeMail } from "./compose";
import { queueMail } from "./queue-mail";
import { MAIL_POLL_GRACE_SECONDS, sendDueMails } from "./send-due-mails";
import { folderTransport, smtpTransport, unconfiguredTransport } from "./transport";

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

const address = (label: string) => `${label}-${randomUUID()}@example.test`;

async function queue(to: string, key = `test:${randomUUID()}`, subject = "Hello") {
  const { text, html } = composeMail({ heading: subject, paragraphs: ["A <b>bold</b> claim & more."], action: { label: "Open", url: "http://localhost:3000/x?a=1&b=2" } });
  await db().$transaction((tx) => queueMail(tx, { tenantId: null, to, subject, text, html, dedupeKey: key }));
  return key;
}

describe("mail outbox", () => {
  it("queues one mail per dedupeKey and sends it with text and HTML parts", async () => {
    const to = address("once");
    const key = await queue(to, undefined, "Welcome");
    await queue(to, key, "Welcome");
    expect(await db().outboundMail.count({ where: { dedupeKey: key } })).toBe(1);

    const report = await sendDueMails(db(), { transport: smtpTransport(smtp.url), only: { to: [to] } });
    expect(report).toEqual({ sent: 1, failed: 0, retrying: 0 });
    const [mail] = await smtp.waitForMails(1, (m) => m.to.includes(to));
    expect(mail!.subject).toBe("Welcome");
    expect(mail!.text).toContain("A <b>bold</b> claim & more.");
    expect(mail!.text).toContain("Open: http://localhost:3000/x?a=1&b=2");
    expect(mail!.html).toContain("A &lt;b&gt;bold&lt;/b&gt; claim &amp; more.");
    expect(mail!.html).toContain('href="http://localhost:3000/x?a=1&amp;b=2"');
    const row = await db().outboundMail.findUniqueOrThrow({ where: { dedupeKey: key } });
    expect(row.state).toBe("SENT");
    expect(row.sentAt).not.toBeNull();

    // Sent is sent: another run sends nothing.
    expect((await sendDueMails(db(), { transport: smtpTransport(smtp.url), only: { to: [to] } })).sent).toBe(0);
    expect(smtp.mails.filter((m) => m.to.includes(to))).toHaveLength(1);
  });

  it("retries when the SMTP server refuses, and sends once it accepts", async () => {
    const to = address("refused");
    const key = await queue(to);
    smtp.refuseNext(2);
    const options = { transport: smtpTransport(smtp.url), only: { to: [to] }, schedule: [0, 0, 0] };
    expect(await sendDueMails(db(), options)).toEqual({ sent: 0, failed: 0, retrying: 1 });
    const afterRefusal = await db().outboundMail.findUniqueOrThrow({ where: { dedupeKey: key } });
    expect(afterRefusal.state).toBe("PENDING");
    expect(afterRefusal.lastError).toMatch(/451/);
    expect(await sendDueMails(db(), options)).toEqual({ sent: 0, failed: 0, retrying: 1 });
    expect(await sendDueMails(db(), options)).toEqual({ sent: 1, failed: 0, retrying: 0 });
    expect(smtp.mails.filter((m) => m.to.includes(to))).toHaveLength(1);
    const row = await db().outboundMail.findUniqueOrThrow({ where: { dedupeKey: key } });
    expect(row).toMatchObject({ state: "SENT", attempts: 3, lastError: null });
  });

  it("waits for its retry: a mail refused is not due again before its time", async () => {
    const to = address("later");
    const key = await queue(to);
    smtp.refuseNext(1);
    const options = { transport: smtpTransport(smtp.url), only: { to: [to] }, schedule: [3_600] };
    await sendDueMails(db(), options);
    expect(await sendDueMails(db(), options)).toEqual({ sent: 0, failed: 0, retrying: 0 });
    const row = await db().outboundMail.findUniqueOrThrow({ where: { dedupeKey: key } });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it("a poll leaves a new mail to its hand-off for the grace, then takes it", async () => {
    const to = address("grace");
    const key = await queue(to);
    const options = { transport: smtpTransport(smtp.url), only: { to: [to] }, graceSeconds: MAIL_POLL_GRACE_SECONDS };
    expect((await sendDueMails(db(), options)).sent).toBe(0);
    await db().outboundMail.update({ where: { dedupeKey: key }, data: { nextAttemptAt: new Date(Date.now() - (MAIL_POLL_GRACE_SECONDS + 1) * 1000) } });
    expect((await sendDueMails(db(), options)).sent).toBe(1);
    await smtp.waitForMails(1, (m) => m.to.includes(to));
  });

  it("is FAILED after the last retry", async () => {
    const to = address("failed");
    const key = await queue(to);
    smtp.refuseNext(2);
    const options = { transport: smtpTransport(smtp.url), only: { to: [to] }, schedule: [0] };
    expect((await sendDueMails(db(), options)).retrying).toBe(1);
    expect((await sendDueMails(db(), options)).failed).toBe(1);
    const row = await db().outboundMail.findUniqueOrThrow({ where: { dedupeKey: key } });
    expect(row.state).toBe("FAILED");
    expect(await sendDueMails(db(), options)).toEqual({ sent: 0, failed: 0, retrying: 0 });
    expect(smtp.mails.filter((m) => m.to.includes(to))).toHaveLength(0);
  });

  it("sends each mail exactly once with two runners racing, through refusals", async () => {
    const recipients = Array.from({ length: 12 }, (_, i) => address(`race${i}`));
    for (const to of recipients) await queue(to);
    smtp.refuseNext(3);
    const options = { transport: smtpTransport(smtp.url), only: { to: recipients }, schedule: [0, 0, 0, 0], batch: 5 };
    for (let round = 0; round < 20; round += 1) {
      await Promise.all([sendDueMails(db(), options), sendDueMails(db(), options)]);
      const pending = await db().outboundMail.count({ where: { to: { in: recipients }, state: "PENDING" } });
      if (pending === 0) break;
    }
    expect(await db().outboundMail.count({ where: { to: { in: recipients }, state: "SENT" } })).toBe(recipients.length);
    for (const to of recipients) expect(smtp.mails.filter((m) => m.to.includes(to))).toHaveLength(1);
  });

  it("without a transport (production with no SMTP_URL) a mail waits with the reason, its retries untouched", async () => {
    const to = address("unconfigured");
    const key = await queue(to);
    expect(await sendDueMails(db(), { transport: unconfiguredTransport(), only: { to: [to] } })).toEqual({ sent: 0, failed: 0, retrying: 1 });
    const row = await db().outboundMail.findUniqueOrThrow({ where: { dedupeKey: key } });
    expect(row).toMatchObject({ state: "PENDING", attempts: 0 });
    expect(row.lastError).toMatch(/SMTP_URL is not set/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("mail through the embedded runner", () => {
  it("two runners polling the same database send each queued mail once, retrying a refusal", async () => {
    const recipients = Array.from({ length: 6 }, (_, i) => address(`runner${i}`));
    const mail = { transport: smtpTransport(smtp.url), only: { to: recipients }, schedule: [0, 0, 0] };
    const work = embeddedWork(db());
    const runners = [startEmbeddedRunner(db(), work, { pollMs: 50, sweepMs: 3_600_000, mail }), startEmbeddedRunner(db(), work, { pollMs: 50, sweepMs: 3_600_000, mail })];
    try {
      smtp.refuseNext(2);
      for (const to of recipients) await queue(to);
      for (const to of recipients) await smtp.waitForMails(1, (m) => m.to.includes(to));
      // A little longer: nothing arrives a second time.
      await Promise.all(runners.map((r) => r.poll()));
      await Promise.all(runners.map((r) => r.poll()));
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    for (const to of recipients) expect(smtp.mails.filter((m) => m.to.includes(to))).toHaveLength(1);
    expect(await db().outboundMail.count({ where: { to: { in: recipients }, state: "SENT" } })).toBe(recipients.length);
  });
});

describe("mail without SMTP_URL in development", () => {
  it("is written as an .eml file with both parts, and one console line says where with the link", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "mail-"));
    const to = address("folder");
    await queue(to, undefined, "Folder mail");
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      expect(await sendDueMails(db(), { transport: folderTransport(directory), only: { to: [to] } })).toEqual({ sent: 1, failed: 0, retrying: 0 });
    } finally {
      log.mockRestore();
    }
    const files = (await readdir(directory)).filter((f) => f.endsWith(".eml"));
    expect(files).toHaveLength(1);
    const parsed = await simpleParser(await readFile(path.join(directory, files[0]!)));
    expect(parsed.subject).toBe("Folder mail");
    expect(parsed.text).toContain("Open: http://localhost:3000/x?a=1&b=2");
    expect(parsed.html).toContain("A &lt;b&gt;bold&lt;/b&gt; claim");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(files[0]);
    expect(lines[0]).toContain("link: http://localhost:3000/x?a=1&b=2");
    await rm(directory, { recursive: true, force: true });
  });
});
