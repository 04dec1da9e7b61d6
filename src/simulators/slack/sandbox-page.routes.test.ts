import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, startFakeBot, type FakeBot } from './fake-bot.test-helper.js';
import { startSlackSim, type SlackSim } from './slack.simulator.js';

let sim: SlackSim;
let bot: FakeBot;

beforeEach(async () => {
  sim = await startSlackSim({ signingSecret: 's', botToken: 't' });
  bot = await startFakeBot('s', (r) => (r.form.get('command') ? { body: 'ack <b>' } : undefined));
  sim.setBotUrl(bot.url);
});
afterEach(async () => {
  await sim.stop();
  await bot.stop();
});

describe('sandbox page', () => {
  it('types a command, shows the escaped reply, and clicks a posted button', async () => {
    const u = sim.addUser({ name: 'alice' });
    const c = sim.addChannel({ name: 'helpdesk' });
    const form = (path: string, fields: Record<string, string>) =>
      fetch(sim.url + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const res = await form('/ui/command', { user: u.id, channel: c.id, command: '/teamviewer', text: 'start INC1' });
    expect(res.status).toBe(302);
    expect(bot.received[0]?.form.get('text')).toBe('start INC1');
    const html = await (await fetch(`${sim.url}/?user=${u.id}&channel=${c.id}`)).text();
    expect(html).toContain('ack &#60;b&#62;');

    const blocks = [{ type: 'actions', elements: [{ type: 'button', action_id: 'join', text: { type: 'plain_text', text: 'Join' } }] }];
    const posted = await callApi(sim.apiUrl, 'chat.postMessage', { channel: c.id, text: 'card', blocks }, 't');
    expect(await (await fetch(`${sim.url}/?user=${u.id}&channel=${c.id}`)).text()).toContain('>Join</button>');
    await form('/ui/click', { user: u.id, channel: c.id, ts: String(posted.ts), ephemeral: '', action: 'join' });
    expect(JSON.parse(bot.received[1]!.form.get('payload')!)).toMatchObject({ actions: [{ action_id: 'join' }] });
  });
});
