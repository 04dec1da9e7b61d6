import { MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { teamviewerChatops } from '../helpers/cli.js';
import { SANDBOX_SECRETS } from '../../src/sandbox/stack.js';
import { SERVICENOW_SEED, startSlackSim, type SlackSim } from '../../src/simulators/index.js';
import { readDataDirLock } from '../../src/store/lowdb/data-dir-lock.js';
import { dropSchema, newSchemaName, TEST_DATABASE_URL } from '../helpers/pg.js';
import { linkAgent, startTestStack, type TestStack } from '../helpers/stack.js';

const PRINTER = SERVICENOW_SEED.incidents.printer;

/** `teamviewer-chatops doctor …` with the settings in the environment only (empty ones left out, as unset). */
const doctor = (args: string[], env: Record<string, string>) => teamviewerChatops(['doctor', ...args], Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));

const linesOf = (out: string) => out.split('\n').filter((l) => /^[✓✗⚠ℹ] /.test(l));

async function closedPort(): Promise<number> {
  return new Promise((done, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => done(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

interface JsonReport {
  ok: boolean;
  exitCode: number;
  counts: Record<'ok' | 'info' | 'warn' | 'fail', number>;
  checks: Array<{ part: string; status: string; message: string; fix?: string }>;
}

describe('teamviewer-chatops doctor', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
  });
  afterAll(async () => {
    await s.stop();
  });

  it('passes every check of a good configuration against the simulators, the running bot included, and exits 0', async () => {
    const tokenCallsBefore = s.tv.requests.filter((r) => r.path === '/api/v1/oauth2/token').length;
    const r = await doctor(['--ticket', PRINTER.number], s.env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    expect(lines.filter((l) => /^[✗⚠]/.test(l))).toEqual([]);
    const port = new URL(s.botUrl).port;
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^✓ Store: DATA_DIR \S+ exists and is writable$/),
        expect.stringMatching(/^✓ Store: \S+teamviewer-chatops\.json is readable: 0 sessions, 1 linked agent$/),
        '✓ Store: ENCRYPTION_KEY opens the stored TeamViewer tokens',
        expect.stringMatching(new RegExp(`^✓ Store: a running bot \\(pid ${process.pid}, since \\S+\\) holds DATA_DIR and answers on its control socket$`)),
        expect.stringMatching(/^✓ Slack: auth\.test: signed in as bot @\S+ \(U\w+\) in workspace \S+/),
        '✓ Slack: the token has all 8 scopes manifests/slack-app.yaml asks for',
        expect.stringMatching(/^ℹ Slack: SLACK_SIGNING_SECRET cannot be verified from here/),
        expect.stringMatching(/^✓ TeamViewer: Web API at http:\/\/127\.0\.0\.1:\d+ answers \(GET \/ping: HTTP 200\)$/),
        `✓ TeamViewer: OAuth app ${SANDBOX_SECRETS.clientId}: client id and secret accepted by the token endpoint (a made-up code was refused as invalid_grant, as expected)`,
        `ℹ TeamViewer: redirect URI the bot uses: http://127.0.0.1:${port}/oauth/teamviewer/callback (must be registered exactly so on the app in the Management Console → Edit profile → Apps)`,
        expect.stringMatching(/^✓ ITSM: ServiceNow tickets: /),
        `✓ ITSM: ticket ${PRINTER.number} "Printer offline on 3rd floor" (In Progress): requester Abel Tuter with an e-mail address; computer PC-ABEL-01 with TeamViewer ID 123456789`,
        expect.stringMatching(new RegExp(`^✓ SMTP: smtp://127\\.0\\.0\\.1:${s.smtp.port} accepted the connection and the sign-in of user chatops$`)),
        `✓ Public URL: http://127.0.0.1:${port}/oauth/teamviewer/callback answers with this bot's callback page`,
      ]),
    );
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^All \d+ checks passed \(\d+ notes\)\.$/);
    // The other sides saw probes only: one refused token exchange, no token issued, the lock still the bot's.
    const tokenCalls = s.tv.requests.filter((q) => q.path === '/api/v1/oauth2/token').slice(tokenCallsBefore);
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.form?.get('grant_type')).toBe('authorization_code');
    expect(s.tv.state.accessTokens.filter((t) => t.userid === 'u1000001')).toHaveLength(1);
    expect(s.slack.state.apiCalls.filter((c) => c.method === 'auth.test').at(-1)?.ok).toBe(true);
    expect((await readDataDirLock(s.config.dataDir))?.pid).toBe(process.pid);
  }, 60_000);

  it('names every misconfigured part with its fix, keeps checking the others, and exits 1', async () => {
    const closed = await closedPort();
    const smtp = new URL(s.smtp.url);
    smtp.password = 'not-the-password';
    const r = await doctor(['--ticket', PRINTER.number], {
      ...s.env(),
      SLACK_BOT_TOKEN: 'xoxb-0000000000-revoked-or-mistyped',
      TEAMVIEWER_CLIENT_SECRET: 'not-the-client-secret',
      SERVICENOW_PASSWORD: 'not-the-password',
      SMTP_URL: smtp.toString(),
      PUBLIC_URL: `http://127.0.0.1:${closed}`,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = linesOf(r.stdout);
    expect(lines).toEqual(
      expect.arrayContaining([
        '✗ Store: ENCRYPTION_KEY does not open the stored tokens of 1 linked agent: they were sealed with another key → set ENCRYPTION_KEY back to the key the bot used before; keeping the new key means every agent has to link again',
        '✗ Slack: auth.test: invalid_auth → SLACK_BOT_TOKEN is wrong or revoked: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions',
        expect.stringMatching(/^✗ TeamViewer: OAuth app \S+: client id or secret wrong \(token endpoint: invalid_client\) → copy the Client ID and Client secret of the app/),
        "✗ ITSM: ServiceNow tickets: ServiceNow rejected the bot's credentials → An admin needs to check SERVICENOW_USERNAME and SERVICENOW_PASSWORD (a locked or expired integration user looks the same).",
        `ℹ ITSM: ticket ${PRINTER.number} was not looked up: ServiceNow does not work yet (above)`,
        expect.stringMatching(/^✗ SMTP: smtp:\/\/127\.0\.0\.1:\d+ refused the sign-in of user chatops \(535 .*\) → correct the user name or password in SMTP_URL/),
        `✗ Public URL: http://127.0.0.1:${closed}/oauth/teamviewer/callback: not reachable (ECONNREFUSED) → start the bot, or check that PUBLIC_URL points at it (reverse proxy, TLS)`,
      ]),
    );
    // One failure never hides the others: the parts that are right still pass.
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^✓ TeamViewer: Web API at /), expect.stringMatching(/^✓ Store: DATA_DIR /)]));
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^6 problems to fix \(✗ above\), \d+ passed, \d+ notes\.$/);
    expect(s.slack.state.apiCalls.filter((c) => c.method === 'auth.test').at(-1)).toMatchObject({ ok: false, error: 'invalid_auth' });
  }, 60_000);

  describe('with a Slack app that lacks a scope', () => {
    let narrow: SlackSim;
    afterEach(async () => {
      await narrow.stop();
    });

    it('--json prints one object: ok, exitCode, counts and every check with part, status, message and fix', async () => {
      const scopes = ['commands', 'chat:write', 'chat:write.public', 'im:write', 'im:history', 'app_mentions:read', 'users:read'];
      narrow = await startSlackSim({ signingSecret: SANDBOX_SECRETS.signingSecret, botToken: SANDBOX_SECRETS.botToken, botScopes: scopes });
      const r = await doctor(['--json'], { ...s.env(), SLACK_API_URL: narrow.apiUrl });
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as JsonReport;
      expect(report).toMatchObject({ ok: false, exitCode: 1 });
      expect(report.counts.fail).toBe(1);
      expect(Object.keys(report)).toEqual(['ok', 'exitCode', 'counts', 'checks']);
      for (const c of report.checks) {
        expect(['Store', 'Slack', 'TeamViewer', 'ITSM', 'SMTP', 'Public URL']).toContain(c.part);
        expect(['ok', 'info', 'warn', 'fail']).toContain(c.status);
        expect(c.message.length).toBeGreaterThan(0);
        if (c.status === 'fail') expect(c.fix).toBeTruthy();
      }
      expect(report.checks.filter((c) => c.status === 'fail')).toEqual([
        {
          part: 'Slack',
          status: 'fail',
          message: 'the token lacks scope users:read.email',
          fix: 'add it under OAuth & Permissions → Scopes (or update the app from manifests/slack-app.yaml), then reinstall the app to the workspace',
        },
      ]);
      expect(narrow.state.apiCalls.map((c) => c.method)).toEqual(['auth.test']);
    }, 60_000);
  });

  it('refuses unknown options with usage and exit 2', async () => {
    const r = await doctor(['--fix-everything'], s.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown option "--fix-everything"');
    expect(r.stderr).toContain('doctor [--json] [--ticket <number>]');
  }, 60_000);
});

describe('teamviewer-chatops doctor with Microsoft Teams', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack({ teams: { auth: true } });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('gets a Bot Framework token with the app credentials, and names the AADSTS fix when the password is wrong', async () => {
    const [good, bad] = await Promise.all([doctor([], s.env()), doctor([], { ...s.env(), MICROSOFT_APP_PASSWORD: 'not-the-client-secret' })]);
    const appId = s.env().MICROSOFT_APP_ID ?? '';
    expect(good.code).toBe(0);
    expect(linesOf(good.stdout).filter((l) => l.includes('Teams:'))).toEqual([
      expect.stringMatching(new RegExp(`^✓ Teams: app ${appId} \\(SingleTenant\\) got a Bot Framework token from http://127\\.0\\.0\\.1:\\d+$`)),
      expect.stringMatching(/^✓ Teams: inbound tokens: OpenID metadata at http:\/\/127\.0\.0\.1:\d+ names its signing keys$/),
    ]);
    expect(bad.code).toBe(1);
    expect(linesOf(bad.stdout)).toContain(
      "✗ Teams: the Bot Framework login refused the bot's credentials (invalid_client, AADSTS7000215) → MICROSOFT_APP_PASSWORD is wrong: create a client secret under the app registration's Certificates & secrets and copy its Value (not its Secret ID)",
    );
  }, 60_000);
});

if (!TEST_DATABASE_URL) {
  describe.skip('teamviewer-chatops doctor on PostgreSQL: skipped because TEST_DATABASE_URL is unset', () => {
    it('needs a database', () => undefined);
  });
} else {
  const url = TEST_DATABASE_URL;
  describe('teamviewer-chatops doctor on PostgreSQL', () => {
    let s: TestStack;
    const schema = newSchemaName('doctor');
    const fresh = newSchemaName('doctor_fresh');
    beforeAll(async () => {
      s = await startTestStack({ env: { DATABASE_URL: url, DATABASE_SCHEMA: schema } });
      await linkAgent(s, s.people.agent, 'u1000001');
    });
    afterAll(async () => {
      await s.stop();
      await dropSchema(url, schema);
      await dropSchema(url, fresh);
    });

    it('connects, runs select 1, finds every migration applied and the key opening the stored tokens', async () => {
      const r = await doctor([], s.env());
      expect(r.code).toBe(0);
      const at = `${new URL(url).hostname}:${new URL(url).port || '5432'}${new URL(url).pathname}`;
      expect(linesOf(r.stdout).filter((l) => l.includes('Store:'))).toEqual([
        `✓ Store: PostgreSQL at ${at} answers (select 1), schema ${schema}`,
        `✓ Store: all ${MIGRATIONS.length} migrations of this version applied`,
        '✓ Store: ENCRYPTION_KEY opens the stored TeamViewer tokens',
      ]);
    }, 60_000);

    it('reports an empty schema without migrating it, and a missing database with its fix', async () => {
      const empty = await doctor([], { ...s.env(), DATABASE_SCHEMA: fresh });
      expect(linesOf(empty.stdout)).toContain(`ℹ Store: no tables yet in schema ${fresh}: the bot creates them (${MIGRATIONS.length} migrations) at its first start`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>('select count(*)::text as n from information_schema.schemata where schema_name = $1', [fresh]);
        expect(rows[0]?.n).toBe('0');
      } finally {
        await client.end();
      }

      const missing = new URL(url);
      missing.pathname = `/no_such_db_${randomBytes(3).toString('hex')}`;
      const r = await doctor([], { ...s.env(), DATABASE_URL: missing.toString() });
      expect(r.code).toBe(1);
      expect(linesOf(r.stdout)).toEqual(expect.arrayContaining([expect.stringMatching(/^✗ Store: PostgreSQL at \S+: database "no_such_db_\w+" does not exist → create the database, or correct its name at the end of DATABASE_URL$/)]));
    }, 60_000);
  });
}
