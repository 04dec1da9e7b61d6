import { ServiceClientCredentialsFactory } from 'botframework-connector';
import { request } from 'undici';

/** What botbuilder's connector client calls to authorise each outbound request (botbuilder-stdlib compat types). */
interface SignableRequest {
  headers: { set(name: string, value: string): void };
}

/**
 * Outbound tokens from a custom identity provider (BOTFRAMEWORK_LOGIN_URL that is not login.microsoftonline.com):
 * the standard OAuth2 client-credentials grant at `<login>/oauth2/v2.0/token`. botbuilder's own factory hands any
 * authority to MSAL, which refuses plain-http ones and asks login.microsoftonline.com to vouch for unknown hosts
 * (instance discovery), so a sovereign or local identity provider never yields a token (chat-platforms.md §9.2
 * VERIFY, answered by src/simulators/teams/cloud-adapter.test.ts). Microsoft's public cloud keeps the stock MSAL path.
 */
export class ClientCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly cache = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly appId: string,
    private readonly appPassword: string,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  isValidAppId(appId: string): Promise<boolean> {
    return Promise.resolve(appId === this.appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return Promise.resolve(!this.appId);
  }

  createCredentials(_appId: string, audience: string | undefined, loginEndpoint: string): Promise<{ signRequest<T extends SignableRequest>(r: T): Promise<T> }> {
    const scope = `${(audience ?? 'https://api.botframework.com').replace(/\/+$/, '')}/.default`;
    const tokenUrl = `${loginEndpoint.replace(/\/+$/, '')}/oauth2/v2.0/token`;
    return Promise.resolve({
      signRequest: async <T extends SignableRequest>(r: T): Promise<T> => {
        r.headers.set('authorization', `Bearer ${await this.token(tokenUrl, scope)}`);
        return r;
      },
    });
  }

  private async token(tokenUrl: string, scope: string): Promise<string> {
    const key = `${tokenUrl} ${scope}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.token;
    const res = await request(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, client_secret: this.appPassword, scope }).toString(),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    const body = (await res.body.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (res.statusCode !== 200 || typeof body.access_token !== 'string') {
      // The error code only (e.g. invalid_client): the answer may echo what we sent.
      throw new Error(`the Bot Framework login endpoint refused the bot's credentials (HTTP ${res.statusCode}${typeof body.error === 'string' ? `, ${body.error}` : ''}); check MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD`);
    }
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    this.cache.set(key, { token: body.access_token, until: Date.now() + Math.max(0, lifetime - 300) * 1000 });
    return body.access_token;
  }
}

/** True when the login URL is Microsoft's own authority, which botbuilder's MSAL path handles. */
export function isMicrosoftLogin(url: string | undefined): boolean {
  return !url || /^https:\/\/login\.microsoftonline\.(com|us)\//i.test(`${url}/`);
}
