#!/usr/bin/env node
/* eslint-disable no-console -- the sandbox talks to a person at a terminal */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLocale, LOCALES } from '../core/i18n/index.js';
import { isSandboxItsm, SANDBOX_ITSMS } from './itsm-sims.js';
import { startStack } from './stack.js';
import { sandboxRoutes } from './web/sandbox.routes.js';

/**
 * `npm run sandbox`: the bot plus simulators of Slack, TeamViewer, a service desk and SMTP, no credentials.
 * SANDBOX_ITSM picks the service desk (servicenow, jira, cherwell, matrix42, none). Drive it from the chat page the
 * bot serves at /sandbox (SANDBOX_OPEN=true opens it), or run `npm run sandbox:play` for a scripted conversation.
 * The simulated TeamViewer shows its consent page, so linking is walked through in the browser;
 * SANDBOX_AUTO_CONSENT=true skips it. SANDBOX_LOCALE=de makes Beth a German-speaking agent (her Slack profile says
 * de-DE) and German the organisation's language (DEFAULT_LOCALE), so chat, card, e-mail and journal are German.
 * Simulated Teams runs too (auth off), with its own view of the same story at /sandbox/teams.
 */
async function main(): Promise<void> {
  // A fresh store per run: the sandbox's ENCRYPTION_KEY is generated at start, so old tokens could not be read anyway.
  const dataDir = process.env.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'tvco-sandbox-')));
  const port = process.env.PORT ? Number(process.env.PORT) : 3000;
  const itsmKind = process.env.SANDBOX_ITSM?.trim().toLowerCase() || 'servicenow';
  if (!isSandboxItsm(itsmKind)) throw new Error(`SANDBOX_ITSM must be one of ${SANDBOX_ITSMS.join(', ')}`);
  const locale = process.env.SANDBOX_LOCALE?.trim().toLowerCase() || 'en';
  if (!isLocale(locale)) throw new Error(`SANDBOX_LOCALE must be one of ${LOCALES.join(', ')}`);
  const s = await startStack({ dataDir, port, itsm: itsmKind, locale, autoConsent: process.env.SANDBOX_AUTO_CONSENT === 'true', logLevel: process.env.LOG_LEVEL ?? 'warn', teams: {}, extraRoutes: sandboxRoutes });
  // Beth's two computers in TeamViewer, so `connect` and `jobs run assets` have something to find.
  s.tv.addDevice({ alias: 'PC-ABEL-01', teamviewerId: 123456789, userid: 'u1000001' });
  s.tv.addManagedDevice({ name: 'PC-FRED-01', teamviewerId: 444555666, managerUserids: ['u1000001'] });
  const numbers = s.itsm?.numbers;
  const seenMail = new Set<string>();
  const seenNotes = new Set<string>();
  const report = setInterval(() => {
    for (const m of s.smtp.messages) {
      if (seenMail.has(m.messageId)) continue;
      seenMail.add(m.messageId);
      console.log(`✉️  mail to ${m.to.join(', ')}: "${m.subject}"`);
    }
    for (const n of numbers ? [numbers.printer, numbers.vpn, numbers.laptop] : []) {
      s.itsm?.internalNotes(n).forEach((note, i) => {
        if (seenNotes.has(`${n}#${i}`)) return;
        seenNotes.add(`${n}#${i}`);
        console.log(`📝 ${itsmKind} note on ${n}: ${note.split('\n')[0] ?? ''}`);
      });
    }
  }, 500);
  report.unref();
  const pageUrl = `${s.botUrl}/sandbox`;
  console.log(`
teamviewer-chatops sandbox is running (nothing leaves this machine).

  ➜ Open this page:   ${pageUrl}
                      a chat client as Beth Anglin in #helpdesk: type /teamviewer start ${numbers?.printer ?? 'CASE-1 abel.tuter@example.com'}
                      and watch the customer's inbox and the ticket's journal beside it.
  ➜ Teams view:       ${pageUrl}/teams
                      the same as Beth in Microsoft Teams (#Helpdesk of team IT): post @TeamViewer start ${numbers?.printer ?? 'CASE-1 abel.tuter@example.com'}

  Bot                 ${s.botUrl}   (POST /slack/events, POST /api/messages, /oauth/teamviewer/*, /healthz, /readyz)
  Simulated Slack     ${s.slack.url}/   (the simulator's own no-script page) type: /teamviewer start ${numbers?.printer ?? 'CASE-1 abel.tuter@example.com'}
  Simulated Teams     ${s.teams?.sim.url ?? ''}   (Bot Framework connector; the bot's POST /api/messages, auth off:
                      the "WITHOUT authentication" warning above is expected here, and only here)
  Simulated TeamViewer ${s.tv.url}
  Simulated ${itsmKind.padEnd(10)} ${s.itsm ? `${s.itsm.url}   (${numbers?.printer ?? ''}: caller with e-mail and a computer; ${numbers?.vpn ?? ''}: no e-mail; ${numbers?.laptop ?? ''}: computer without TeamViewer ID)` : '(no service desk: any reference works)'}
  Simulated SMTP      127.0.0.1:${s.smtp.port}

You are Beth Anglin (Slack ${s.people.agent}) in #helpdesk (${s.people.channel}). The first command sends you a
DM with a one-time link; follow it, press Allow on the simulated TeamViewer consent page, and the command resumes
by itself. Try connect on a ticket too. Mails and ticket notes are printed below as they happen. Ctrl+C stops everything.
${locale === 'de' ? 'The bot speaks German (SANDBOX_LOCALE=de): to Beth, on the card, in the e-mail and in the journal.' : 'The bot speaks English; SANDBOX_LOCALE=de makes it German.'}
`);
  if (process.env.SANDBOX_OPEN === 'true') openInBrowser(pageUrl);
  const stop = () => {
    void s.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Best effort: a desktop without xdg-open (or without a desktop) still has the printed address. */
function openInBrowser(url: string): void {
  const child = spawn('xdg-open', [url], { detached: true, stdio: 'ignore' });
  child.on('error', (err) => console.log(`(could not start a browser: ${err.message}; open ${url} yourself)`));
  child.unref();
}

main().catch((err: unknown) => {
  console.error('sandbox failed to start:', err);
  process.exit(1);
});
