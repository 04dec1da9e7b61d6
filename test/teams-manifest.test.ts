import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestSchemaPath, PLACEHOLDER_ID, validateTeamsManifest, type TeamsManifest } from '../scripts/package-teams.js';
import { colorIcon, outlineIcon } from '../scripts/teams-icons.js';
import { COMMANDS } from '../src/core/commands/command-spec.js';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, 'manifests/teams');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as TeamsManifest & {
  name: { short: string };
  icons: { color: string; outline: string };
  permissions: string[];
};

/** Reads the IHDR chunk by hand (no helper from the script), so a broken encoder can't hide here. */
function ihdr(buf: Uint8Array): { width: number; height: number; colorType: number } {
  const b = Buffer.from(buf);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), colorType: b[25]! };
}

const tmp = mkdtempSync(join(tmpdir(), 'teams-pkg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function packageScript(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['MICROSOFT_APP_ID', 'TEAMS_APP_ID', 'PUBLIC_URL'].includes(k)));
  return spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/package-teams.ts'], { cwd: ROOT, env: { ...clean, TEAMS_PACKAGE_OUT: tmp, ...env }, encoding: 'utf8' });
}

describe('manifests/teams (Teams app manifest, chat-platforms.md §12)', () => {
  it('validates against the official schema of its manifestVersion (the newest up to 1.29 in @microsoft/app-manifest)', () => {
    expect(manifest.manifestVersion).toBe('1.29');
    expect(readFileSync(manifestSchemaPath('1.29'), 'utf8')).toContain('"const": "1.29"');
    expect(validateTeamsManifest(manifest)).toEqual([]);
  });

  it('the validator really rejects what the schema forbids', () => {
    const bad = { ...manifest, id: 'not-a-guid', name: { short: 'x'.repeat(31) }, bots: [{ ...manifest.bots![0]!, scopes: ['groupchat'] }] };
    const problems = validateTeamsManifest(bad);
    expect(problems.join('\n')).toMatch(/\/id /);
    expect(problems.join('\n')).toMatch(/\/name\/short /);
    expect(problems.join('\n')).toMatch(/\/bots\/0\/scopes\/0 /);
  });

  it('carries placeholder ids, the bot in all three scopes and the permissions the bot needs', () => {
    expect(manifest.id).toBe(PLACEHOLDER_ID);
    expect(manifest.bots![0]!.botId).toBe(PLACEHOLDER_ID);
    expect(manifest.name.short).toBe('TeamViewer');
    expect([...manifest.bots![0]!.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.permissions).toEqual(['identity', 'messageTeamMembers']);
  });

  it('lists every verb of COMMANDS, with its description, for personal chats and for teams and group chats', () => {
    const lists = manifest.bots![0]!.commandLists!;
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team', 'groupChat']]);
    const expected = COMMANDS.map((c) => ({ title: c.verb, description: c.description }));
    expect(expected.map((c) => c.title)).toEqual(['start', 'close', 'share', 'status', 'connect', 'logs', 'report', 'link', 'unlink', 'help']);
    for (const l of lists) expect(l.commands).toEqual(expected);
  });

  it('ships a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    expect(ihdr(readFileSync(join(DIR, manifest.icons.color)))).toMatchObject({ width: 192, height: 192 });
    const outline = readFileSync(join(DIR, manifest.icons.outline));
    expect(ihdr(outline)).toEqual({ width: 32, height: 32, colorType: 6 });
    // Every pixel white, some opaque, some transparent (our encoder writes one IDAT, rows unfiltered).
    const idatLength = outline.readUInt32BE(33);
    expect(outline.toString('ascii', 37, 41)).toBe('IDAT');
    const raw = inflateSync(outline.subarray(41, 41 + idatLength));
    const pixels = Array.from({ length: 32 }, (_, y) => raw.subarray(y * 129 + 1, (y + 1) * 129)).flatMap((row) => Array.from({ length: 32 }, (_, x) => [...row.subarray(x * 4, x * 4 + 4)]));
    expect(pixels.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(pixels.some((p) => p[3] === 255) && pixels.some((p) => p[3] === 0)).toBe(true);
  });

  it('the committed icons are what scripts/teams-icons.ts draws', () => {
    expect(colorIcon().equals(readFileSync(join(DIR, 'color.png')))).toBe(true);
    expect(outlineIcon().equals(readFileSync(join(DIR, 'outline.png')))).toBe(true);
  });
});

describe('scripts/package-teams.ts', () => {
  it('writes a zip with exactly manifest.json and both icons at the root, ids and domain filled in', () => {
    const appId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
    const run = packageScript({ MICROSOFT_APP_ID: appId.toUpperCase(), PUBLIC_URL: 'https://bot.example.com:8443/base' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const zipPath = join(tmp, 'teams-app.zip');
    expect(run.stdout.trim()).toBe(zipPath);
    const entries = unzipSync(readFileSync(zipPath));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packed = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8')) as TeamsManifest;
    expect(packed.id).toBe(appId);
    expect(packed.bots![0]!.botId).toBe(appId);
    expect(packed.validDomains).toEqual(['bot.example.com']);
    expect(packed.version).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    expect(validateTeamsManifest(packed)).toEqual([]);
    expect(Buffer.from(entries['color.png']!)).toEqual(readFileSync(join(DIR, 'color.png')));
    expect(Buffer.from(entries['outline.png']!)).toEqual(readFileSync(join(DIR, 'outline.png')));
  });

  it('uses TEAMS_APP_ID for the app id when given', () => {
    const run = packageScript({ MICROSOFT_APP_ID: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', TEAMS_APP_ID: 'a1b2c3d4-0000-4000-8000-000000000001', TEAMS_PACKAGE_OUT: join(tmp, 'second') });
    expect(run.status).toBe(0);
    const packed = JSON.parse(Buffer.from(unzipSync(readFileSync(join(tmp, 'second/teams-app.zip')))['manifest.json']!).toString('utf8')) as TeamsManifest;
    expect([packed.id, packed.bots![0]!.botId]).toEqual(['a1b2c3d4-0000-4000-8000-000000000001', '3f2504e0-4f89-11d3-9a0c-0305e82c3301']);
  });

  it('exits 2 with a clear message without MICROSOFT_APP_ID, or with ids that are not GUIDs', () => {
    const missing = packageScript({ TEAMS_PACKAGE_OUT: join(tmp, 'never') });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('MICROSOFT_APP_ID is not set');
    expect(missing.stdout).toBe('');
    const bad = packageScript({ MICROSOFT_APP_ID: 'my-bot', TEAMS_APP_ID: PLACEHOLDER_ID, TEAMS_PACKAGE_OUT: join(tmp, 'never') });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('MICROSOFT_APP_ID must be a GUID');
    expect(bad.stderr).toContain('TEAMS_APP_ID is the all-zero placeholder');
    expect(() => readFileSync(join(tmp, 'never/teams-app.zip'))).toThrow();
  });
});
