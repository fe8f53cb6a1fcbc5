/** Links in mails point at the app's public URL (NEXTAUTH_URL; docs/mail.md). */
import { publicBaseUrl } from "@/server/config/env";

/** An absolute URL for a path of the app, e.g. appLink("/invitations/accept", { token }). */
export function appLink(path: string, query: Record<string, string> = {}): string {
  const url = new URL(path.startsWith("/") ? path : `/${path}`, `${publicBaseUrl()}/`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}
