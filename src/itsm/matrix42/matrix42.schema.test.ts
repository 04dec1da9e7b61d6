import { describe, expect, it } from 'vitest';
import { matrix42EnvSchema, normaliseMatrix42Url, toMatrix42Config } from './matrix42.schema.js';

const parse = (env: Record<string, string>) => matrix42EnvSchema.safeParse({ MATRIX42_API_TOKEN: 'tok', ...env });

describe('Matrix42 settings', () => {
  it.each(['https://esm.example.com', 'https://esm.example.com/', 'https://esm.example.com/m42Services', 'https://esm.example.com/M42Services/', 'https://esm.example.com/m42Services/api'])(
    'normalises %s so /m42Services appears once',
    (url) => {
      expect(normaliseMatrix42Url(url)).toBe('https://esm.example.com/m42Services');
      const r = parse({ MATRIX42_URL: url });
      expect(r.success && r.data.MATRIX42_URL).toBe('https://esm.example.com/m42Services');
    },
  );

  it('keeps a path in front of m42Services', () => {
    expect(normaliseMatrix42Url('https://host/esm/m42Services')).toBe('https://host/esm/m42Services');
  });

  it('has defaults for everything but the URL and the API token', () => {
    const r = parse({ MATRIX42_URL: 'https://esm.example.com' });
    if (!r.success) throw r.error;
    expect(toMatrix42Config(r.data)).toEqual({
      provider: 'matrix42',
      url: 'https://esm.example.com/m42Services',
      apiToken: 'tok',
      assetField: 'Ud_TeamViewerId',
      journalMode: 'auto',
      ticketAssetAttribute: 'Asset',
      language: 'en-US',
    });
  });

  it('reads the optional settings, with none turning the asset relation off', () => {
    const r = parse({ MATRIX42_URL: 'https://x', ITSM_ASSET_TEAMVIEWER_FIELD: 'TV_Id', MATRIX42_JOURNAL_MODE: 'Object-Update', MATRIX42_TICKET_ASSET_ATTRIBUTE: 'none', MATRIX42_LANGUAGE: 'de-DE' });
    if (!r.success) throw r.error;
    expect(toMatrix42Config(r.data)).toMatchObject({ assetField: 'TV_Id', journalMode: 'object-update', ticketAssetAttribute: undefined, language: 'de-DE' });
  });

  it('explains missing and wrong settings', () => {
    const missing = matrix42EnvSchema.safeParse({});
    expect(missing.success).toBe(false);
    const text = missing.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('\n') ?? '';
    expect(text).toMatch(/MATRIX42_URL is required with ITSM_PROVIDER=matrix42/);
    expect(text).toMatch(/MATRIX42_API_TOKEN .*Administration → Integration → API Tokens/);
    const wrong = parse({ MATRIX42_URL: 'esm', ITSM_ASSET_TEAMVIEWER_FIELD: "x' OR 1=1", MATRIX42_JOURNAL_MODE: 'shell', MATRIX42_TICKET_ASSET_ATTRIBUTE: 'a.b', MATRIX42_LANGUAGE: 'german please' });
    expect(wrong.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['ITSM_ASSET_TEAMVIEWER_FIELD', 'MATRIX42_JOURNAL_MODE', 'MATRIX42_LANGUAGE', 'MATRIX42_TICKET_ASSET_ATTRIBUTE', 'MATRIX42_URL']);
  });
});
