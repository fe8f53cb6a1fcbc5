/**
 * Vitest's global setup: one fresh database for the run (the embedded server in a temp
 * dir, or a new database on DATABASE_URL's server), dropped afterwards. Test workers
 * start after this and inherit DATABASE_URL and the secrets.
 */
import { ensureLocalSecrets } from "@/server/config/local-secrets";
import { startTestDatabase } from "@/server/db/bootstrap";

export default async function setup() {
  ensureLocalSecrets();
  const database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.ALLOW_PRIVATE_WEBHOOK_URLS ??= "true";
  return () => database.stop();
}
