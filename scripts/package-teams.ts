/**
 * `npm run package:teams`: builds the Teams app package (chat-platforms.md §12) from manifests/teams/: fills in the
 * ids, validates the manifest against Microsoft's JSON schema and writes dist/teams-app.zip with manifest.json,
 * color.png and outline.png at its root, ready for "Upload a custom app", the Developer Portal or Teams Admin Center.
 *
 * Environment:
 *   MICROSOFT_APP_ID   required: the Azure Bot's Microsoft App ID (a GUID) → bots[0].botId
 *   TEAMS_APP_ID       optional GUID → the manifest `id`; defaults to MICROSOFT_APP_ID, as Microsoft's bot samples do
 *   PUBLIC_URL         optional: its host goes into validDomains (skipped for loopback hosts)
 *   TEAMS_PACKAGE_OUT  optional output directory (default dist/)
 * Prints the zip's path and exits 0, or prints every problem and exits 2.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { zipSync } from 'fflate';
import { pngInfo } from './teams-icons.js';

const ROOT = resolve(import.meta.dirname, '..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The placeholder in the committed manifest: valid for the schema, never a real registration. */
export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
/** Icon files and the sizes Teams requires; the outline needs an alpha channel (PNG colour type 6). */
const ICONS = { 'color.png': { size: 192 }, 'outline.png': { size: 32, colorType: 6 } } as const;
/** A fixed timestamp for the zip entries, so the same inputs give the same bytes. */
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

export interface TeamsManifest {
  manifestVersion: string;
  version: string;
  id: string;
  bots?: Array<{ botId: string; scopes: string[]; commandLists?: Array<{ scopes: string[]; commands: Array<{ title: string; description?: string }> }> }>;
  validDomains?: string[];
  [key: string]: unknown;
}

/** Microsoft's schema for the manifest's own manifestVersion, as shipped in @microsoft/app-manifest. */
export function manifestSchemaPath(manifestVersion: string): string {
  const pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  return join(dirname(pkg), 'build/json-schemas/teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/**
 * Validates a manifest against the official schema; returns readable problems (empty when valid). The schema
 * declares draft-04 but uses `const`; like the Teams Toolkit we compile it non-strictly, here with ajv's default
 * draft-07 dialect (the keywords it uses mean the same in both), after dropping the draft-04 `$schema`.
 */
export function validateTeamsManifest(manifest: unknown): string[] {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string') return ['manifestVersion is missing'];
  let schema: Record<string, unknown>;
  try {
    schema = JSON.parse(readFileSync(manifestSchemaPath(version), 'utf8')) as Record<string, unknown>;
  } catch {
    return [`no schema for manifestVersion ${version} in @microsoft/app-manifest`];
  }
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS; under NodeNext its default import is the module object, whose `default` is the plugin.
  addFormats.default(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `manifest${e.instancePath || ''} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

function guid(env: NodeJS.ProcessEnv, name: string, required: boolean, problems: string[]): string | undefined {
  const value = env[name]?.trim();
  if (!value) {
    if (required) problems.push(`${name} is not set: it must be the Azure Bot's Microsoft App ID, a GUID like 12345678-90ab-cdef-1234-567890abcdef`);
    return undefined;
  }
  if (!GUID.test(value)) problems.push(`${name} must be a GUID like 12345678-90ab-cdef-1234-567890abcdef, got "${value}"`);
  else if (value === PLACEHOLDER_ID) problems.push(`${name} is the all-zero placeholder; use the real id`);
  return value.toLowerCase();
}

function publicHost(env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return undefined;
  try {
    const host = new URL(raw).hostname;
    // Teams never loads a loopback host inside its client, so listing one only makes the manifest look wrong.
    return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(host) ? undefined : host;
  } catch {
    problems.push(`PUBLIC_URL is not a URL: "${raw}"`);
    return undefined;
  }
}

/** Builds the package; never exits, so tests can call it. `root` holds manifests/teams and package.json. */
export function buildTeamsPackage(env: NodeJS.ProcessEnv, root = ROOT): { ok: true; path: string } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const botId = guid(env, 'MICROSOFT_APP_ID', true, problems);
  const appId = guid(env, 'TEAMS_APP_ID', false, problems) ?? botId;
  const host = publicHost(env, problems);
  const dir = join(root, 'manifests/teams');
  let manifest: TeamsManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as TeamsManifest;
  } catch (err) {
    return { ok: false, problems: [...problems, `cannot read ${join(dir, 'manifest.json')}: ${(err as Error).message}`] };
  }
  const bot = manifest.bots?.[0];
  if (!bot) problems.push('manifest.json has no bots[0]');
  if (problems.length) return { ok: false, problems };

  manifest.id = appId!;
  bot!.botId = botId!;
  // The app version follows the release, so Teams clients pick up an updated package.
  manifest.version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  if (host) manifest.validDomains = [...new Set([...(manifest.validDomains ?? []), host])];
  problems.push(...validateTeamsManifest(manifest));

  const files: Record<string, Uint8Array> = { 'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) };
  for (const [name, want] of Object.entries(ICONS)) {
    try {
      const png = readFileSync(join(dir, name));
      const info = pngInfo(png);
      if (!info) problems.push(`${name} is not a PNG`);
      else if (info.width !== want.size || info.height !== want.size) problems.push(`${name} must be ${want.size}×${want.size}, is ${info.width}×${info.height}`);
      else if ('colorType' in want && info.colorType !== want.colorType) problems.push(`${name} needs a transparent background (RGBA PNG)`);
      files[name] = png;
    } catch (err) {
      problems.push(`cannot read ${join(dir, name)}: ${(err as Error).message}`);
    }
  }
  if (problems.length) return { ok: false, problems };

  const outDir = resolve(env.TEAMS_PACKAGE_OUT?.trim() || join(root, 'dist'));
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, 'teams-app.zip');
  writeFileSync(path, zipSync(files, { mtime: ZIP_MTIME }));
  return { ok: true, path };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const result = buildTeamsPackage(process.env);
  if (result.ok) {
    process.stdout.write(`${result.path}\n`);
  } else {
    process.stderr.write(`Teams package not built:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exitCode = 2;
  }
}
