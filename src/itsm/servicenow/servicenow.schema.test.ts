import { describe, expect, it } from 'vitest';
import { servicenowEnvSchema, toServiceNowConfig } from './servicenow.schema.js';

const base = { SERVICENOW_URL: 'https://acme.service-now.com/', SERVICENOW_USERNAME: 'svc', SERVICENOW_PASSWORD: 'pw' };

describe('ServiceNow settings', () => {
  it('defaults the TeamViewer column to u_teamviewer_id and trims the URL', () => {
    expect(toServiceNowConfig(servicenowEnvSchema.parse(base))).toEqual({ provider: 'servicenow', url: 'https://acme.service-now.com', username: 'svc', password: 'pw', assetField: 'u_teamviewer_id' });
    expect(servicenowEnvSchema.parse({ ...base, ITSM_ASSET_TEAMVIEWER_FIELD: ' u_tv_id ' }).ITSM_ASSET_TEAMVIEWER_FIELD).toBe('u_tv_id');
  });

  it('refuses a column name that could not be a dictionary column (it goes into sysparm_fields)', () => {
    for (const bad of ['TeamViewer ID', 'u_tv,sys_id', 'u_tv^x']) {
      const r = servicenowEnvSchema.safeParse({ ...base, ITSM_ASSET_TEAMVIEWER_FIELD: bad });
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message).toContain('u_teamviewer_id');
    }
  });

  it('refuses credentials inside SERVICENOW_URL (they would end up in every ticket link)', () => {
    const r = servicenowEnvSchema.safeParse({ ...base, SERVICENOW_URL: 'https://svc:s3cret@acme.service-now.com' });
    expect(r.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`)).toEqual([
      'SERVICENOW_URL must not contain a user name or password; put those into SERVICENOW_USERNAME and SERVICENOW_PASSWORD',
    ]);
  });

  it('says what to put in a missing setting', () => {
    const r = servicenowEnvSchema.safeParse({});
    expect(r.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`)).toEqual([
      'SERVICENOW_URL is required with ITSM_PROVIDER=servicenow: your instance URL, e.g. https://acme.service-now.com',
      'SERVICENOW_USERNAME is required with ITSM_PROVIDER=servicenow: the integration user (roles itil + read on cmdb_ci_*)',
      "SERVICENOW_PASSWORD is required with ITSM_PROVIDER=servicenow: the integration user's password",
    ]);
  });
});
