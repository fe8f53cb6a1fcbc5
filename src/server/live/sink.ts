/** Where a live stream's text goes: the HTTP adapter's response body (no HTTP types here). */
export interface LiveSink {
  /** Queues text; false when the reader is gone or too far behind, and the stream must end. */
  write(text: string): boolean;
  /** Ends the response. Called once. */
  close(): void;
}
