import { z } from 'zod';
import { httpUrl, optionalString } from '../../config/env-helpers.js';

const REQUIRED = 'is required with ITSM_PROVIDER=jira';

/** Credentials in a URL would travel into every issue link the bot shows; they belong in JIRA_EMAIL and JIRA_API_TOKEN. */
const noCredentials = (v: string) => !new URL(v).username && !new URL(v).password;
const CREDENTIALS_MESSAGE = 'must not contain a user name or token; put those into JIRA_EMAIL and JIRA_API_TOKEN';

/** A Jira Cloud site is addressed by its root; a URL copied from the browser carries /jira/… or /browse/…. */
const siteRoot = httpUrl('Jira site')
  .refine(noCredentials, { message: CREDENTIALS_MESSAGE })
  .refine((v) => new URL(v).pathname.replace(/\/+$/, '') === '', {
    message: 'must be your site root, e.g. https://acme.atlassian.net (without /jira/… or /browse/…)',
  });

export const jiraEnvSchema = z.object({
  JIRA_URL: z.string({ message: `${REQUIRED}: your site URL, e.g. https://acme.atlassian.net` }).pipe(siteRoot),
  JIRA_EMAIL: z
    .string({ message: `${REQUIRED}: the e-mail address of the Atlassian account the bot acts as (a JSM agent)` })
    .trim()
    .refine((v) => /^[^\s@]+@[^\s@]+$/.test(v), { message: 'must be the e-mail address of the Atlassian account the API token belongs to' }),
  JIRA_API_TOKEN: z.string({ message: `${REQUIRED}: an API token of that account, created at id.atlassian.com → Security → API tokens` }).trim().min(1, 'is empty'),
  ITSM_ASSET_TEAMVIEWER_FIELD: z
    .string()
    .optional()
    .transform((v) => v?.trim() || 'TeamViewer ID'),
  JIRA_ASSETS_OBJECT_TYPE: z
    .string()
    .optional()
    .transform((v) => v?.trim() || 'Computer'),
  JIRA_ASSETS_API_URL: optionalString.pipe(httpUrl('Jira Assets REST base, e.g. https://api.atlassian.com/jsm/assets').refine(noCredentials, { message: CREDENTIALS_MESSAGE }).optional()),
  JIRA_ASSETS_FIELD: optionalString.pipe(
    z
      .string()
      .regex(/^customfield_\d+$/, 'must be a custom field id such as customfield_10050 (leave it empty to discover the Assets field)')
      .optional(),
  ),
});

/** Settings of the Jira Service Management (Cloud) connector (itsm-apis.md §4). */
export interface JiraConfig {
  provider: 'jira';
  /** Site root without trailing slash, e.g. `https://acme.atlassian.net`. */
  url: string;
  /** Atlassian account e-mail; with `apiToken` it forms the Basic credentials (§4.1). */
  email: string;
  apiToken: string;
  /** Name of the Assets attribute holding a device's TeamViewer ID (default `TeamViewer ID`). */
  assetField: string;
  /** Assets object type searched by name (default `Computer`). */
  assetsObjectType: string;
  /**
   * Assets REST base up to `/jsm/assets` (the workspace path is appended). Defaults to the site gateway
   * `${url}/gateway/api/jsm/assets`, so the same host and credentials serve both APIs (§4.2).
   */
  assetsApiUrl: string;
  /** Explicit "Assets objects" custom field id; when unset it is discovered through `/rest/api/3/field`. */
  assetsCustomField?: string;
}

export function toJiraConfig(v: z.infer<typeof jiraEnvSchema>): JiraConfig {
  return {
    provider: 'jira',
    url: v.JIRA_URL,
    email: v.JIRA_EMAIL,
    apiToken: v.JIRA_API_TOKEN,
    assetField: v.ITSM_ASSET_TEAMVIEWER_FIELD,
    assetsObjectType: v.JIRA_ASSETS_OBJECT_TYPE,
    assetsApiUrl: v.JIRA_ASSETS_API_URL ?? `${v.JIRA_URL}/gateway/api/jsm/assets`,
    ...(v.JIRA_ASSETS_FIELD ? { assetsCustomField: v.JIRA_ASSETS_FIELD } : {}),
  };
}
