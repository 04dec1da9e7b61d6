import { CALLBACK_MARKER_HEADER, CALLBACK_MARKER_VALUE, oauthCallbackUrl } from '../../http/oauth.routes.js';
import { httpCall } from '../../upstream/http.js';
import { fail, isLoopbackHost, ok, probe, warn, type CheckContext, type CheckLine, type DoctorCheck } from '../check.js';

const PART = 'Public URL';

/**
 * `GET PUBLIC_URL/oauth/teamviewer/callback` without parameters, the way a browser comes back from TeamViewer. The
 * bot answers it with its "not valid any more" page and a marker header, which a proxy's or another app's page
 * lacks. Redirects are not followed: TeamViewer compares the redirect URI exactly, so a redirect is a finding.
 */
export const publicUrlCheck: DoctorCheck = {
  part: PART,
  applies: () => true,
  async run(ctx: CheckContext): Promise<CheckLine[]> {
    const base = ctx.config.publicUrl;
    const url = oauthCallbackUrl(base);
    const notReachable = 'start the bot, or check that PUBLIC_URL points at it (reverse proxy, TLS)';
    const lines = await probe(PART, url, ctx.timeoutMs, notReachable, async () => {
      const res = await httpCall(ctx.dispatcher, { method: 'GET', url, headers: { accept: 'text/html' }, timeoutMs: ctx.timeoutMs });
      if (res.headers[CALLBACK_MARKER_HEADER] === CALLBACK_MARKER_VALUE) return ok(PART, `${url} answers with this bot's callback page`);
      if (res.status >= 300 && res.status < 400) {
        return fail(PART, `${url} redirects (HTTP ${res.status}) to ${res.headers.location ?? 'nowhere'}`, 'set PUBLIC_URL to the address browsers end up at: TeamViewer compares the redirect URI exactly');
      }
      return fail(PART, `${url} answered HTTP ${res.status}, but not with this bot's callback page`, `PUBLIC_URL must reach this bot: check that the reverse proxy forwards /oauth/teamviewer/ to the bot's PORT (${ctx.config.port})`);
    });
    const u = new URL(base);
    if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
      const slack = ctx.config.slack ? '; Slack delivers only to https:// request URLs' : '';
      lines.push(
        warn(PART, `PUBLIC_URL is plain http on ${u.hostname}: the OAuth code and the linking cookie cross the network unencrypted, and TeamViewer may refuse a non-https redirect URI${slack}`, 'put the bot behind HTTPS (a reverse proxy with a certificate) and set PUBLIC_URL to its https:// address'),
      );
    }
    return lines;
  },
};
