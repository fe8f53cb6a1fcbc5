/**
 * Plain-text and HTML parts from one description, so every mail has both and they say the same.
 * Everything put into the HTML is escaped.
 */
export interface MailContent {
  /** The first line, also the HTML heading. */
  heading: string;
  paragraphs: string[];
  /** The one thing to click, if any. */
  action?: { label: string; url: string };
  /** Smaller print after the action (why they got this, when the link expires). */
  footer?: string[];
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

export function composeMail(content: MailContent): { text: string; html: string } {
  const text = [
    content.heading,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ""] : []),
    ...(content.footer ?? []).flatMap((p) => [p, ""]),
  ]
    .join("\n")
    .trimEnd()
    .concat("\n");
  const p = (value: string) => `<p style="margin:0 0 16px">${escapeHtml(value)}</p>`;
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">`,
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.heading)}</h1>`,
    ...content.paragraphs.map(p),
    content.action
      ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#111;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:13px;color:#555">Or open this link: ${escapeHtml(content.action.url)}</p>`
      : "",
    ...(content.footer ?? []).map((f) => `<p style="margin:0 0 8px;font-size:13px;color:#555">${escapeHtml(f)}</p>`),
    `</body></html>`,
  ].join("\n");
  return { text, html };
}
