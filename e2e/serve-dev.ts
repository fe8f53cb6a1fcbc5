/** `npm run dev` as e2e/dev-server.spec.ts runs it: the development server, on a fresh database. */
import { serveApp } from "../scripts/lib/serve-app";

void serveApp("dev", { database: "test" });
