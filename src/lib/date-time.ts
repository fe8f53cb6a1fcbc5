/**
 * One way to write a moment, everywhere in the app: in the viewer's time zone with the zone
 * shown ("08:11:53 CET"), the day in front when it is not today ("28 Nov, 08:11:53 CET") and
 * the year when it is not this year. Milliseconds where events happen within one second
 * (attempts, a timeline). The exact UTC time goes in a hover title (formatUtc).
 */
export interface DateTimeOptions {
  precision?: "s" | "ms";
  /** What "today" is (tests pin it). */
  now?: Date;
  /** Tests pin these; the app uses the viewer's. */
  timeZone?: string;
  locale?: string;
}

export function formatDateTime(date: Date, options: DateTimeOptions = {}): string {
  const { precision = "s", now = new Date(), timeZone, locale } = options;
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const year = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric" }).format(d);
  const today = day(date) === day(now);
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone,
    ...(today ? {} : { day: "numeric", month: "short", ...(year(date) === year(now) ? {} : { year: "numeric" }) }),
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    ...(precision === "ms" ? { fractionalSecondDigits: 3 as const } : {}),
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(date);
  const zone = parts.find((p) => p.type === "timeZoneName")?.value;
  const rest = parts.filter((p) => p.type !== "timeZoneName");
  // Drop the separator Intl put before the zone.
  while (rest.length && rest[rest.length - 1]!.type === "literal") rest.pop();
  const time = rest.map((p) => p.value).join("");
  return zone ? `${time} ${zone}` : time;
}

/** "2026-12-01 07:11:53.123 UTC": what the hover title says, the same for every viewer. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().replace("T", " ").replace("Z", "")} UTC`;
}
