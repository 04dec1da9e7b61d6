import { request } from 'undici';

export interface BrowserStep {
  url: string;
  status: number;
  location?: string;
  body: string;
}

/**
 * Follows a link the way a browser would: redirects one by one, keeping cookies per host name (like browsers, not per port: RFC 6265 §8.5). The sandbox uses it to
 * walk the linking flow (bot /start → TeamViewer authorize → bot /callback); the integration tests use it too.
 */
export class MiniBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  private cookieHeader(url: URL): string | undefined {
    const c = this.jar.get(url.hostname);
    return c && c.size ? [...c].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }

  private store(url: URL, setCookie: string | string[] | undefined): void {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const jar = this.jar.get(url.hostname) ?? new Map<string, string>();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') jar.delete(name);
      else jar.set(name, value);
      this.jar.set(url.hostname, jar);
    }
  }

  async open(start: string, maxRedirects = 10): Promise<BrowserStep[]> {
    const steps: BrowserStep[] = [];
    let url = new URL(start);
    for (let i = 0; i <= maxRedirects; i++) {
      const cookie = this.cookieHeader(url);
      const res = await request(url, { method: 'GET', headers: cookie ? { cookie } : {} });
      const body = await res.body.text();
      this.store(url, res.headers['set-cookie']);
      const location = res.headers.location;
      const loc = Array.isArray(location) ? location[0] : location;
      steps.push({ url: url.toString(), status: res.statusCode, body, ...(loc ? { location: loc } : {}) });
      if (res.statusCode < 300 || res.statusCode >= 400 || !loc) return steps;
      url = new URL(loc, url);
    }
    return steps;
  }
}
