/**
 * Development and tests need secrets nobody should have to invent: they are generated
 * once into .data/secrets.json (git-ignored) and reused, so sessions and encrypted
 * tokens survive restarts. Production must set them itself.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const REQUIRED = ["NEXTAUTH_SECRET", "APP_ENCRYPTION_KEY"] as const;

/** Production started without its secrets: the message says what to set, no stack is needed. */
export class MissingSecrets extends Error {}

export function ensureLocalSecrets(dataDir = path.join(process.cwd(), ".data")): void {
  const missing = REQUIRED.filter((name) => !process.env[name]);
  if (missing.length === 0) return;
  if (process.env.NODE_ENV === "production") {
    throw new MissingSecrets(
      `${missing.join(" and ")} must be set in production. Generate each with: node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`,
    );
  }
  const file = path.join(dataDir, "secrets.json");
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString("hex");
      changed = true;
    }
    process.env[name] = stored[name];
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
}
