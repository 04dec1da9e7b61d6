import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { request } from 'undici';
import { expect, it } from 'vitest';
import type { TeamsMessage } from '../../src/simulators/index.js';
import { cardText, teamsCards, teamsDms, teamsWorld } from '../helpers/teams.js';
import { describeInChromium, type, until, WAIT } from './sandbox-helpers.js';

const OUT = resolve(import.meta.dirname, '../../.ci/out');
const ZONE = 'Pacific/Auckland';

type Action = { type: string; title: string; url?: string; verb?: string; card?: { body: { text: string }[]; actions: Action[] } };

/** Every action of the card's ActionSets, in order. */
function actionsOf(m: TeamsMessage): Action[] {
  const out: Action[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'ActionSet') out.push(...(o.actions as Action[]));
      else Object.values(o).forEach(walk);
    }
  };
  walk((m.attachments as { content: unknown }[] | undefined)?.map((a) => a.content));
  return out;
}

async function buttonLabels(scope: Locator): Promise<string[]> {
  return (await scope.locator(':scope > .tm-bubble > .ac-card > .ac-actions button.ac-btn').allInnerTexts()).map((t) => t.replace('↗', '').trim());
}

describeInChromium('sandbox Teams view in a real Chromium', (open) => {
  it('plays @TeamViewer start → link in the 1:1 chat → card with Join buttons → Close (ShowCard) → Closed', async () => {
    const { s, context, page } = await open({ stack: { teams: {} }, timezoneId: ZONE });
    const { sim, agent } = teamsWorld(s);
    const ticket = s.itsm?.numbers.printer ?? '';

    await page.locator('#teams-link').click();
    await page.waitForURL(/\/sandbox\/teams$/);
    await page.locator('#conn.ok').waitFor({ timeout: WAIT });
    expect((await page.locator('#conversations .tm-conv').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['IT IT › Helpdesk', 'TV TeamViewer']);

    await type(page, `@TeamViewer start ${ticket}`);
    const delivered = await sim.waitFor(() => sim.state.deliveries.find((d) => d.activity.type === 'message'));
    expect(delivered.activity.text).toBe(`<at>TeamViewer</at> start ${ticket}\n`);
    expect(delivered.status).toBe(200);
    const post = page.locator('#timeline .tm-post', { has: page.locator('.tm-text', { hasText: `start ${ticket}` }) });
    await post.locator('.tm-text .mention', { hasText: 'TeamViewer' }).waitFor({ timeout: WAIT });

    // Not linked yet: the bot DMs a one-time link; Beth opens the chat, presses the button and consents in a new tab.
    const dm = await sim.waitFor(() => teamsDms(s, agent).find((m) => /oauth\/teamviewer\/start/.test(cardText(m))), WAIT);
    const linkAction = actionsOf(dm).find((a) => a.type === 'Action.OpenUrl' && /oauth\/teamviewer\/start/.test(a.url ?? ''));
    const chat = page.locator('#conversations .tm-conv.unread', { hasText: 'TeamViewer' });
    await chat.waitFor({ timeout: WAIT });
    await chat.click();
    const [consent] = await Promise.all([context.waitForEvent('page'), page.locator('#timeline button.ac-btn', { hasText: linkAction?.title ?? '?' }).click()]);
    await consent.locator('button[value="allow"]').click();
    await consent.waitForURL(/\/oauth\/teamviewer\/callback/, { timeout: WAIT });
    expect(await consent.locator('h1').innerText()).toContain('Linked as Beth Anglin');
    await consent.close();
    await page.bringToFront();
    await page.locator('#conversations .tm-conv', { hasText: 'Helpdesk' }).click();

    // The start resumed by itself: the session card in the post's thread, rendered from the bot's Adaptive Card.
    const card = await sim.waitFor(() => teamsCards(s)[0], WAIT);
    expect(card.threadRootId).toBe(String(delivered.activity.id));
    const shown = post.locator('.tm-replies .tm-msg', { has: page.locator('.ac-card', { hasText: 'Printer offline on 3rd floor' }) });
    await shown.waitFor({ timeout: WAIT });
    const top = actionsOf(card).map((a) => a.title);
    expect(top.filter((t) => /Join/.test(t)).length).toBeGreaterThan(0);
    expect(await buttonLabels(shown)).toEqual(top);
    const tvSession = s.tv.state.sessions[0];
    expect(await shown.locator('.ac-facts').innerText()).toContain(tvSession?.code ?? '?');

    const date = /\{\{DATE\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ), SHORT\)\}\}/.exec(cardText(card));
    const at = new Date(date?.[1] ?? '');
    const lang = (card.attachments?.[0] as { content: { lang?: string } }).content.lang ?? 'en-US';
    const auckland = new Intl.DateTimeFormat(lang, { timeZone: ZONE, weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' }).format(at);
    expect(await shown.locator(`time[datetime="${at.toISOString()}"]`).first().innerText()).toBe(auckland);

    const mail = await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com'), WAIT);
    await page.locator('#inbox .mail', { hasText: mail.subject }).waitFor({ timeout: WAIT });
    const started = await sim.waitFor(() => s.itsm?.internalNotes(ticket)[0], WAIT);
    await page.locator('#journal .note-body', { hasText: started.split('\n')[0] ?? '' }).waitFor({ timeout: WAIT });

    // Join leads outside the machine: the page says so and opens nothing (Action.OpenUrl sends the bot nothing).
    const pages = context.pages().length;
    await shown.locator('button.ac-btn', { hasText: top.find((t) => /Join/.test(t)) ?? '?' }).first().click();
    await page.locator('#toast', { hasText: 'The link is simulated' }).waitFor({ timeout: WAIT });
    expect(context.pages()).toHaveLength(pages);
    await page.locator('#toast').click();

    // Close asks first: the ShowCard unfolds the question and the real button; only that reaches the bot.
    const close = actionsOf(card).find((a) => a.type === 'Action.ShowCard');
    const invokes = () => sim.state.deliveries.filter((d) => d.activity.type === 'invoke').length;
    await shown.locator('button.ac-btn', { hasText: close?.title ?? '?' }).click();
    const confirm = shown.locator('.ac-showcard');
    await confirm.waitFor({ timeout: WAIT });
    expect(await confirm.innerText()).toContain(close?.card?.body[0]?.text ?? '?');
    expect(invokes()).toBe(0);
    await until(async () => (await page.locator('body').getAttribute('data-version')) === ((await (await fetch(`${s.botUrl}/sandbox/teams/api/state`)).json()) as { version: string }).version, 'the page showing the latest state');
    await mkdir(OUT, { recursive: true });
    await page.screenshot({ path: `${OUT}/sandbox-teams.png` });

    await confirm.locator('button.ac-btn', { hasText: close?.card?.actions[0]?.title ?? '?' }).click();
    await sim.waitFor(() => s.tv.state.sessions[0]?.state === 'Closed', WAIT);
    const invoke = sim.state.deliveries.find((d) => d.activity.type === 'invoke');
    expect((invoke?.activity.value as { action: { verb: string } }).action.verb).toBe(close?.card?.actions[0]?.verb);
    await shown.locator('.ac-facts tr', { has: page.locator('th', { hasText: 'State' }) }).locator('td', { hasText: /^Closed$/ }).waitFor({ timeout: WAIT });
    expect(await buttonLabels(shown)).toEqual(actionsOf(sim.message(card.id) ?? card).map((a) => a.title));
    const closeNote = await sim.waitFor(() => s.itsm?.internalNotes(ticket)[1], WAIT);
    await page.locator('#journal .note-body', { hasText: closeNote.split('\n')[0] ?? '' }).waitFor({ timeout: WAIT });
    await page.screenshot({ path: `${OUT}/sandbox-teams-closed.png` });
  });

  it('refuses other origins and hosts, non-JSON posts, and buttons the card does not have', async () => {
    const { s } = await open({ stack: { teams: {} }, timezoneId: ZONE });
    const { sim, channel } = teamsWorld(s);
    const url = `${s.botUrl}/sandbox/teams/api/message`;
    const body = JSON.stringify({ conversation: channel.id, text: '@TeamViewer help' });
    const forged = await request(url, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body });
    expect(forged.statusCode).toBe(403);
    expect(await forged.body.json()).toEqual({ ok: false, error: 'cross-origin request refused' });
    const asForm = await request(url, { method: 'POST', headers: { origin: s.botUrl, 'content-type': 'text/plain' }, body });
    expect(asForm.statusCode).toBe(415);
    await asForm.body.dump();
    const rebound = await request(`${s.botUrl}/sandbox/teams/api/state`, { headers: { host: `evil.example:${new URL(s.botUrl).port}` } });
    expect(rebound.statusCode).toBe(403);
    await rebound.body.dump();
    expect(sim.state.deliveries).toHaveLength(0);

    const ok = await request(url, { method: 'POST', headers: { origin: s.botUrl, 'content-type': 'application/json' }, body });
    expect(ok.statusCode).toBe(200);
    await ok.body.dump();
    const help = await sim.waitFor(() => sim.messagesIn(channel.id).find((m) => m.from === 'bot' && (m.attachments?.length ?? 0) > 0), WAIT);
    const made = await request(`${s.botUrl}/sandbox/teams/api/action`, {
      method: 'POST',
      headers: { origin: s.botUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: help.id, kind: 'execute', verb: 'session.close', data: { action: 'session.close', value: 'INC0010001' } }),
    });
    expect(made.statusCode).toBe(409);
    await made.body.dump();
    expect(sim.state.deliveries.filter((d) => d.activity.type === 'invoke')).toHaveLength(0);
  });
});
