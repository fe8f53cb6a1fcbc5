import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@/server/api-docs/openapi";
import {
  agentMessagePayload,
  conversationEventPayload,
  incomingMessagePayload,
  messageDeliveryPayload,
  postbackPayload,
  verificationPayload,
} from "@/server/conversations/wire/outbound-payloads";
import { sendApiBody } from "@/server/messenger/send-api";

export const metadata: Metadata = { title: "API reference" };

// Examples come from the functions that build the real payloads, so this page cannot drift.
const at = new Date(Date.UTC(2026, 0, 5, 9, 30, 15, 250));
const ref = { conversationId: "conv_3hV0pQ8wL2", conversationType: "BOT" as const, channel: "WEBCHAT", at };
const EXAMPLES: { title: string; note: string; payload: unknown }[] = [
  { title: "Incoming message", note: "A customer wrote on the channel.", payload: incomingMessagePayload(ref, { id: "msg_Qm1x", text: "Hello", type: "text" }) },
  { title: "Postback", note: "A quick reply or button: FB POSTBACK on Messenger, POSTBACK elsewhere.", payload: postbackPayload(ref, "ORDER_STATUS") },
  { title: "Message Delivery", note: "The channel's receipt for a message you sent; Description only on failures.", payload: messageDeliveryPayload(ref, { messageId: "msg_9aZ", status: "Failed", description: "The user blocked the page" }) },
  { title: "Copy while an agent holds the conversation", note: "ConversationType is CCSP: collate it, do not answer it (a 1001 now gets 409).", payload: agentMessagePayload({ ...ref, conversationType: "CCSP" }, { id: "msg_Ag1", text: "Agent Ann here", type: "text" }) },
  { title: "Conversation closed", note: "The agent closed the CCSP conversation: the flag is back with the bot, same Conversationid.", payload: conversationEventPayload({ ...ref, conversationType: "CCSP" }, "Conversation closed", { CCSPConversationid: "conv_Zc81" }) },
  { title: "Verification", note: "Sent by Verify. OTHERS must answer with the verification token.", payload: verificationPayload("c2VjcmV0LWNoYWxsZW5nZQ", at) },
];

// What a bot's 1001 with quick replies becomes on Messenger, from the function that builds it.
const SEND_API_EXAMPLE = sendApiBody({
  messageId: "msg_Qr7",
  psid: "24886273457642",
  text: "Which order?",
  messageType: "text",
  customParams: { quick_replies: JSON.stringify([{ title: "The last one", payload: "LAST" }, "Another"]) },
});

/** How an answer to a webhook is read (docs/delivery.md, "Receiver outcomes"). */
const RECEIVER_OUTCOMES: [string, string][] = [
  ["2xx (OTHERS: carrying the verification token)", "Delivered"],
  ["3xx", "A failure (redirects are not followed); retried"],
  ["410 Gone", "The integration is made inactive at once; its deliveries are held"],
  ["429, or 503 with Retry-After", "Retried, not before Retry-After (the schedule still ends within the hour)"],
  ["408, 409, 425, 5xx, timeout, connection or TLS error", "Retried on the schedule"],
  ["Any other 4xx", "The delivery fails at once (you refused it); an admin can replay it"],
];

export default function ApiDocsPage() {
  const paths = Object.entries(openApiDocument.paths) as [string, Record<string, { summary: string; security?: unknown[] }>][];
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <p className="text-sm font-semibold text-indigo-700">
        <Link href="/">Switchboard</Link> · Developers
      </p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">API reference</h1>
      <p className="mt-3 text-slate-700">
        Channels post customer messages and receipts; bots and contact centres (CCSPs) post their events to the webhook
        generated for their integration. Every accepted message is stored before the <code>202</code> answer. Errors are JSON:{" "}
        <code>{`{ "error": { "code", "message", "field" } }`}</code>. The machine-readable description is{" "}
        <a className="text-indigo-700 underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>
        .
      </p>

      <h2 className="mt-10 text-xl font-semibold">Endpoints</h2>
      <ul className="mt-4 space-y-3">
        {paths.flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, operation]) => (
            <li key={`${method} ${path}`} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
              <p className="font-mono text-sm">
                <span className="mr-2 rounded bg-slate-800 px-1.5 py-0.5 text-xs font-semibold uppercase text-white">{method}</span>
                {path}
              </p>
              <p className="mt-1 text-sm text-slate-700">{operation.summary}</p>
            </li>
          )),
        )}
      </ul>

      <h2 className="mt-10 text-xl font-semibold">Sending events from your bot</h2>
      <p className="mt-2 text-sm text-slate-700">
        POST JSON to your integration&apos;s inbound webhook with <code>Authorization: Bearer &lt;inbound secret&gt;</code>:{" "}
        <code>eventid</code> <code>1001</code> (message: <code>conversation_id</code>, <code>message</code>, <code>Messagetype</code>,{" "}
        <code>Timestamp</code>, any custom parameters), <code>1002</code> (handover to the CCSP), <code>1003</code> (close). The
        names <code>message</code>, <code>handover</code> and <code>close</code> work too. A CCSP sends 1001 and 1003 the same way.
        A custom parameter <code>quickReplies</code> (<code>&quot;Yes|No&quot;</code>) shows buttons on the hosted web chat.
      </p>
      <p className="mt-2 text-sm text-slate-700">
        <code>1004</code> (or <code>typing</code>) with <code>conversation_id</code> and <code>typing</code> <code>&quot;on&quot;</code>{" "}
        or <code>&quot;off&quot;</code> (on when left out) shows &ldquo;Bot is typing…&rdquo; (&ldquo;Agent is typing…&rdquo; from a CCSP) in
        the customer&apos;s web chat for a few seconds, or until your message arrives. Nothing is stored; the same rules apply as for
        1001 (your own open conversation, not while an agent has it).
      </p>
      <h3 className="mt-6 font-semibold">Sending again safely</h3>
      <p className="mt-2 text-sm text-slate-700">
        Send an <code>Idempotency-Key</code> header (or the Standard Webhooks <code>webhook-id</code>) with each event: if you
        send it again within 24 hours, after a timeout for example, you get the first answer and nothing is written twice, even
        when both copies arrive at once. Keys belong to your integration; the same key with another body gets <code>409</code>.
        Refused events store nothing, so sending one again is judged again.
      </p>
      <h3 className="mt-6 font-semibold">Signed events (optional)</h3>
      <p className="mt-2 text-sm text-slate-700">
        An admin can set the integration to require signed events. Then, besides the Bearer secret, every event carries{" "}
        <code>webhook-id</code>, <code>webhook-timestamp</code> (Unix seconds, within 5 minutes of the current time either way) and{" "}
        <code>webhook-signature: v1,&lt;base64 HMAC-SHA256 of &quot;id.timestamp.body&quot;&gt;</code>, keyed with the
        base64-decoded part of the integration&apos;s <code>whsec_</code> signing secret (the one Switchboard signs with; any
        Standard Webhooks library signs this way). Anything else gets <code>401</code> with code <code>INVALID_SIGNATURE</code>{" "}
        and the header at fault as <code>field</code>. The <code>webhook-id</code> of a signed event is its idempotency key, so a
        captured request replayed within the 5 minutes writes nothing, and after them it is refused.
      </p>
      <h3 className="mt-6 font-semibold">Rotating secrets without downtime</h3>
      <p className="mt-2 text-sm text-slate-700">
        Rotating the inbound secret or the signing secret can keep the old one working for 1 or 24 hours (or stop it at once);
        the integration&apos;s page shows until when. During a signing secret&apos;s overlap every request Switchboard sends
        carries two signatures, space-separated in <code>webhook-signature</code> (one per secret: accept the request if either
        matches), and signed events may use either secret. The signing secret is shown in the wizard before Verify, so your
        system can check the signature of the very first Verification event.
      </p>

      <h2 className="mt-10 text-xl font-semibold">Facebook Messenger channels</h2>
      <p className="mt-2 text-sm text-slate-700">
        A Messenger channel connects a Facebook Page. Paste its callback URL,{" "}
        <code>/api/v1/channels/&#123;assetId&#125;/messenger</code>, and its Verify token (both on the channel&apos;s page) into your
        Meta app&apos;s webhook settings and subscribe the Page to <code>messages</code>, <code>messaging_postbacks</code>,{" "}
        <code>message_deliveries</code>, <code>message_reads</code> and <code>message_echoes</code>. Meta&apos;s verification GET gets the{" "}
        <code>hub.challenge</code> back when <code>hub.verify_token</code> matches (403 otherwise); every POST must carry{" "}
        <code>X-Hub-Signature-256</code> made with the App secret (401 otherwise, nothing stored). Your bot sees channel{" "}
        <code>FB</code>: text as Incoming message, attachments with <code>MessageType</code> image, video, audio, file or location
        (the URL, or &ldquo;lat,long&rdquo;, as <code>Message</code>), buttons and quick-reply taps as <code>FB POSTBACK</code>, and
        Messenger&apos;s delivery and read receipts as Message Delivery (Delivered, Read), once per message.
      </p>
      <p className="mt-2 text-sm text-slate-700">
        Your 1001 (and an agent&apos;s reply) is sent with the Send API. Add a custom parameter <code>quick_replies</code> (a JSON array
        of <code>&#123;&quot;title&quot;, &quot;payload&quot;&#125;</code> or of titles; up to 13, titles up to 20 characters; or the web
        chat&apos;s <code>quickReplies</code> &quot;Yes|No&quot;) or <code>buttons</code> (up to 3, a button template with postback
        buttons); a message is at most 2000 characters (640 with buttons), else your 1001 gets <code>400</code>. A Messagetype of
        image, video, audio or file with a URL as message sends that media. Messenger&apos;s rate limits and temporary errors are
        retried on the usual schedule; a refusal (outside the 24-hour window, the person is unavailable, an invalid token) fails at
        once, and you get Message Delivery <code>Failed</code> with a Description saying why, as you do when the retries run out.
        1004 (typing) shows the Page&apos;s typing bubble.
      </p>
      <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs text-slate-100">{JSON.stringify(SEND_API_EXAMPLE, null, 2)}</pre>

      <h2 className="mt-10 text-xl font-semibold">Live updates for web chat visitors</h2>
      <p className="mt-2 text-sm text-slate-700">
        <code>GET /api/v1/channels/&#123;assetId&#125;/messages/stream</code> is a Server-Sent Events stream of the visitor&apos;s
        conversation: open it with <code>new EventSource(url)</code>, passing the visitor token as <code>access_token</code>. Each new
        message is an event <code>message</code> whose data is one row of <code>GET /messages</code> and whose <code>id</code> is the
        message ID, so a reconnecting EventSource resumes after the last message it got (<code>Last-Event-ID</code>); a new page can
        start after the last message it shows with <code>after</code>. The stream says <code>ready</code> once it has caught up, sends{" "}
        <code>typing</code> events (<code>&#123; from, typing &#125;</code>) and a comment line at least every 20 seconds. A visitor
        may hold 5 streams at once and an IP address 200 (then <code>429</code> with <code>Retry-After</code>).
      </p>

      <h2 className="mt-10 text-xl font-semibold">What your webhook receives</h2>
      <p className="mt-2 text-sm text-slate-700">
        Each POST carries Standard Webhooks headers (<code>webhook-id</code>, the same on every retry of one delivery,{" "}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>: HMAC-SHA256 with your integration&apos;s signing secret). IMI
        BOT and CCSP webhooks also get <code>Authorization: Bearer &lt;access token&gt;</code>. OTHERS webhooks must answer every
        POST with their verification token: as the plain-text body, as the JSON field <code>verificationToken</code>, or in the{" "}
        <code>X-Verification-Token</code> header. Answer within 5 seconds with a 2xx; timestamps are GMT.
      </p>
      <h3 className="mt-6 font-semibold">How your answer is read</h3>
      <table className="mt-2 w-full text-left text-sm text-slate-700">
        <thead>
          <tr className="border-b border-slate-200">
            <th className="py-1 pr-4 font-medium">Your answer</th>
            <th className="py-1 font-medium">What happens</th>
          </tr>
        </thead>
        <tbody>
          {RECEIVER_OUTCOMES.map(([answer, outcome]) => (
            <tr key={answer} className="border-b border-slate-100 align-top">
              <td className="py-1 pr-4">{answer}</td>
              <td className="py-1">{outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-sm text-slate-700">
        Retries come 1, 5, 15 and 60 minutes after the first failed attempt; then the delivery is failed and an admin can replay
        it. Five failed attempts in a row make the integration inactive: what is sent to it is held until it is verified again,
        then delivered in its original order. At most 8 requests are in flight to one webhook at a time; one
        conversation&apos;s events always arrive in order. Delivery is at least once: deduplicate on <code>webhook-id</code>.
      </p>
      <div className="mt-4 space-y-6">
        {EXAMPLES.map((example) => (
          <section key={example.title}>
            <h3 className="font-semibold">{example.title}</h3>
            <p className="text-sm text-slate-600">{example.note}</p>
            <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs text-slate-100">
              {JSON.stringify(example.payload, null, 2)}
            </pre>
          </section>
        ))}
      </div>
    </main>
  );
}
