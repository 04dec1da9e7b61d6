import { oauthCallbackUrl } from '../../http/oauth.routes.js';
import { probeOAuthClient, probePing, type ProbeDeps } from '../../teamviewer/teamviewer.probe.js';
import { fail, info, ok, originOf, probe, type CheckContext, type CheckLine, type DoctorCheck } from '../check.js';

const PART = 'TeamViewer';
const APP_SETTINGS = 'Management Console → Edit profile → Apps';

/**
 * Reachability (`/ping` without a token), the OAuth app's client id and secret (a made-up code at the token
 * endpoint), the redirect URI to compare by eye, and TEAMVIEWER_API_TOKEN when set.
 */
export const teamviewerCheck: DoctorCheck = {
  part: PART,
  applies: () => true,
  async run(ctx: CheckContext): Promise<CheckLine[]> {
    const tv = ctx.config.teamviewer;
    const d: ProbeDeps = { config: tv, dispatcher: ctx.dispatcher, timeoutMs: ctx.timeoutMs };
    const api = originOf(tv.apiUrl);
    const redirectUri = oauthCallbackUrl(ctx.config.publicUrl);
    const unreachableFix = `check TEAMVIEWER_API_URL (${tv.apiUrl}) and that this machine may reach it (proxy, firewall)`;

    const ping = probe(PART, `Web API at ${api}`, ctx.timeoutMs, unreachableFix, async () => {
      const r = await probePing(d);
      if (r.status >= 500) return fail(PART, `Web API at ${api} answered HTTP ${r.status} to GET /ping`, 'TeamViewer has trouble right now: try again later (status.teamviewer.com)');
      if (r.status === 404) return fail(PART, `${tv.apiUrl}/ping does not exist (HTTP 404)`, 'TEAMVIEWER_API_URL must be the Web API base, e.g. https://webapi.teamviewer.com/api/v1');
      return ok(PART, `Web API at ${api} answers (GET /ping: HTTP ${r.status})`);
    });

    const client = probe(PART, 'the OAuth token endpoint', ctx.timeoutMs, unreachableFix, async () => {
      const r = await probeOAuthClient(d, redirectUri);
      if (r.verdict === 'accepted') return ok(PART, `OAuth app ${tv.clientId}: client id and secret accepted by the token endpoint (a made-up code was refused as invalid_grant, as expected)`);
      if (r.verdict === 'client_rejected') {
        return fail(PART, `OAuth app ${tv.clientId}: client id or secret wrong (token endpoint: ${r.error})`, `copy the Client ID and Client secret of the app (${APP_SETTINGS}) into TEAMVIEWER_CLIENT_ID and TEAMVIEWER_CLIENT_SECRET`);
      }
      const said = [r.error, r.description].filter(Boolean).join(': ') || 'no error text';
      return fail(PART, `the token endpoint answered HTTP ${r.status} (${said}) to a test exchange`, `check TEAMVIEWER_API_URL; if TeamViewer rejects PKCE for your app, set TEAMVIEWER_PKCE=false`);
    });

    const apiToken = tv.apiToken
      ? probe(PART, 'TEAMVIEWER_API_TOKEN', ctx.timeoutMs, unreachableFix, async () => {
          const r = await probePing(d, tv.apiToken);
          if (r.tokenValid === true) return ok(PART, 'TEAMVIEWER_API_TOKEN is valid (GET /ping: token_valid true)');
          return fail(PART, `TEAMVIEWER_API_TOKEN is not valid (GET /ping: HTTP ${r.status}, token_valid ${String(r.tokenValid)})`, `create a new script token (${APP_SETTINGS} → Create script token, README "Set up TeamViewer"), or unset TEAMVIEWER_API_TOKEN to use the agents' own tokens`);
        })
      : Promise.resolve([]);

    const lines = (await Promise.all([ping, client, apiToken])).flat();
    lines.push(info(PART, `redirect URI the bot uses: ${redirectUri} (must be registered exactly so on the app in the ${APP_SETTINGS})`));
    return lines;
  },
};
