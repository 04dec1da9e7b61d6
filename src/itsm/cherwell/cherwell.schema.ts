import { z } from 'zod';
import { httpUrl } from '../../config/env-helpers.js';

export const CHERWELL_AUTH_MODES = ['Internal', 'LDAP', 'SAML', 'Windows'] as const;
export type CherwellAuthMode = (typeof CHERWELL_AUTH_MODES)[number];

/**
 * The REST base as `https://host/CherwellAPI`, whatever form an admin pasted: with or without `/CherwellAPI`,
 * with the Swagger's `/api` or `/api/V1` tail, with trailing slashes (itsm-apis.md §5: the setting "ends in
 * /CherwellAPI").
 */
export function normaliseCherwellUrl(url: string): string {
  let u = url.replace(/\/+$/, '').replace(/\/api(\/v\d+)?$/i, '');
  if (!/\/CherwellAPI$/i.test(u)) u = `${u}/CherwellAPI`;
  return u;
}

const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;

/** An optional BO or field name (internal name, not display name) with a default. */
const ident = (fallback: string, what: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || fallback)
    .refine((v) => IDENT.test(v), { message: `must be the internal name of a Cherwell ${what} (letters, digits and _), e.g. ${fallback}` });

const authMode = z
  .string()
  .optional()
  .transform((v, ctx): CherwellAuthMode => {
    const t = v?.trim() ?? '';
    if (t === '') return 'Internal';
    const mode = CHERWELL_AUTH_MODES.find((m) => m.toLowerCase() === t.toLowerCase());
    if (mode) return mode;
    ctx.addIssue({ code: 'custom', message: `must be Internal, LDAP, SAML or Windows, got "${t}"` });
    return z.NEVER;
  });

export const cherwellEnvSchema = z.object({
  CHERWELL_URL: z
    .string({ message: 'is required with ITSM_PROVIDER=cherwell: the REST API base, e.g. https://acme.cherwellondemand.com/CherwellAPI' })
    .pipe(httpUrl('Cherwell REST API'))
    .transform(normaliseCherwellUrl),
  CHERWELL_CLIENT_ID: z
    .string({ message: 'is required with ITSM_PROVIDER=cherwell: the REST API client key (CSM Administrator → Security → REST API client settings)' })
    .trim()
    .min(1, 'is empty'),
  CHERWELL_USERNAME: z.string({ message: "is required with ITSM_PROVIDER=cherwell: the API user's login ID (a dedicated user in a limited security group)" }).trim().min(1, 'is empty'),
  CHERWELL_PASSWORD: z.string({ message: "is required with ITSM_PROVIDER=cherwell: the API user's password" }).min(1, 'is empty'),
  CHERWELL_AUTH_MODE: authMode,
  ITSM_ASSET_TEAMVIEWER_FIELD: ident('TeamViewerID', 'field'),
  CHERWELL_TICKET_BO: ident('Incident', 'business object'),
  CHERWELL_CI_TYPE: ident('ConfigComputer', 'configuration item type'),
  CHERWELL_ASSET_NAME_FIELD: ident('HostName', 'field'),
});

export interface CherwellConfig {
  provider: 'cherwell';
  /** REST base ending in `/CherwellAPI`; the token endpoint is `<url>/token`, operations `<url>/api/V1/…`. */
  url: string;
  /** REST API client key, sent as `client_id` (and `api_key`) on token requests. */
  clientId: string;
  username: string;
  password: string;
  /** `auth_mode` of the password grant. */
  authMode: CherwellAuthMode;
  /** CI field holding the TeamViewer ID (admin-added through a blueprint, itsm-apis.md §5.5). */
  assetField: string;
  /** Business object whose public ids agents type (CHERWELL_TICKET_BO, default Incident). */
  ticketBusOb: string;
  /** CI type searched by findAssetsByName (CHERWELL_CI_TYPE, default ConfigComputer). */
  ciType: string;
  /** CI field asset names are matched on (CHERWELL_ASSET_NAME_FIELD, default HostName). */
  assetNameField: string;
}

export function toCherwellConfig(v: z.infer<typeof cherwellEnvSchema>): CherwellConfig {
  return {
    provider: 'cherwell',
    url: v.CHERWELL_URL,
    clientId: v.CHERWELL_CLIENT_ID,
    username: v.CHERWELL_USERNAME,
    password: v.CHERWELL_PASSWORD,
    authMode: v.CHERWELL_AUTH_MODE,
    assetField: v.ITSM_ASSET_TEAMVIEWER_FIELD,
    ticketBusOb: v.CHERWELL_TICKET_BO,
    ciType: v.CHERWELL_CI_TYPE,
    assetNameField: v.CHERWELL_ASSET_NAME_FIELD,
  };
}
