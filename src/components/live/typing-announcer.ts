/**
 * Telling the other side that someone is typing, cheaply: "typing" at most every RESEND_MS while
 * keys are pressed, "stopped" after IDLE_MS without one or when the message is sent. One timer,
 * and only while typing. Shared by the web chat and the agent desk.
 */
const RESEND_MS = 3_000;
const IDLE_MS = 4_000;

export class TypingAnnouncer {
  private sentAt = 0;
  private on = false;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly send: (typing: boolean) => void) {}

  /** The text changed; `active` is false once the box is empty. */
  input(active: boolean): void {
    if (!active) return this.stop();
    const now = Date.now();
    if (!this.on || now - this.sentAt >= RESEND_MS) {
      this.on = true;
      this.sentAt = now;
      this.send(true);
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
  }

  /** Sent, emptied, or gone quiet. */
  stop(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    if (!this.on) return;
    this.on = false;
    this.send(false);
  }
}
