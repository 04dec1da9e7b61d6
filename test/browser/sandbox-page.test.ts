import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { request } from 'undici';
import { expect, it } from 'vitest';
import { buttonOf, describeInChromium, elements, label, linkThroughConsent, type, until, WAIT } from './sandbox-helpers.js';

const OUT = resolve(import.meta.dirname, '../../.ci/out');
const ZONE = 'Pacific/Auckland';

async function isPng(path: string): Promise<boolean> {
  const data = await readFile(path);
  return data.length > 1000 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

async function buttonLabels(scope: Locator): Promise<string[]> {
  return (await scope.locator('button.bk-btn').allInnerTexts()).map((t) => t.replace('↗', '').trim());
}

describeInChromium('sandbox page in a real Chromium', (open) => {
  it('plays start → link → consent → card → e-mail → journal → close by clicking, as Beth sees it', async () => {
    const sandbox = await open({ timezoneId: ZONE });
    const { s, context, page } = sandbox;
    const { channel } = s.people;
    const ticket = s.itsm?.numbers.printer ?? '';
    expect((await page.locator('#channels .chan').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '))).toEqual(['# helpdesk', 'TeamViewer APP']);

    await type(page, `/teamviewer start ${ticket}`);
    const command = await s.slack.waitFor(() => s.slack.state.deliveries.find((d) => d.kind === 'command'));
    expect(new URLSearchParams(command.body).get('text')).toBe(`start ${ticket}`);
    expect(command.delivery.status).toBe(200);

    // Not linked yet: the bot answers privately in #helpdesk and DMs a one-time link; Beth consents in a new tab.
    const { linkedHeading } = await linkThroughConsent(sandbox);
    expect(linkedHeading).toContain('Linked as Beth Anglin');

    // Back in the chat: the start resumed by itself; the card is the bot's own Block Kit.
    const card = await s.slack.waitFor(() => s.slack.messagesIn(channel).find((m) => buttonOf(m.blocks, 'session.close')), WAIT);
    const repliesTo = (ts: string) => s.slack.messagesIn(channel).filter((m) => m.threadTs === ts && m.ts !== ts);
    const currentVersion = async () => ((await (await fetch(`${s.botUrl}/sandbox/api/state`)).json()) as { version: string }).version;
    const header = (card.blocks?.find((b) => b.type === 'header')?.text as { text: string }).text;
    const shown = page.locator('#timeline .msg', { has: page.locator('.bk-header', { hasText: header }) });
    await shown.waitFor({ timeout: WAIT });
    const labels = elements(card.blocks).filter((e) => e.type === 'button').map(label);
    expect(labels.some((l) => /Join/.test(l))).toBe(true);
    expect(await buttonLabels(shown)).toEqual(labels);
    expect(await shown.locator(':scope > .msg-main > .msg-head > .app-badge').innerText()).toBe('APP');

    const token = /<!date\^(\d+)\^[^|>]*\|([^>]*)>/.exec(JSON.stringify(card.blocks));
    expect(token).not.toBeNull();
    const at = new Date(Number(token?.[1]) * 1000);
    const auckland = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hour: 'numeric', minute: '2-digit' }).format(at);
    const time = shown.locator(`time[datetime="${at.toISOString()}"]`).first();
    expect(await time.innerText()).toContain(auckland);
    expect(await time.getAttribute('title')).toBe(token?.[2]);

    const mail = await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com'), WAIT);
    const shownMail = page.locator('#inbox .mail', { hasText: mail.subject });
    await shownMail.waitFor({ timeout: WAIT });
    expect(await shownMail.locator('.mail-to').innerText()).toBe('abel.tuter@example.com');
    expect(await shownMail.locator('.mail-body').innerText()).toContain(mail.text.trim().split('\n')[0] ?? '');

    const started = await s.slack.waitFor(() => s.itsm?.internalNotes(ticket)[0], WAIT);
    await page.locator('#journal .note-body', { hasText: started.split('\n')[0] ?? '' }).waitFor({ timeout: WAIT });
    expect(await page.locator('#journal .ticket-no').first().innerText()).toBe(ticket);

    await s.slack.waitFor(() => repliesTo(card.ts)[0], WAIT);
    await until(async () => (await page.locator('body').getAttribute('data-version')) === (await currentVersion()), 'the page showing the latest state');
    await mkdir(OUT, { recursive: true });
    await page.screenshot({ path: `${OUT}/sandbox.png` });
    expect(await isPng(`${OUT}/sandbox.png`)).toBe(true);

    // A Join button leads outside the machine: the page says so, opens nothing, and the click still reaches the bot.
    const join = label(buttonOf(card.blocks, 'session.join_app') ?? {});
    const pages = context.pages().length;
    await shown.locator('button.bk-btn', { hasText: join }).click();
    const toast = page.locator('#toast', { hasText: 'would open get.teamviewer.com' });
    await toast.waitFor({ timeout: WAIT });
    await s.slack.waitFor(() => s.slack.state.deliveries.find((d) => d.kind === 'block_actions' && d.body.includes('session.join_app')));
    expect(context.pages()).toHaveLength(pages);
    await toast.click();

    const repliesBefore = repliesTo(card.ts).length;
    const close = buttonOf(card.blocks, 'session.close') ?? {};
    const confirm = close.confirm as { title: { text: string }; text: { text: string }; confirm: { text: string } };
    await shown.locator('button.bk-btn', { hasText: label(close) }).click();
    await page.locator('#confirm[open]').waitFor({ timeout: WAIT });
    expect(await page.locator('#confirm-title').innerText()).toBe(confirm.title.text);
    expect(await page.locator('#confirm-text').innerText()).toBe(confirm.text.text);
    expect(s.tv.state.sessions[0]?.state).not.toBe('Closed');
    await page.locator('#confirm-ok', { hasText: confirm.confirm.text }).click();

    await s.slack.waitFor(() => s.tv.state.sessions[0]?.state === 'Closed', WAIT);
    const closedCard = await s.slack.waitFor(() => s.slack.messagesIn(channel).find((m) => m.ts === card.ts && !buttonOf(m.blocks, 'session.close')), WAIT);
    await page.locator('#timeline .msg .bk-field', { hasText: 'Closed' }).first().waitFor({ timeout: WAIT });
    expect(await buttonLabels(shown)).toEqual(elements(closedCard.blocks).filter((e) => e.type === 'button').map(label));
    expect(await shown.locator(':scope > .msg-main > .msg-head > .edited').count()).toBe(1);
    const closeReply = await s.slack.waitFor(() => repliesTo(card.ts)[repliesBefore], WAIT);
    const plain = closeReply.text.replace(/[*_~`]/g, '');
    await until(async () => (await shown.locator('.thread .msg-body').allInnerTexts()).some((t) => t.includes(plain)), 'the close note in the card thread');
    const closeNote = await s.slack.waitFor(() => s.itsm?.internalNotes(ticket)[1], WAIT);
    await page.locator('#journal .note-body', { hasText: closeNote.split('\n')[0] ?? '' }).waitFor({ timeout: WAIT });
    expect(await page.locator('#journal .note').count()).toBe(s.itsm?.internalNotes(ticket).length);
    await page.screenshot({ path: `${OUT}/sandbox-closed.png` });
    expect(await isPng(`${OUT}/sandbox-closed.png`)).toBe(true);
  });

  it('refuses commands from another origin, from the browser and from a forged request', async () => {
    const { s, page } = await open({ timezoneId: ZONE });
    const body = JSON.stringify({ channel: s.people.channel, text: `/teamviewer start ${s.itsm?.numbers.printer ?? ''}` });
    const delivered = () => s.slack.state.deliveries.length;

    await page.goto(`${s.tv.url}/`);
    const fromOtherSite = await page.evaluate(
      async ({ url, body }) => {
        await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body });
        return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
          (r) => `status ${r.status}`,
          (e: unknown) => `blocked: ${String(e)}`,
        );
      },
      { url: `${s.botUrl}/sandbox/api/command`, body },
    );
    expect(fromOtherSite).toMatch(/^blocked: TypeError/);

    const forged = await request(`${s.botUrl}/sandbox/api/command`, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body });
    expect(forged.statusCode).toBe(403);
    expect(await forged.body.json()).toEqual({ ok: false, error: 'cross-origin request refused' });
    const asForm = await request(`${s.botUrl}/sandbox/api/command`, { method: 'POST', headers: { origin: s.botUrl, 'content-type': 'text/plain' }, body });
    expect(asForm.statusCode).toBe(415);
    await asForm.body.dump();
    const rebound = await request(`${s.botUrl}/sandbox/api/state`, { headers: { host: `evil.example:${new URL(s.botUrl).port}` } });
    expect(rebound.statusCode).toBe(403);
    await rebound.body.dump();
    expect(delivered()).toBe(0);

    const ok = await request(`${s.botUrl}/sandbox/api/command`, { method: 'POST', headers: { origin: s.botUrl, 'content-type': 'application/json' }, body });
    expect(ok.statusCode).toBe(200);
    await ok.body.dump();
    expect(delivered()).toBe(1);
  });
});
