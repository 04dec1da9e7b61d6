import type { Core } from '../core/core.js';
import { pickFromAcceptLanguage, t, type Locale } from '../core/i18n/index.js';
import type { Logger } from '../core/ports/logger.port.js';
import { newCorrelationId, runWithContext } from '../observability/request-context.js';
import { page } from './html-page.js';
import { send, type Route } from './server.js';

const COOKIE = 'tvco_link';
/** Marks every callback answer as this bot's, so `doctor` can tell it from a proxy's or another app's page. */
export const CALLBACK_MARKER_HEADER = 'x-teamviewer-chatops';
export const CALLBACK_MARKER_VALUE = 'callback';
const CALLBACK_PATH = '/oauth/teamviewer/callback';

/** The redirect URI TeamViewer sends browsers back to: the one the bot registers, exchanges codes with, and doctor checks. */
export function oauthCallbackUrl(publicUrl: string): string {
  return `${publicUrl}${CALLBACK_PATH}`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The browser's language (Accept-Language), else DEFAULT_LOCALE. */
function browserLocale(core: Core, header: string | undefined): Locale {
  return pickFromAcceptLanguage(header, core.localeOf());
}

/**
 * The browser half of linking (teamviewer-api.md §3.8). /start consumes the one-time token and sets a cookie that
 * binds the callback to this browser; /callback checks state, cookie and PKCE before anything is stored.
 */
export function oauthRoutes(core: Core, publicUrl: string, logger: Logger): Route[] {
  const secure = publicUrl.startsWith('https://');
  const cookieAttrs = `HttpOnly; SameSite=Lax; Path=/oauth/teamviewer; Max-Age=600${secure ? '; Secure' : ''}`;
  const html = { 'content-type': 'text/html; charset=utf-8' };
  return [
    {
      method: 'GET',
      path: '/oauth/teamviewer/start',
      handler: async (req, res, url) => {
        const result = await core.beginLink(url.searchParams.get('t') ?? undefined);
        if (!result.ok) {
          const locale = browserLocale(core, req.headers['accept-language']);
          const p = t(locale).page;
          send(res, 410, page(p.linkGoneTitle, [p.linkGoneBody, p.relinkHint], 'error', locale), html);
          return;
        }
        send(res, 302, '', { location: result.redirectUrl, 'set-cookie': `${COOKIE}=${encodeURIComponent(result.browserNonce)}; ${cookieAttrs}` });
      },
    },
    {
      method: 'GET',
      path: CALLBACK_PATH,
      handler: async (req, res, url) => {
        const cid = newCorrelationId();
        const q = url.searchParams;
        const result = await runWithContext({ cid }, () =>
          core.completeLink({
            correlationId: cid,
            ...(q.get('state') ? { state: q.get('state') ?? '' } : {}),
            ...(q.get('code') ? { code: q.get('code') ?? '' } : {}),
            ...(q.get('error') ? { error: q.get('error') ?? '' } : {}),
            ...(readCookie(req.headers.cookie, COOKIE) ? { browserNonce: readCookie(req.headers.cookie, COOKIE) ?? '' } : {}),
          }),
        );
        const clear = { ...html, [CALLBACK_MARKER_HEADER]: CALLBACK_MARKER_VALUE, 'set-cookie': `${COOKIE}=; ${cookieAttrs.replace('Max-Age=600', 'Max-Age=0')}` };
        // The agent's chat language once the callback is tied to an agent; before that, the browser's.
        const locale = result.locale ?? browserLocale(core, req.headers['accept-language']);
        const p = t(locale).page;
        if (result.ok) {
          logger.info({ cid }, 'TeamViewer account linked through the browser');
          send(res, 200, page(p.linkedTitle(result.accountName), [p.linkedBody], 'ok', locale), clear);
          return;
        }
        if (result.reason === 'denied') {
          send(res, 200, page(p.cancelledTitle, [p.cancelledBody, p.relinkHint], 'error', locale), clear);
          return;
        }
        if (result.reason === 'exchange_failed') {
          send(res, 502, page(p.exchangeFailedTitle, [p.exchangeFailedBody(result.referenceId ?? cid), p.relinkHint], 'error', locale), clear);
          return;
        }
        send(res, 400, page(p.invalidTitle, [p.invalidBody, p.relinkHint], 'error', locale), clear);
      },
    },
  ];
}
