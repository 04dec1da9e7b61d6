import { describe, expect, it } from 'vitest';
import { cherwellModule } from './index.js';
import { normaliseCherwellUrl } from './cherwell.schema.js';

const base = { CHERWELL_URL: 'https://acme.cherwellondemand.com/CherwellAPI', CHERWELL_CLIENT_ID: 'key', CHERWELL_USERNAME: 'svc', CHERWELL_PASSWORD: 'pw' };

function parse(env: Record<string, string | undefined>) {
  const r = cherwellModule.envSchema.safeParse(env);
  return r.success ? { config: cherwellModule.toConfig(r.data) } : { problems: r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`) };
}

describe('Cherwell settings', () => {
  it.each([
    ['https://h.example.com', 'https://h.example.com/CherwellAPI'],
    ['https://h.example.com/', 'https://h.example.com/CherwellAPI'],
    ['https://h.example.com/CherwellAPI/', 'https://h.example.com/CherwellAPI'],
    ['https://h.example.com/CherwellAPI/api/V1', 'https://h.example.com/CherwellAPI'],
    ['https://h.example.com/cherwellapi/api/', 'https://h.example.com/cherwellapi'],
    ['https://h.example.com/csm/CherwellAPI', 'https://h.example.com/csm/CherwellAPI'],
  ])('normalises %s', (input, expected) => {
    expect(normaliseCherwellUrl(input)).toBe(expected);
  });

  it('applies defaults and keeps the password and client key secret', () => {
    const { config } = parse({ ...base, CHERWELL_URL: 'https://acme.cherwellondemand.com' });
    expect(config).toEqual({
      provider: 'cherwell',
      url: 'https://acme.cherwellondemand.com/CherwellAPI',
      clientId: 'key',
      username: 'svc',
      password: 'pw',
      authMode: 'Internal',
      assetField: 'TeamViewerID',
      ticketBusOb: 'Incident',
      ciType: 'ConfigComputer',
      assetNameField: 'HostName',
    });
    expect(config && cherwellModule.secrets(config)).toEqual(['pw', 'key']);
  });

  it('accepts the auth mode in any case and the optional names', () => {
    const { config } = parse({ ...base, CHERWELL_AUTH_MODE: 'ldap', CHERWELL_CI_TYPE: 'ConfigServer', CHERWELL_ASSET_NAME_FIELD: 'FriendlyName', ITSM_ASSET_TEAMVIEWER_FIELD: 'TVID' });
    expect(config).toMatchObject({ authMode: 'LDAP', ciType: 'ConfigServer', assetNameField: 'FriendlyName', assetField: 'TVID' });
  });

  it('lists every problem with what to put there', () => {
    const { problems } = parse({ CHERWELL_AUTH_MODE: 'Kerberos', CHERWELL_CI_TYPE: 'Config Computer' });
    expect(problems).toEqual([
      expect.stringMatching(/^CHERWELL_URL is required with ITSM_PROVIDER=cherwell: the REST API base/),
      expect.stringMatching(/^CHERWELL_CLIENT_ID is required .*REST API client key/),
      expect.stringMatching(/^CHERWELL_USERNAME is required/),
      expect.stringMatching(/^CHERWELL_PASSWORD is required/),
      'CHERWELL_AUTH_MODE must be Internal, LDAP, SAML or Windows, got "Kerberos"',
      expect.stringMatching(/^CHERWELL_CI_TYPE must be the internal name of a Cherwell configuration item type/),
    ]);
  });
});
