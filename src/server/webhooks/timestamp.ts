/** Payload timestamps: GMT, `YYYY-MM-DD hh:mm:ss.SSS` (the wire format the bot API expects). */
export function formatGmtTimestamp(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError("Cannot format an invalid Date");
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}
