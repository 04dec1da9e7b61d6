import type { TeamsConfig } from '../../chat/teams/teams.schema.js';
import { httpCall } from '../../upstream/http.js';
import { fail, info, isLoopbackHost, ok, originOf, probe, warn, type CheckContext, type CheckLine, type DoctorCheck } from '../check.js';

const PART = 'Teams';
const AZURE = 'README, "Install in Microsoft Teams"';
/** Microsoft's public cloud; sovereign clouds set BOTFRAMEWORK_* (the bot's own defaults, chat-platforms.md §9.2). */
const PUBLIC_LOGIN = 'https://login.microsoftonline.com';
const PUBLIC_OPENID = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
const CONNECTOR_SCOPE = 'https://api.botframework.com/.default';

/** What the common Entra ID error codes mean for these settings (learn.microsoft.com "AADSTS error codes"). */
const AADSTS_FIXES: Record<string, string> = {
  '7000215': 'MICROSOFT_APP_PASSWORD is wrong: create a client secret under the app registration\'s Certificates & secrets and copy its Value (not its Secret ID)',
  '7000222': 'the client secret in MICROSOFT_APP_PASSWORD has expired: create a new one under Certificates & secrets',
  '700016': 'MICROSOFT_APP_ID is not an app in that tenant: copy the Microsoft App ID from the Azure Bot\'s Configuration, and check MICROSOFT_APP_TENANT_ID and MICROSOFT_APP_TYPE',
  '90002': 'MICROSOFT_APP_TENANT_ID names no tenant: copy the Directory (tenant) ID of the app registration',
  '900023': 'MICROSOFT_APP_TENANT_ID is not a tenant id: copy the Directory (tenant) ID of the app registration',
};

/**
 * Where the bot gets its outbound tokens: a custom BOTFRAMEWORK_LOGIN_URL is used as is (teams.credentials.ts);
 * Microsoft's login gets the tenant of a single-tenant bot, or botframework.com, as botbuilder does.
 */
async function tokenUrl(t: TeamsConfig): Promise<string> {
  // Loaded only when Teams is on: the module pulls in the Bot Framework SDK.
  const { isMicrosoftLogin } = await import('../../chat/teams/teams.credentials.js');
  if (t.loginUrl && !isMicrosoftLogin(t.loginUrl)) return `${t.loginUrl.replace(/\/+$/, '')}/oauth2/v2.0/token`;
  const tenant = t.appType === 'SingleTenant' && t.tenantId ? t.tenantId : 'botframework.com';
  return `${t.loginUrl ? new URL(t.loginUrl).origin : PUBLIC_LOGIN}/${tenant}/oauth2/v2.0/token`;
}

function tokenFailure(status: number, body: Record<string, unknown>): CheckLine {
  const error = typeof body.error === 'string' ? body.error : `HTTP ${status}`;
  const description = typeof body.error_description === 'string' ? body.error_description : '';
  const code = /AADSTS(\d+)/.exec(description)?.[1];
  const fix = (code && AADSTS_FIXES[code]) ?? `look up ${code ? `AADSTS${code}` : error} in Microsoft's AADSTS error list, then check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID (${AZURE})`;
  return fail(PART, `the Bot Framework login refused the bot's credentials (${error}${code ? `, AADSTS${code}` : ''})`, fix);
}

/** The bot's outbound identity (client-credentials token) and the inbound token keys, or the auth-off warning. */
export const teamsCheck: DoctorCheck = {
  part: PART,
  applies: (config) => config.teams !== undefined,
  async run(ctx: CheckContext): Promise<CheckLine[]> {
    const t = ctx.config.teams;
    if (!t) return [];
    if (!t.appId) {
      const message = 'inbound authentication is off (TEAMS_ENABLED=true without MICROSOFT_APP_ID): anyone who reaches /api/messages can act as any user';
      const fix = `set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID from your Azure Bot (${AZURE})`;
      // Documented as fine for local testing; anywhere else it is an open door.
      const local = URL.canParse(ctx.config.publicUrl) && isLoopbackHost(new URL(ctx.config.publicUrl).hostname);
      return [local ? warn(PART, `${message} (acceptable here: PUBLIC_URL is this machine only)`, fix) : fail(PART, message, fix)];
    }
    const lines: Array<Promise<CheckLine[]>> = [];
    if (t.appType === 'UserAssignedMSI') {
      lines.push(Promise.resolve([info(PART, 'MICROSOFT_APP_TYPE=UserAssignedMSI: the managed identity only gets tokens on Azure itself, so it is not checked here')]));
    } else {
      const url = await tokenUrl(t);
      lines.push(
        probe(PART, `the Bot Framework login at ${originOf(url)}`, ctx.timeoutMs, 'check BOTFRAMEWORK_LOGIN_URL (unset it for Microsoft\'s public cloud) and that this machine may reach it', async () => {
          const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: t.appId, client_secret: t.appPassword ?? '', scope: CONNECTOR_SCOPE });
          const res = await httpCall(ctx.dispatcher, { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), timeoutMs: ctx.timeoutMs });
          const body = (typeof res.json === 'object' && res.json !== null ? res.json : {}) as Record<string, unknown>;
          if (res.status === 200 && typeof body.access_token === 'string') return ok(PART, `app ${t.appId} (${t.appType}) got a Bot Framework token from ${originOf(url)}`);
          return tokenFailure(res.status, body);
        }),
      );
    }
    const openId = t.openIdMetadataUrl ?? PUBLIC_OPENID;
    lines.push(
      probe(PART, `OpenID metadata at ${originOf(openId)}`, ctx.timeoutMs, 'check BOTFRAMEWORK_OPENID_METADATA_URL (unset it for Microsoft\'s public cloud) and that this machine may reach it', async () => {
        const res = await httpCall(ctx.dispatcher, { method: 'GET', url: openId, timeoutMs: ctx.timeoutMs });
        const jwks = typeof res.json === 'object' && res.json !== null ? (res.json as { jwks_uri?: unknown }).jwks_uri : undefined;
        if (res.status === 200 && typeof jwks === 'string') return ok(PART, `inbound tokens: OpenID metadata at ${originOf(openId)} names its signing keys`);
        return fail(PART, `OpenID metadata at ${openId} answered HTTP ${res.status} without a jwks_uri`, 'check BOTFRAMEWORK_OPENID_METADATA_URL (unset it for Microsoft\'s public cloud)');
      }),
    );
    return (await Promise.all(lines)).flat();
  },
};
