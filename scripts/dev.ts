import { serveApp } from "./lib/serve-app";

void serveApp("dev");
