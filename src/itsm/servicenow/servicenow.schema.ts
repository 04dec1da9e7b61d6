import { z } from 'zod';
import { httpUrl } from '../../config/env-helpers.js';

/** Credentials in the URL would travel into every ticket link the bot shows; they belong in their own settings. */
const instanceUrl = httpUrl('ServiceNow instance').refine((v) => !new URL(v).username && !new URL(v).password, {
  message: 'must not contain a user name or password; put those into SERVICENOW_USERNAME and SERVICENOW_PASSWORD',
});

/** ServiceNow's settings (interface.md; itsm-apis.md §3). Read only when ITSM_PROVIDER=servicenow. */
export const servicenowEnvSchema = z.object({
  SERVICENOW_URL: z.string({ message: 'is required with ITSM_PROVIDER=servicenow: your instance URL, e.g. https://acme.service-now.com' }).pipe(instanceUrl),
  SERVICENOW_USERNAME: z.string({ message: 'is required with ITSM_PROVIDER=servicenow: the integration user (roles itil + read on cmdb_ci_*)' }).trim().min(1, 'is empty'),
  SERVICENOW_PASSWORD: z.string({ message: "is required with ITSM_PROVIDER=servicenow: the integration user's password" }).min(1, 'is empty'),
  // The column name goes into sysparm_fields and request bodies, so it must look like a dictionary column name.
  ITSM_ASSET_TEAMVIEWER_FIELD: z
    .string()
    .optional()
    .transform((v) => v?.trim() || 'u_teamviewer_id')
    .refine((v) => /^[a-z][a-z0-9_]*$/.test(v), {
      message: 'must be the column name of the TeamViewer ID on cmdb_ci_computer as ServiceNow spells it (lower case, e.g. u_teamviewer_id)',
    }),
});

export interface ServiceNowConfig {
  provider: 'servicenow';
  /** Instance base URL without a trailing slash, e.g. https://acme.service-now.com. */
  url: string;
  /** Basic-auth integration user (itsm-apis.md §3.1). */
  username: string;
  password: string;
  /** Column of cmdb_ci_computer holding the TeamViewer ID (admin-added; default u_teamviewer_id). */
  assetField: string;
}

export function toServiceNowConfig(v: z.infer<typeof servicenowEnvSchema>): ServiceNowConfig {
  return { provider: 'servicenow', url: v.SERVICENOW_URL, username: v.SERVICENOW_USERNAME, password: v.SERVICENOW_PASSWORD, assetField: v.ITSM_ASSET_TEAMVIEWER_FIELD };
}
