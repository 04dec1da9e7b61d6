import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { loadConfig } from './load.js';

const key = randomBytes(32);
const minimal = {
  ENCRYPTION_KEY: key.toString('base64'),
  SLACK_SIGNING_SECRET: 'signing-secret-abc',
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  TEAMVIEWER_CLIENT_ID: '1234-client',
  TEAMVIEWER_CLIENT_SECRET: 'client-secret-xyz',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('loadConfig accepted the settings');
}

describe('loadConfig', () => {
  it('applies the documented defaults (interface.md "Settings")', () => {
    const c = loadConfig(minimal);
    expect(c).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      dataDir: './data',
      logLevel: 'info',
      defaultTimeZone: 'UTC',
      sessionValidityMs: 86_400_000,
      requireAssignee: false,
      itsm: { provider: 'none' },
      slack: { signingSecret: 'signing-secret-abc', botToken: 'xoxb-1-2-abc', apiUrl: 'https://slack.com/api/' },
      teamviewer: { apiUrl: 'https://webapi.teamviewer.com/api/v1', loginUrl: 'https://login.teamviewer.com', group: 'ChatOps', clientId: '1234-client', clientSecret: 'client-secret-xyz' },
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.mail.smtpUrl).toBeUndefined();
    expect(c.slack?.logChannel).toBeUndefined();
    expect(c.encryptionKey.equals(key)).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('derives PUBLIC_URL from PORT and trims a trailing slash', () => {
    expect(loadConfig({ ...minimal, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...minimal, PUBLIC_URL: 'https://bot.example.com/' }).publicUrl).toBe('https://bot.example.com');
  });

  it('lists every problem in one error', () => {
    const env = {
      ENCRYPTION_KEY: 'too-short',
      SESSION_VALIDITY: 'one day',
      PORT: '70000',
      LOG_LEVEL: 'loud',
      DEFAULT_TIMEZONE: 'Mars/Olympus',
      REQUIRE_ASSIGNEE: 'maybe',
      SLACK_SIGNING_SECRET: '',
      SLACK_BOT_TOKEN: 'not-a-token',
      TEAMVIEWER_CLIENT_SECRET: 'x',
      ITSM_PROVIDER: 'servicenow',
      SMTP_URL: 'mail.example.com',
      PUBLIC_URL: 'ftp://bot.example.com',
    };
    const problems = problemsOf(env);
    for (const name of [
      'ENCRYPTION_KEY',
      'SESSION_VALIDITY',
      'PORT',
      'LOG_LEVEL',
      'DEFAULT_TIMEZONE',
      'REQUIRE_ASSIGNEE',
      'SLACK_SIGNING_SECRET',
      'SLACK_BOT_TOKEN',
      'TEAMVIEWER_CLIENT_ID',
      'SERVICENOW_URL',
      'SERVICENOW_USERNAME',
      'SERVICENOW_PASSWORD',
      'SMTP_URL',
      'PUBLIC_URL',
    ]) {
      expect(problems.filter((p) => p.startsWith(`${name} `)), name).toHaveLength(1);
    }
    let message = '';
    try {
      loadConfig(env);
    } catch (err) {
      message = err instanceof Error ? err.message : '';
    }
    expect(message).toContain(`${problems.length} settings are wrong`);
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(problems.length);
  });

  it('refuses an empty or blank SLACK_SIGNING_SECRET instead of verifying with ""', () => {
    expect(problemsOf({ ...minimal, SLACK_SIGNING_SECRET: '' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is set but empty/)]);
    expect(problemsOf({ ...minimal, SLACK_SIGNING_SECRET: '   ' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is set but empty/)]);
    expect(problemsOf({ ...minimal, SLACK_SIGNING_SECRET: undefined })).toEqual([expect.stringMatching(/^no chat platform is on: set SLACK_SIGNING_SECRET/)]);
  });

  it('refuses an ENCRYPTION_KEY that is missing or not 32 bytes', () => {
    const bad = [undefined, '', 'hunter2', randomBytes(16).toString('base64'), randomBytes(31).toString('hex'), randomBytes(33).toString('base64'), `${key.toString('hex').slice(0, 63)}g`];
    for (const value of bad) {
      expect(problemsOf({ ...minimal, ENCRYPTION_KEY: value }), String(value)).toEqual([expect.stringMatching(/^ENCRYPTION_KEY (is required|must be exactly 32 bytes)/)]);
    }
  });

  it('accepts the key as hex, base64 and base64url, with surrounding whitespace', () => {
    for (const value of [key.toString('hex'), key.toString('hex').toUpperCase(), key.toString('base64'), key.toString('base64url'), ` ${key.toString('base64')}\n`]) {
      expect(loadConfig({ ...minimal, ENCRYPTION_KEY: value }).encryptionKey.equals(key), value).toBe(true);
    }
  });

  it('reads SESSION_VALIDITY as a positive ISO-8601 duration', () => {
    expect(loadConfig({ ...minimal, SESSION_VALIDITY: 'PT8H' }).sessionValidityMs).toBe(8 * 3600_000);
    for (const value of ['24h', 'P0D', '-P1D', '86400']) {
      expect(problemsOf({ ...minimal, SESSION_VALIDITY: value }), value).toEqual([expect.stringMatching(/^SESSION_VALIDITY must be a positive ISO-8601 duration/)]);
    }
  });

  it('schedules the jobs by default and reads the job durations', () => {
    const c = loadConfig(minimal);
    expect(c.jobs).toEqual({
      schedules: { expire: '*/5 * * * *', logs: '*/5 * * * *', tokens: '0 * * * *', assets: '0 0 * * *', reconcile: '*/30 * * * *' },
      logsWaitMs: 2 * 3600_000,
      logsRetryMs: 5 * 60_000,
      retentionMs: 90 * 86_400_000,
      tokensRefreshAheadMs: 2 * 3600_000,
    });
    const d = loadConfig({ ...minimal, LOGS_WAIT: 'PT30M', LOGS_RETRY_INTERVAL: 'PT1M', RETENTION: 'P30D', TOKENS_REFRESH_AHEAD: 'PT4H' }).jobs;
    expect(d).toMatchObject({ logsWaitMs: 30 * 60_000, logsRetryMs: 60_000, retentionMs: 30 * 86_400_000, tokensRefreshAheadMs: 4 * 3600_000 });
    expect(problemsOf({ ...minimal, RETENTION: '90 days' })).toEqual([expect.stringMatching(/^RETENTION must be a positive ISO-8601 duration/)]);
  });

  it('takes 5- or 6-field cron expressions, blank as the default, and "off" to disable a job', () => {
    const c = loadConfig({ ...minimal, JOBS_EXPIRE_CRON: 'off', JOBS_LOGS_CRON: ' OFF ', JOBS_TOKENS_CRON: '30 */2 * * * *', JOBS_ASSETS_CRON: '', JOBS_RECONCILE_CRON: ' 0 9 * * MON-FRI ' });
    expect(c.jobs.schedules).toEqual({ expire: undefined, logs: undefined, tokens: '30 */2 * * * *', assets: '0 0 * * *', reconcile: '0 9 * * MON-FRI' });
  });

  it('lists a bad cron expression together with other bad settings in one error', () => {
    const problems = problemsOf({ ...minimal, JOBS_EXPIRE_CRON: 'every 5 minutes', JOBS_ASSETS_CRON: '0 0 0 1 1 * 2030', JOBS_TOKENS_CRON: '0 0 31 2 *', LOGS_WAIT: '2h', PORT: 'eighty' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'JOBS_EXPIRE_CRON must be a cron expression such as "*/5 * * * *" or "off", got "every 5 minutes"',
        'JOBS_ASSETS_CRON must be a cron expression such as "0 0 * * *" or "off", got "0 0 0 1 1 * 2030"',
        expect.stringMatching(/^JOBS_TOKENS_CRON never fires/),
        expect.stringMatching(/^LOGS_WAIT must be a positive ISO-8601 duration/),
        expect.stringMatching(/^PORT /),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it("names the ServiceNow settings only when ServiceNow is chosen, and lists each connector's own missing settings", () => {
    const sn = loadConfig({ ...minimal, ITSM_PROVIDER: 'ServiceNow', SERVICENOW_URL: 'https://acme.service-now.com/', SERVICENOW_USERNAME: 'svc', SERVICENOW_PASSWORD: 'pw' });
    expect(sn.itsm).toEqual({ provider: 'servicenow', url: 'https://acme.service-now.com', username: 'svc', password: 'pw', assetField: 'u_teamviewer_id' });
    expect(problemsOf({ ...minimal, ITSM_PROVIDER: 'jira' })).toEqual([expect.stringMatching(/^JIRA_URL /), expect.stringMatching(/^JIRA_EMAIL /), expect.stringMatching(/^JIRA_API_TOKEN /)]);
    expect(problemsOf({ ...minimal, ITSM_PROVIDER: 'cherwell' }).map((p) => p.split(' ')[0])).toEqual(['CHERWELL_URL', 'CHERWELL_CLIENT_ID', 'CHERWELL_USERNAME', 'CHERWELL_PASSWORD']);
    expect(problemsOf({ ...minimal, ITSM_PROVIDER: 'matrix42' }).map((p) => p.split(' ')[0])).toEqual(['MATRIX42_URL', 'MATRIX42_API_TOKEN']);
    expect(problemsOf({ ...minimal, DATABASE_URL: 'mysql://db/x' })).toEqual([expect.stringMatching(/^DATABASE_URL must be a PostgreSQL URL/)]);
    expect(loadConfig({ ...minimal, DATABASE_URL: 'postgres://bot:pw@db:5432/chatops' }).databaseUrl).toBe('postgres://bot:pw@db:5432/chatops');
  });
});

describe('loadConfig: Microsoft Teams', () => {
  const noSlack = { ...minimal, SLACK_SIGNING_SECRET: undefined, SLACK_BOT_TOKEN: undefined };
  it('turns Teams on with TEAMS_ENABLED (auth off) or an app id, and checks the identity settings that type needs', () => {
    expect(loadConfig({ ...noSlack, TEAMS_ENABLED: 'true' }).teams).toEqual({ appId: '', appType: 'MultiTenant' });
    const id = '11111111-2222-3333-4444-555555555555';
    expect(problemsOf({ ...noSlack, MICROSOFT_APP_ID: id, MICROSOFT_APP_TYPE: 'SingleTenant' }).map((p) => p.split(' ')[0])).toEqual(['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID']);
    expect(problemsOf({ ...noSlack, MICROSOFT_APP_ID: 'my-bot' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_ID must be the GUID/), expect.stringMatching(/^MICROSOFT_APP_PASSWORD /)]);
    expect(loadConfig({ ...noSlack, MICROSOFT_APP_ID: id, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 'tenant' }).teams).toMatchObject({ appId: id, appType: 'SingleTenant', tenantId: 'tenant' });
    expect(loadConfig({ ...minimal, TEAMS_ENABLED: 'true' })).toMatchObject({ slack: expect.anything() as unknown, teams: expect.anything() as unknown });
  });
});

describe('loadConfig: operations', () => {
  it('serves metrics and waits 25 s on shutdown by default; takes a timeout in ms or ISO-8601 and refuses nonsense', () => {
    expect(loadConfig(minimal)).toMatchObject({ metricsEnabled: true, shutdownTimeoutMs: 25_000 });
    expect(loadConfig({ ...minimal, METRICS_ENABLED: 'false', SHUTDOWN_TIMEOUT: 'PT1M' })).toMatchObject({ metricsEnabled: false, shutdownTimeoutMs: 60_000 });
    expect(loadConfig({ ...minimal, SHUTDOWN_TIMEOUT: '8000' }).shutdownTimeoutMs).toBe(8000);
    expect(problemsOf({ ...minimal, SHUTDOWN_TIMEOUT: 'soon', METRICS_ENABLED: 'maybe' })).toEqual([
      expect.stringMatching(/^METRICS_ENABLED must be true or false/),
      expect.stringMatching(/^SHUTDOWN_TIMEOUT must be milliseconds or an ISO-8601 duration/),
    ]);
    expect(problemsOf({ ...minimal, SHUTDOWN_TIMEOUT: 'PT1H' })).toEqual([expect.stringMatching(/^SHUTDOWN_TIMEOUT .*got "PT1H"/)]);
  });

  it('speaks English unless DEFAULT_LOCALE names another language it knows', () => {
    expect(loadConfig(minimal).defaultLocale).toBe('en');
    expect(loadConfig({ ...minimal, DEFAULT_LOCALE: ' DE ' }).defaultLocale).toBe('de');
    expect(problemsOf({ ...minimal, DEFAULT_LOCALE: 'fr' })).toEqual(['DEFAULT_LOCALE must be one of en, de']);
  });
});
