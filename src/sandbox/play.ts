#!/usr/bin/env node
/* eslint-disable no-console -- prints the conversation for a person to read */
import { MiniBrowser } from './browser.js';
import { isSandboxItsm } from './itsm-sims.js';
import { startStack } from './stack.js';

type Block = Record<string, unknown>;
const buttons = (blocks: Block[] | undefined): Block[] => (blocks ?? []).flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Block[]) : []));
const button = (blocks: Block[] | undefined, ours: string) => buttons(blocks).find((e) => String(e.action_id).startsWith(`${ours}:`));

/**
 * `npm run sandbox:play`: plays one whole conversation against the sandbox and prints what every side saw:
 * start → link by DM → consent → card → e-mail → ticket note → close. SANDBOX_ITSM picks the service desk
 * (servicenow by default; any but `none`). Exits non-zero if a step fails.
 */
async function main(): Promise<void> {
  const kind = process.env.SANDBOX_ITSM?.trim().toLowerCase() || 'servicenow';
  if (!isSandboxItsm(kind) || kind === 'none') throw new Error('SANDBOX_ITSM must be servicenow, jira, cherwell or matrix42');
  const s = await startStack({ logLevel: 'warn', itsm: kind });
  const itsm = s.itsm;
  if (!itsm) throw new Error('no service desk simulator');
  const ticket = itsm.numbers.printer;
  const step = (t: string) => console.log(`\n▶ ${t}`);
  try {
    const { agent, channel } = s.people;
    step(`Beth types /teamviewer start ${ticket} in #helpdesk (${kind})`);
    const ack = await s.slack.sendCommand({ userId: agent, channelId: channel, text: `start ${ticket}` });
    console.log(`  Slack got the ack in ${Math.round(ack.ackMs)} ms: ${(JSON.parse(ack.body) as { text: string }).text}`);

    const dm = await s.slack.waitFor(() => s.slack.messagesIn(s.slack.state.dms.get(agent) ?? '').find((m) => button(m.blocks as Block[], 'link.open')));
    const linkUrl = String(button(dm.blocks, 'link.open')?.url);
    step('The bot DMs a one-time link; Beth opens it in her browser');
    for (const st of await new MiniBrowser().open(linkUrl)) console.log(`  ${st.status} ${new URL(st.url).origin}${new URL(st.url).pathname}`);

    const card = await s.slack.waitFor(() => s.slack.messagesIn(channel).find((m) => /TeamViewer session/.test(m.text)), 10_000);
    step('Linked; the start resumed by itself and the session card is in #helpdesk');
    console.log(`  ${card.text}`);
    console.log(`  buttons: ${buttons(card.blocks as Block[]).map((b) => (b.text as { text: string }).text).join(' | ')}`);

    const mail = await s.smtp.waitForMessage();
    step(`The requester got an e-mail: "${mail.subject}" → ${mail.to.join(', ')}`);
    const note = await s.slack.waitFor(() => itsm.internalNotes(ticket)[0]);
    step(`Internal note on ${ticket}`);
    console.log(`  ${note.split('\n')[0] ?? ''}`);

    step('Beth presses "Close session"');
    await s.slack.clickButton({ userId: agent, message: card, actionId: String(button(card.blocks, 'session.close')?.action_id) });
    await s.slack.waitFor(() => (s.tv.state.sessions[0]?.state === 'Closed' ? true : undefined));
    // The card is updated after TeamViewer confirms the close: wait for it rather than print the old text.
    const closed = await s.slack.waitFor(() => s.slack.messagesIn(channel).find((m) => m.ts === card.ts && /Closed/.test(m.text)));
    console.log(`  TeamViewer session state: ${s.tv.state.sessions[0]?.state}; card now reads: ${closed.text}`);
    console.log('\n✔ conversation complete');
  } finally {
    await s.stop();
  }
}

main().catch((err: unknown) => {
  console.error('\n✘ the conversation failed:', err);
  process.exit(1);
});
