import { existsSync } from "node:fs";
import { serveApp } from "./lib/serve-app";

// `next start` serves production: secrets must then come from the environment.
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? "production" });
if (!existsSync(`${process.env.NEXT_DIST_DIR || ".next"}/BUILD_ID`)) {
  console.error("No production build found: run `npm run build` first.");
  process.exit(1);
}
void serveApp("start");
