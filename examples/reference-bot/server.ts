/**
 * Runs the reference bot with its settings from the environment:
 *
 *   VERIFICATION_TOKEN=my-token npx tsx examples/reference-bot/server.ts
 *
 * See README.md beside this file for every variable and how to wire it to an integration.
 */
import { startReferenceBot } from "./bot";
import { ConfigError, configFromEnv, configWarnings } from "./config";

async function main() {
  let config;
  try {
    config = configFromEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`✖ ${error.message} (see examples/reference-bot/README.md)`);
    process.exit(1);
  }
  let bot;
  try {
    bot = await startReferenceBot(config);
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    console.error(`✖ ${inUse ? `Port ${config.port} is already in use: set PORT to another one` : String(error)}`);
    process.exit(1);
  }
  console.log(`Reference bot listening on ${bot.url} (${config.accessToken ? "IMI BOT: checks the Bearer access token" : "OTHERS: answers with the verification token"})`);
  for (const warning of configWarnings(config)) console.log(`! ${warning}`);
  const stop = () => void bot.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
