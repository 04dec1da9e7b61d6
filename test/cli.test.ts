import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = resolve(import.meta.dirname, '../node_modules/.bin/tsx');
const cli = resolve(import.meta.dirname, '../src/cli/main.ts');
const main = resolve(import.meta.dirname, '../src/main.ts');

describe('teamviewer-chatops CLI and startup', () => {
  it('prints usage and the version', async () => {
    const help = await run(tsx, [cli, 'help']);
    expect(help.stdout).toContain('serve');
    const version = await run(tsx, [cli, 'version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses to start with one message listing every bad setting and its fix', async () => {
    const env = { PATH: process.env.PATH ?? '', SLACK_SIGNING_SECRET: '', ENCRYPTION_KEY: 'short', SESSION_VALIDITY: 'tomorrow' };
    const err = await run(tsx, [main], { env, cwd: resolve(import.meta.dirname, '..') }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in err && err.code).toBe(1);
    const stderr = 'stderr' in err ? err.stderr : '';
    expect(stderr).toContain('SLACK_SIGNING_SECRET is set but empty');
    expect(stderr).toContain('ENCRYPTION_KEY must be exactly 32 bytes');
    expect(stderr).toContain('SESSION_VALIDITY must be a positive ISO-8601 duration');
    expect(stderr).toContain('TEAMVIEWER_CLIENT_ID is required');
    expect(stderr).toContain('SLACK_BOT_TOKEN is required');
  });
});
