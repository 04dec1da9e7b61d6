#!/usr/bin/env node
/* eslint-disable no-console -- the sandbox talks to a person at a terminal */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from './stack.js';

/**
 * `npm run sandbox`: the bot plus simulators of Slack, TeamViewer, ServiceNow and SMTP, no credentials.
 * Drive it from the simulated Slack page it prints, or run `npm run sandbox:play` for a scripted conversation.
 */
async function main(): Promise<void> {
  // A fresh store per run: the sandbox's ENCRYPTION_KEY is generated at start, so old tokens could not be read anyway.
  const dataDir = process.env.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'tvco-sandbox-')));
  const port = process.env.PORT ? Number(process.env.PORT) : 3000;
  const s = await startStack({ dataDir, port, autoConsent: process.env.SANDBOX_AUTO_CONSENT !== 'false', logLevel: process.env.LOG_LEVEL ?? 'warn' });
  const seenMail = new Set<string>();
  const seenNotes = new Set<string>();
  const report = setInterval(() => {
    for (const m of s.smtp.messages) {
      if (seenMail.has(m.messageId)) continue;
      seenMail.add(m.messageId);
      console.log(`✉️  mail to ${m.to.join(', ')}: "${m.subject}"`);
    }
    for (const rows of s.servicenow.state.tables.get('sys_journal_field') ?? []) {
      const id = rows.sys_id ?? '';
      if (seenNotes.has(id)) continue;
      seenNotes.add(id);
      console.log(`📝 ServiceNow ${rows.element}: ${(rows.value ?? '').split('\n')[0]}`);
    }
  }, 500);
  report.unref();
  console.log(`
teamviewer-chatops sandbox is running (nothing leaves this machine).

  Bot                 ${s.botUrl}   (POST /slack/events, /oauth/teamviewer/*, /healthz, /readyz)
  Simulated Slack     ${s.slack.url}/   ← open this page and type: /teamviewer start INC0010001
  Simulated TeamViewer ${s.tv.url}
  Simulated ServiceNow ${s.servicenow.url}   (INC0010001 … INC0010003, RITM0010001, REQ0010001)
  Simulated SMTP      127.0.0.1:${s.smtp.port}

You are Beth Anglin (Slack ${s.people.agent}) in #helpdesk (${s.people.channel}). The first command sends you a
DM with a one-time link; follow it to link the simulated TeamViewer account, and the command resumes by itself.
Mails and ticket work notes are printed below as they happen. Ctrl+C stops everything.
`);
  const stop = () => {
    void s.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('sandbox failed to start:', err);
  process.exit(1);
});
