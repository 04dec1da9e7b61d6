import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { dropSchema, newSchemaName, TEST_DATABASE_URL } from '../helpers/pg.js';
import { httpHop } from '../helpers/security.js';
import { cardsIn, dmsTo, buttonUrl, linkAgent, startTestStack, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;

if (!TEST_DATABASE_URL) {
  describe.skip('two bot replicas on PostgreSQL: skipped because TEST_DATABASE_URL is unset', () => {
    it('needs a database', () => undefined);
  });
} else {
  const url = TEST_DATABASE_URL;
  /** Two bot processes' worth of app (each its own HTTP server, pool, scheduler) on one database schema. */
  describe('two bot replicas on one PostgreSQL database', () => {
    let s: TestStack;
    let replicaUrl: string;
    const schema = newSchemaName('replicas');
    beforeAll(async () => {
      s = await startTestStack({ env: { DATABASE_URL: url, DATABASE_SCHEMA: schema } });
      replicaUrl = (await s.startReplica()).botUrl;
      await linkAgent(s, s.people.agent, 'u1000001');
    });
    afterAll(async () => {
      await s.stop();
      await dropSchema(url, schema);
    });

    it('a start sent to both replicas at once creates one TeamViewer session and one card', async () => {
      const say = () => s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${INC.number}` });
      s.slack.setBotUrl(`${s.botUrl}/slack/events`);
      const first = say();
      s.slack.setBotUrl(`${replicaUrl}/slack/events`);
      const second = say();
      s.slack.setBotUrl(`${s.botUrl}/slack/events`);
      expect((await Promise.all([first, second])).map((d) => d.status)).toEqual([200, 200]);
      await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0], 8000);
      await new Promise((r) => setTimeout(r, 500));
      expect(s.tv.state.sessions).toHaveLength(1);
      expect(cardsIn(s, s.people.channel)).toHaveLength(1);
      // The invitation went out once although both replicas run an outbox worker.
      await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com'));
      await new Promise((r) => setTimeout(r, 500));
      expect(s.smtp.messages.filter((m) => m.to.includes('abel.tuter@example.com'))).toHaveLength(1);
    });

    it('a one-time link handed out by one replica is opened on the other, and its OAuth state consumed back on the first', async () => {
      s.tv.consentAs('u1000002');
      await s.slack.sendCommand({ userId: s.people.otherAgent, channelId: s.people.channel, text: 'link' });
      const dm = await s.slack.waitFor(() => dmsTo(s, s.people.otherAgent).find((m) => buttonUrl(m, 'link.open')));
      const link = new URL(buttonUrl(dm, 'link.open') ?? '');
      // The browser reaches replica B for /start; TeamViewer redirects to PUBLIC_URL (replica A) for the callback.
      const onReplica = `${replicaUrl}${link.pathname}${link.search}`;
      const steps = await s.browser.open(onReplica);
      expect(steps[0]?.url.startsWith(replicaUrl)).toBe(true);
      expect(steps.at(-1)?.url.startsWith(s.botUrl)).toBe(true);
      expect(steps.at(-1)?.status).toBe(200);
      expect((await s.bot.store.links.list()).map((l) => l.name).sort()).toEqual(['Beth Anglin', 'Fred Luddy']);
      // Used once: a second visit, on either replica, is refused.
      expect((await httpHop(onReplica)).status).toBe(410);
    });

    it('a scheduled tick fired on both replicas runs on exactly one, however far apart they wake', async () => {
      const replica = await s.startReplica();
      const tick = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
      const [a, b] = await Promise.all([s.bot.core.runJob('tokens', tick), replica.bot.core.runJob('tokens', tick)]);
      expect([a.outcome, b.outcome].sort()).toEqual(['ok', 'skipped']);
      // The second replica waking only after the first has finished still finds the tick done.
      expect((await replica.bot.core.runJob('tokens', tick)).outcome).toBe('skipped');
      const later = new Date(Date.parse(tick) + 5 * 60_000).toISOString();
      expect((await replica.bot.core.runJob('tokens', later)).outcome).toBe('ok');
    });
  });
}
