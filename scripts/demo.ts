/**
 * `npm run demo`: the whole journey on your machine in two minutes. Starts the reference bot
 * (examples/reference-bot) on 127.0.0.1:4000, then the app as `npm run dev` does, with a demo
 * tenant wired to the bot (created once, reused afterwards):
 *   - an owner who can sign in (email and password printed),
 *   - an OTHERS integration "Reference bot" pointing at the bot (verified, ACTIVE),
 *   - the built-in agent desk as CCSP,
 *   - a WEB_CHAT channel "Website chat",
 *   - a service "Demo support" with both mapped and BOT + CCSP rules for messages and postbacks.
 * The bot runs in this process: it answers the first Verification with its verification token,
 * then gets the integration's signing secret and inbound webhook secret (rotated on every run,
 * as the platform shows a secret only once) and checks every signature from then on.
 *
 *   npm run demo                        # app on PORT (3000), bot on DEMO_BOT_PORT (4000)
 */
import { signUp } from "../src/server/accounts/sign-up";
import { hashPassword } from "../src/server/accounts/password";
import { createChannelAsset } from "../src/server/channels/create";
import { db, type Db } from "../src/server/db/client";
import { BootstrapError } from "../src/server/db/bootstrap";
import { createIntegration } from "../src/server/integrations/create";
import { inboundWebhookUrl } from "../src/server/integrations/inbound-webhook";
import { defaultOutbound } from "../src/server/net/outbound-options";
import { rotateInboundSecret } from "../src/server/integrations/rotate-secret";
import { revealSigningSecret } from "../src/server/integrations/signing-secret";
import type { Actor } from "../src/server/tenancy/actor";
import { createTenant } from "../src/server/tenancy/create-tenant";
import { updateIntegration } from "../src/server/integrations/update";
import { verifyIntegration } from "../src/server/integrations/verify";
import { verifyDraft } from "../src/server/integrations/verify-draft";
import { embeddedWork } from "../src/server/jobs/embedded-work";
import { createRule } from "../src/server/services/rules/create";
import { attachAsset } from "../src/server/services/attach-asset";
import { mapIntegration } from "../src/server/services/map-integration";
import { createService } from "../src/server/services/create";
import { startReferenceBot, type ReferenceBot } from "../examples/reference-bot/bot";
import { serveApp } from "./lib/serve-app";

const DEMO = {
  email: "demo@example.com",
  password: "switchboard-demo",
  name: "Demo Owner",
  organization: "Demo Company",
  bot: "Reference bot",
  desk: "Agent desk",
  channel: "Website chat",
  service: "Demo support",
  verificationToken: "reference-bot-demo-token",
};

async function main() {
  const botPort = Number(process.env.DEMO_BOT_PORT ?? 4000);
  let bot: ReferenceBot;
  try {
    bot = await startReferenceBot(
      { port: botPort, host: "127.0.0.1", verificationToken: DEMO.verificationToken },
      { log: (line) => console.log(`[bot] ${line}`) },
    );
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    console.error(`\n✖ The reference bot cannot listen on 127.0.0.1:${botPort}${inUse ? ": the port is in use. Set DEMO_BOT_PORT to another one." : `: ${String(error)}`}\n`);
    process.exit(1);
  }
  console.log(`[bot] reference bot listening on ${bot.url}`);

  await serveApp("dev", {
    prepare: async ({ databaseUrl, appUrl }) => {
      // This process talks to the database itself (the domain functions), as the app will.
      process.env.DATABASE_URL = databaseUrl;
      process.env.NEXTAUTH_URL ??= appUrl;
      const demo = await setUpDemo(db(), bot);
      return [
        "  ➜ Demo tenant ready:",
        `      sign in:     ${appUrl}/sign-in   as ${DEMO.email} / ${DEMO.password}`,
        `      web chat:    ${appUrl}/chat/${demo.assetId}`,
        `      agent desk:  ${appUrl}/agent-desk   (after signing in)`,
        `      bot:         ${bot.url} (integration "${DEMO.bot}", ${demo.botStatus})`,
        `      verification token: ${DEMO.verificationToken}`,
        '    Say "hello" in the web chat, tap "Talk to an agent", answer from the agent desk, say "bye" to close.',
        "",
        "  ➜ Connect another organization (one you sign up for at /sign-up) to the same bot:",
        `      1. Integrations → Add integration → Generic bot → OTHERS: webhook URL ${bot.url}, verification token ${DEMO.verificationToken}`,
        `      2. Open the bot's page, ${new URL("/", bot.url).toString()}, and paste the signing secret the wizard shows (with the token); then Verify and Save`,
        "      3. Paste the inbound webhook URL and secret that Save shows once into the bot's page, so the bot can reply",
        "      4. Channels → add a Web chat channel; Services → add a service, attach the channel, map the bot, add a rule (Incoming message → BOT)",
      ].join("\n");
    },
  });
}

async function setUpDemo(database: Db, bot: ReferenceBot) {
  const actor = await ensureOwner(database);
  const outbound = defaultOutbound();
  // Set up before the app starts: any release happens here, in this process.
  const work = embeddedWork(database);

  // The bot integration: Verify (the bot answers with its token), then Save with the ticket.
  let botIntegration = await database.integration.findFirst({ where: { tenantId: actor.tenantId, name: DEMO.bot } });
  let inboundSecret: string;
  if (!botIntegration) {
    const draft = await verifyDraft(actor, { url: bot.url, token: DEMO.verificationToken }, outbound);
    if (!draft.ok) throw new BootstrapError(`The reference bot at ${bot.url} did not pass Verify: ${draft.reason}`);
    const created = await createIntegration(
      database,
      actor,
      { platform: "OTHERS", name: DEMO.bot, url: bot.url, token: DEMO.verificationToken, verificationTicket: draft.ticket },
      outbound,
      work,
    );
    inboundSecret = created.inboundSecret!;
    botIntegration = await database.integration.findUniqueOrThrow({ where: { id: created.id } });
  } else {
    // The platform shows an inbound secret once: a new one for this run's bot.
    inboundSecret = (await rotateInboundSecret(database, actor, botIntegration.id)).inboundSecret;
  }
  const { signingSecret } = await revealSigningSecret(database, actor, botIntegration.id);
  bot.configure({ signingSecret, inboundSecret, platformEventsUrl: inboundWebhookUrl(botIntegration.id) });

  // Reused: point it at this run's bot (a new port), or bring it back if it was deactivated meanwhile.
  if (botIntegration.url !== bot.url) {
    const updated = await updateIntegration(database, actor, { id: botIntegration.id, name: DEMO.bot, url: bot.url, token: DEMO.verificationToken }, outbound, work);
    if (updated.verification && !updated.verification.ok) throw new BootstrapError(`Verifying the reference bot failed: ${updated.verification.reason}`);
  } else if (botIntegration.status !== "ACTIVE") {
    const verified = await verifyIntegration(database, actor, botIntegration.id, outbound, work);
    if (!verified.ok) throw new BootstrapError(`Verifying the reference bot failed: ${verified.reason}`);
  }
  const botStatus = (await database.integration.findUniqueOrThrow({ where: { id: botIntegration.id }, select: { status: true } })).status;

  const desk =
    (await database.integration.findFirst({ where: { tenantId: actor.tenantId, platform: "BUILT_IN" }, select: { id: true } })) ??
    (await createIntegration(database, actor, { platform: "BUILT_IN", name: DEMO.desk }, outbound, work));

  const assetId =
    (await database.channelAsset.findFirst({ where: { tenantId: actor.tenantId, type: "WEB_CHAT", name: DEMO.channel }, select: { id: true } }))?.id ??
    (await createChannelAsset(database, actor, { type: "WEB_CHAT", name: DEMO.channel, allowedOrigins: [] })).asset.id;

  const service =
    (await database.service.findFirst({ where: { tenantId: actor.tenantId, name: DEMO.service }, select: { id: true } })) ??
    (await createService(database, actor, { name: DEMO.service }));
  await attachAsset(database, actor, { serviceId: service.id, assetId });
  for (const integrationId of [botIntegration.id, desk.id]) await mapIntegration(database, actor, { serviceId: service.id, integrationId });

  // Messages and quick-reply postbacks: the bot first, the desk once the bot hands over.
  const events = new Set((await database.rule.findMany({ where: { serviceId: service.id }, select: { event: true } })).map((r) => r.event));
  for (const event of ["INCOMING_MESSAGE", "POSTBACK"] as const) {
    if (events.has(event)) continue;
    await createRule(database, actor, {
      serviceId: service.id,
      channelAssetId: assetId,
      event,
      conditions: [],
      actionType: "BOT_CCSP",
      botIntegrationId: botIntegration.id,
      ccspIntegrationId: desk.id,
      handoverWhenBotUnavailable: true,
      handoverOnFirstFailure: false,
      enabled: true,
    });
  }
  return { assetId, botStatus };
}

/** The demo owner and their organization; the password is reset to the printed one on every run. */
async function ensureOwner(database: Db): Promise<Actor> {
  const user = await database.user.findUnique({ where: { email: DEMO.email }, select: { id: true } });
  if (!user) {
    const owner = await signUp(database, { name: DEMO.name, email: DEMO.email, password: DEMO.password, organizationName: DEMO.organization });
    return { ...owner, role: "OWNER" };
  }
  await database.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(DEMO.password) } });
  const membership = await database.membership.findFirst({
    where: { userId: user.id, role: "OWNER", tenant: { name: DEMO.organization } },
    select: { tenantId: true },
  });
  if (membership) return { userId: user.id, tenantId: membership.tenantId, role: "OWNER" };
  const tenant = await createTenant(database, user.id, DEMO.organization);
  return { userId: user.id, tenantId: tenant.id, role: "OWNER" };
}

void main();
