/** The app as Playwright tests it: a production build on a fresh database. */
import { serveApp } from "../scripts/lib/serve-app";

void serveApp("start", { database: "test" });
