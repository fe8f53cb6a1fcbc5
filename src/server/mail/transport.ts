/**
 * Where mails go, picked once from the environment (docs/mail.md):
 * - SMTP_URL set: nodemailer over SMTP;
 * - unset outside production: each mail is written as an .eml file into .data/mail/ and one
 *   console line says where, with the links in it;
 * - unset in production: no transport. Mails wait PENDING with that reason (the log and system
 *   settings say so) and go once SMTP_URL is set and the app restarted.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { env } from "@/server/config/env";

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per queued mail, so a receiving system can tell a resend after a crash is the same mail. */
  messageId: string;
}

export interface MailTransport {
  kind: "smtp" | "folder" | "none";
  /** For logs and system settings: where mails go, without credentials. */
  description: string;
  send(mail: OutgoingMail): Promise<void>;
}

/** No SMTP_URL in production: mails cannot go and wait. */
export class MailNotConfigured extends Error {
  constructor() {
    super("SMTP_URL is not set: mail waits until it is configured (docs/mail.md)");
    this.name = "MailNotConfigured";
  }
}

// Well under the runner's claim lease (send-due-mails.ts), so an attempt ends before its claim does.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url, TIMEOUTS);
  const safe = new URL(url);
  return {
    kind: "smtp",
    description: `SMTP ${safe.protocol}//${safe.host}`,
    async send(mail) {
      await transporter.sendMail(mail);
    },
  };
}

/** Beside the dev database in .data/ (npm scripts run from the project root). */
export const DEV_MAIL_DIR = path.join(process.cwd(), ".data", "mail");

/** Development: MIME files a mail program opens, and a console line with the links to click. */
export function folderTransport(directory = DEV_MAIL_DIR): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    kind: "folder",
    description: `files in ${path.relative(process.cwd(), directory) || directory}`,
    async send(mail) {
      const info = await builder.sendMail(mail);
      await mkdir(directory, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${mail.messageId.replace(/[^a-zA-Z0-9-]/g, "").slice(0, 40)}.eml`;
      const file = path.join(directory, name);
      await writeFile(file, info.message as Buffer);
      const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
      console.log(
        `[mail] "${mail.subject}" to ${mail.to} written to ${path.relative(process.cwd(), file)}${links.length ? ` (link: ${links.join(" ")})` : ""}`,
      );
    },
  };
}

export function unconfiguredTransport(): MailTransport {
  return {
    kind: "none",
    description: "not configured (SMTP_URL is not set)",
    async send() {
      throw new MailNotConfigured();
    },
  };
}

const state = globalThis as unknown as { mailTransport?: MailTransport };

export function mailTransport(): MailTransport {
  if (state.mailTransport) return state.mailTransport;
  const { SMTP_URL, isProduction } = env();
  state.mailTransport = SMTP_URL ? smtpTransport(SMTP_URL) : isProduction ? unconfiguredTransport() : folderTransport();
  return state.mailTransport;
}

/** Puts a transport in place for this process (tests: a local SMTP server); undefined goes back to the environment's. */
export function useMailTransport(transport: MailTransport | undefined): void {
  state.mailTransport = transport;
}
