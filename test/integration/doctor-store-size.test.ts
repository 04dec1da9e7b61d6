import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LOWDB_COMFORT_SESSIONS } from '../../src/doctor/checks/store-lowdb.probe.js';
import { teamviewerChatops } from '../helpers/cli.js';

/** doctor tells an embedded-store user when the file has outgrown it (the measured limit in docs/performance.md). */
describe('teamviewer-chatops doctor on a large embedded store', () => {
  it('warns past the measured limit and points at PostgreSQL, without failing the run for it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tvco-doctor-size-'));
    const sessions = Array.from({ length: LOWDB_COMFORT_SESSIONS + 1 }, (_, i) => ({ id: `s${i}`, state: 'closed' }));
    await writeFile(join(dir, 'teamviewer-chatops.json'), JSON.stringify({ sessions, links: [] }));
    const env = {
      DATA_DIR: dir,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TEAMS_ENABLED: 'true',
      TEAMVIEWER_CLIENT_ID: 'size-test-client-1234',
      TEAMVIEWER_CLIENT_SECRET: 'size-test-secret-QWERTY5678',
      // Closed ports: those parts fail fast; this test is about the store lines.
      TEAMVIEWER_API_URL: 'http://127.0.0.1:9/api/v1',
      TEAMVIEWER_LOGIN_URL: 'http://127.0.0.1:9',
      PUBLIC_URL: 'http://127.0.0.1:9',
      UPSTREAM_TIMEOUT_MS: '2000',
    };
    const r = await teamviewerChatops(['doctor'], env);
    const store = r.stdout.split('\n').filter((l) => l.includes(' Store: '));
    expect(store).toContain(`✓ Store: ${join(dir, 'teamviewer-chatops.json')} is readable: ${LOWDB_COMFORT_SESSIONS + 1} sessions, 0 linked agents`);
    const warning = store.find((l) => l.startsWith('⚠ Store: '));
    expect(warning).toMatch(new RegExp(`${LOWDB_COMFORT_SESSIONS + 1} stored sessions .*→ move to PostgreSQL \\(DATABASE_URL`));
    expect(store.some((l) => l.startsWith('✗ Store'))).toBe(false);
  }, 60_000);
});
