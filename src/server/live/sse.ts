/**
 * Server-Sent Events framing (the WHATWG "event stream" format): fields one per line, a blank
 * line ends an event, a line starting with ":" is a comment (heartbeats). Data is one line of
 * JSON, so no payload can end an event early.
 */

export function sseEvent(event: string, data: unknown, id?: string): string {
  return `event: ${event}\n${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
}

export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

/** How long the browser's EventSource waits before it reconnects on its own. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}
