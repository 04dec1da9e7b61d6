import { readFile } from 'node:fs/promises';
import { httpCall } from '../../upstream/http.js';
import { fail, info, ok, originOf, probe, warn, type CheckContext, type CheckLine, type DoctorCheck } from '../check.js';

const PART = 'Slack';
const MANIFEST = 'manifests/slack-app.yaml';
/** Same depth from src/doctor/checks and dist/doctor/checks; `manifests/` ships in the package (package.json files). */
const MANIFEST_URL = new URL(`../../../${MANIFEST}`, import.meta.url);
const TOKEN_FIX = 'SLACK_BOT_TOKEN is wrong or revoked: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions';

/**
 * The bot scopes a Slack manifest asks for (`oauth_config.scopes.bot`). A line reader rather than a YAML parser:
 * the manifest is ours and the block is a plain list, and the runtime has no YAML dependency.
 */
export function manifestBotScopes(yaml: string): string[] {
  const path: Array<{ indent: number; key: string }> = [];
  const scopes: string[] = [];
  for (const raw of yaml.split(/\r?\n/)) {
    if (!raw.trim() || raw.trim().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const item = /^\s*-\s+([^#\s]+)/.exec(raw);
    if (item?.[1]) {
      if (path.map((p) => p.key).join('.') === 'oauth_config.scopes.bot') scopes.push(item[1].replace(/^["']|["']$/g, ''));
      continue;
    }
    const key = /^\s*([\w-]+):/.exec(raw)?.[1];
    if (!key) continue;
    while (path.length > 0 && (path.at(-1)?.indent ?? -1) >= indent) path.pop();
    path.push({ indent, key });
  }
  return scopes;
}

async function expectedScopes(): Promise<string[] | undefined> {
  try {
    const scopes = manifestBotScopes(await readFile(MANIFEST_URL, 'utf8'));
    return scopes.length > 0 ? scopes : undefined;
  } catch {
    return undefined;
  }
}

function authFailure(error: string): CheckLine {
  if (error === 'invalid_auth' || error === 'not_authed') return fail(PART, `auth.test: ${error}`, TOKEN_FIX);
  if (error === 'token_revoked' || error === 'account_inactive' || error === 'token_expired') {
    return fail(PART, `auth.test: ${error}`, 'the app was uninstalled or its token revoked: reinstall it (Install App) and copy the new Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN');
  }
  return fail(PART, `auth.test: ${error}`, 'see https://api.slack.com/methods/auth.test for this error, then check SLACK_BOT_TOKEN and SLACK_API_URL');
}

function scopeLine(granted: string | undefined, expected: string[] | undefined): CheckLine {
  if (granted === undefined) return info(PART, 'Slack did not say which scopes the token has (no x-oauth-scopes header), so they were not compared');
  const have = new Set(granted.split(',').map((s) => s.trim()).filter(Boolean));
  if (!expected) return warn(PART, `granted scopes: ${[...have].join(', ')}; ${MANIFEST} could not be read to compare them`, `run doctor from the installed package, which ships ${MANIFEST}`);
  const missing = expected.filter((s) => !have.has(s));
  if (missing.length === 0) return ok(PART, `the token has all ${expected.length} scopes ${MANIFEST} asks for`);
  return fail(PART, `the token lacks scope${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`, `add ${missing.length === 1 ? 'it' : 'them'} under OAuth & Permissions → Scopes (or update the app from ${MANIFEST}), then reinstall the app to the workspace`);
}

/** `auth.test` with the bot token: the workspace and bot user, then the granted scopes against the manifest. */
export const slackCheck: DoctorCheck = {
  part: PART,
  applies: (config) => config.slack !== undefined,
  async run(ctx: CheckContext): Promise<CheckLine[]> {
    const slack = ctx.config.slack;
    if (!slack) return [];
    const lines = await probe(PART, `auth.test at ${originOf(slack.apiUrl)}`, ctx.timeoutMs, `check SLACK_API_URL (${slack.apiUrl}) and that this machine may reach it (proxy, firewall)`, async () => {
      const [res, expected] = await Promise.all([
        httpCall(ctx.dispatcher, { method: 'POST', url: `${slack.apiUrl}auth.test`, headers: { authorization: `Bearer ${slack.botToken}` }, timeoutMs: ctx.timeoutMs }),
        expectedScopes(),
      ]);
      if (res.status === 429) return fail(PART, `auth.test: rate limited (HTTP 429)`, 'wait a minute and run doctor again');
      const body = (typeof res.json === 'object' && res.json !== null ? res.json : {}) as Record<string, unknown>;
      if (res.status !== 200 || typeof body.ok !== 'boolean') return fail(PART, `auth.test answered HTTP ${res.status} without a Slack answer`, `SLACK_API_URL must be the Web API base, e.g. https://slack.com/api/`);
      if (!body.ok) return authFailure(typeof body.error === 'string' ? body.error : 'unknown error');
      const str = (k: string) => (typeof body[k] === 'string' ? body[k] : '?');
      const who = `bot @${str('user')} (${str('user_id')}) in workspace ${str('team')}${typeof body.url === 'string' ? ` (${body.url})` : ''}`;
      return [ok(PART, `auth.test: signed in as ${who}`), scopeLine(res.headers['x-oauth-scopes'], expected)];
    });
    lines.push(info(PART, 'SLACK_SIGNING_SECRET cannot be verified from here (only Slack signs with it): if commands fail with "dispatch_failed", copy it again from Basic Information → App Credentials'));
    return lines;
  },
};
