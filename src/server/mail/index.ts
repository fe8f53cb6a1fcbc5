/** The mail module (docs/mail.md): queue in a transaction, the durable runner sends. */
export { queueMail, type QueuedMail } from "./queue-mail";
export { appLink } from "./links";
export { composeMail, escapeHtml, type MailContent } from "./compose";
export { sendDueMails, mailStatus } from "./send-due-mails";
