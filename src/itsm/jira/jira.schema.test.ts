import { describe, expect, it } from 'vitest';
import { jiraEnvSchema, toJiraConfig } from './jira.schema.js';

const base = { JIRA_URL: 'https://acme.atlassian.net/', JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: 'tok' };
const problems = (env: Record<string, string>) => {
  const r = jiraEnvSchema.safeParse(env);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
};

describe('Jira settings', () => {
  it('fills the defaults: TeamViewer ID attribute, Computer type, Assets through the site gateway', () => {
    expect(toJiraConfig(jiraEnvSchema.parse(base))).toEqual({
      provider: 'jira',
      url: 'https://acme.atlassian.net',
      email: 'bot@acme.example',
      apiToken: 'tok',
      assetField: 'TeamViewer ID',
      assetsObjectType: 'Computer',
      assetsApiUrl: 'https://acme.atlassian.net/gateway/api/jsm/assets',
    });
  });

  it('takes the optional Assets settings', () => {
    const c = toJiraConfig(jiraEnvSchema.parse({ ...base, JIRA_ASSETS_API_URL: 'https://api.atlassian.com/jsm/assets/', JIRA_ASSETS_FIELD: 'customfield_10050', JIRA_ASSETS_OBJECT_TYPE: 'Laptop', ITSM_ASSET_TEAMVIEWER_FIELD: 'TV-ID' }));
    expect(c).toMatchObject({ assetsApiUrl: 'https://api.atlassian.com/jsm/assets', assetsCustomField: 'customfield_10050', assetsObjectType: 'Laptop', assetField: 'TV-ID' });
  });

  it('says what to put where when settings are missing or wrong', () => {
    expect(problems({})).toEqual([
      expect.stringMatching(/^JIRA_URL is required with ITSM_PROVIDER=jira: your site URL/),
      expect.stringMatching(/^JIRA_EMAIL is required/),
      expect.stringMatching(/^JIRA_API_TOKEN is required.*id\.atlassian\.com/),
    ]);
    expect(problems({ ...base, JIRA_URL: 'https://acme.atlassian.net/jira/servicedesk/projects/SD' })).toEqual([expect.stringMatching(/^JIRA_URL must be your site root/)]);
    expect(problems({ ...base, JIRA_EMAIL: 'bot' })).toEqual([expect.stringMatching(/^JIRA_EMAIL must be the e-mail address/)]);
    expect(problems({ ...base, JIRA_ASSETS_FIELD: '10050' })).toEqual([expect.stringMatching(/^JIRA_ASSETS_FIELD must be a custom field id/)]);
    expect(problems({ ...base, JIRA_URL: 'https://bot%40acme.example:tok@acme.atlassian.net' })).toEqual([expect.stringMatching(/^JIRA_URL must not contain a user name or token.*JIRA_API_TOKEN/)]);
    expect(problems({ ...base, JIRA_ASSETS_API_URL: 'https://u:tok@api.atlassian.com/jsm/assets' })).toEqual([expect.stringMatching(/^JIRA_ASSETS_API_URL must not contain a user name or token/)]);
  });
});
