/**
 * How a WEB_CHAT channel's chat looks, on the hosted page and in the embed's launcher: a title,
 * a greeting shown at the start of the conversation, an accent colour, the initials in its avatar
 * and the launcher's corner. Kept in ChannelAsset.settings.widget. No server imports: the chat's
 * browser code and the channel page's form read the same shape.
 */
import { z } from "zod";

export const LAUNCHER_POSITIONS = ["bottom-right", "bottom-left"] as const;
export type LauncherPosition = (typeof LAUNCHER_POSITIONS)[number];

export const DEFAULT_ACCENT = "#4f46e5";

/** No control characters (a newline is fine in a greeting). */
const plain = (max: number, what: string, lines = false) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${what} to ${max} characters`)
    .refine((text) => !(lines ? /[\u0000-\u0009\u000b-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/).test(text), `The ${what} has control characters`);

export const widgetSettingsSchema = z.strictObject({
  /** Empty: the organization's name. */
  title: plain(60, "title"),
  /** Empty: no greeting. */
  greeting: plain(500, "greeting", true),
  accentColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "The accent colour is a hex colour like #4f46e5")
    .transform((colour) => colour.toLowerCase()),
  /** Up to two letters or digits; empty: the title's first letter. */
  initials: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}]{0,2}$/u, "Initials are up to two letters or digits"),
  launcherPosition: z.enum(LAUNCHER_POSITIONS, "Choose bottom right or bottom left"),
});

export type WidgetSettings = z.output<typeof widgetSettingsSchema>;

export const DEFAULT_WIDGET: WidgetSettings = { title: "", greeting: "", accentColor: DEFAULT_ACCENT, initials: "", launcherPosition: "bottom-right" };

/** The stored settings, or the defaults for anything missing or unreadable (a row never breaks the chat). */
export function readWidgetSettings(settings: unknown): WidgetSettings {
  const stored = (settings as { widget?: unknown } | null)?.widget;
  if (!stored || typeof stored !== "object") return DEFAULT_WIDGET;
  const result: WidgetSettings = { ...DEFAULT_WIDGET };
  for (const key of Object.keys(DEFAULT_WIDGET) as (keyof WidgetSettings)[]) {
    const field = widgetSettingsSchema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
    if (field.success) (result as Record<string, string>)[key] = field.data;
  }
  return result;
}

/** What the visitor sees, with the fallbacks applied. */
export interface ShownWidget {
  title: string;
  greeting: string | null;
  accentColor: string;
  /** Readable text on the accent colour: white or near-black. */
  accentText: string;
  initials: string;
  launcherPosition: LauncherPosition;
}

export function shownWidget(settings: WidgetSettings, organizationName: string): ShownWidget {
  const title = settings.title || organizationName;
  return {
    title,
    greeting: settings.greeting || null,
    accentColor: settings.accentColor,
    accentText: readableOn(settings.accentColor),
    initials: (settings.initials || title.trim().charAt(0) || "?").toUpperCase(),
    launcherPosition: settings.launcherPosition,
  };
}

/** White on dark colours, near-black on light ones (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return luminance > 0.4 ? "#0f172a" : "#ffffff";
}
