import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dmsTo, linkAgent, startTestStack, type TestStack } from '../helpers/stack.js';
import { readDataFile } from '../helpers/security.js';

describe('the embedded store file', () => {
  let s: TestStack;
  afterEach(async () => {
    await s.stop();
  });

  it('stays private to the bot user after every write, even in a DATA_DIR that existed world-readable', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'tvco-mode-')), 'data');
    await mkdir(dataDir, { mode: 0o755 });
    s = await startTestStack({ dataDir });
    await linkAgent(s, s.people.agent, 'u1000001');
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, 'teamviewer-chatops.json'))).mode & 0o777).toBe(0o600);
  });

  it('loses no write when readiness probes run while commands are being handled', async () => {
    s = await startTestStack();
    const n = 30;
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < n; i++) {
      work.push(s.slack.sendCommand({ userId: i % 2 ? s.people.agent : s.people.otherAgent, channelId: s.people.channel, text: 'link' }));
      for (let j = 0; j < 3; j++) work.push(fetch(`${s.botUrl}/readyz`).then((r) => expect(r.status).toBe(200)));
    }
    await Promise.all(work);
    await s.slack.waitFor(() => dmsTo(s, s.people.agent).length + dmsTo(s, s.people.otherAgent).length === n, 10_000);
    const data = JSON.parse(await readDataFile(s)) as { linkTickets: unknown[] };
    expect(data.linkTickets).toHaveLength(n);
  });
});
