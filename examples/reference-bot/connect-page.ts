/**
 * The bot's own page (GET on any path): how to point an integration at it, and a form that
 * connects another organization. Whoever knows the bot's verification (or access) token may add
 * an organization's signing secret, then its inbound webhook URL and secret once the integration
 * is saved. Plain HTML from Node built-ins, every value escaped.
 */

export interface PageState {
  webhookUrl: string;
  connected: number;
  notice?: { ok: boolean; text: string };
}

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function connectPage(state: PageState): string {
  const notice = state.notice
    ? `<p role="${state.notice.ok ? "status" : "alert"}" class="${state.notice.ok ? "ok" : "bad"}">${escape(state.notice.text)}</p>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reference bot</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #0f172a; }
  code { background: #f1f5f9; padding: 0 .25rem; border-radius: .25rem; word-break: break-all; }
  label { display: block; margin-top: .75rem; font-weight: 600; }
  input { display: block; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; border: 1px solid #94a3b8; border-radius: .375rem; font: inherit; }
  button { margin-top: 1rem; padding: .5rem 1rem; border: 0; border-radius: .375rem; background: #4f46e5; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  .ok { background: #ecfdf5; color: #065f46; padding: .5rem .75rem; border-radius: .375rem; }
  .bad { background: #fef2f2; color: #991b1b; padding: .5rem .75rem; border-radius: .375rem; }
  .hint { color: #475569; font-size: 13px; font-weight: 400; }
</style>
</head>
<body>
<h1>Reference bot</h1>
<p>The bot is running. Its webhook URL is <code data-testid="bot-webhook-url">${escape(state.webhookUrl)}</code>.
It serves <strong data-testid="bot-connected">${state.connected}</strong> organization${state.connected === 1 ? "" : "s"}.</p>
${notice}
<h2>Connect an organization</h2>
<ol>
  <li>In Switchboard: <strong>Integrations → Add integration → Generic bot (OTHERS)</strong>, webhook URL above and the bot's verification token.</li>
  <li>Paste the <strong>signing secret</strong> the wizard shows here and click Connect, <em>then</em> click Verify and Save in the wizard.</li>
  <li>After Save, paste the <strong>inbound webhook URL</strong> and <strong>inbound webhook secret</strong> it shows once, with the same signing secret, and click Connect again, so the bot can reply.</li>
</ol>
<form method="post" action="/connect" aria-label="Connect an organization">
  <label for="token">The bot's verification token <span class="hint">(or IMI BOT access token: proves you run this bot)</span></label>
  <input id="token" name="botToken" type="password" required autocomplete="off">
  <label for="signing">Signing secret <span class="hint">(whsec_…)</span></label>
  <input id="signing" name="signingSecret" required autocomplete="off" spellcheck="false">
  <label for="events">Inbound webhook URL <span class="hint">(after Save; …/api/v1/integrations/&lt;id&gt;/events)</span></label>
  <input id="events" name="platformEventsUrl" type="url" autocomplete="off" spellcheck="false">
  <label for="inbound">Inbound webhook secret <span class="hint">(after Save, shown once)</span></label>
  <input id="inbound" name="inboundSecret" type="password" autocomplete="off">
  <button type="submit">Connect</button>
</form>
<p class="hint">Connections last until the bot stops; connect again after a restart (or after rotating a secret).</p>
</body>
</html>
`;
}
