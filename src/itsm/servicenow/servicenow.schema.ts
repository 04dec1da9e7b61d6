import { z } from 'zod';
import { httpUrl } from '../../config/env-helpers.js';

export const servicenowEnvSchema = z.object({
  SERVICENOW_URL: z.string({ message: 'is required with ITSM_PROVIDER=servicenow: your instance URL, e.g. https://acme.service-now.com' }).pipe(httpUrl('ServiceNow instance')),
  SERVICENOW_USERNAME: z.string({ message: 'is required with ITSM_PROVIDER=servicenow: the integration user (roles itil + read on cmdb_ci_*)' }).trim().min(1, 'is empty'),
  SERVICENOW_PASSWORD: z.string({ message: "is required with ITSM_PROVIDER=servicenow: the integration user's password" }).min(1, 'is empty'),
  ITSM_ASSET_TEAMVIEWER_FIELD: z.string().optional().transform((v) => v?.trim() || 'u_teamviewer_id'),
});

export interface ServiceNowConfig {
  provider: 'servicenow';
  url: string;
  username: string;
  password: string;
  assetField: string;
}

export function toServiceNowConfig(v: z.infer<typeof servicenowEnvSchema>): ServiceNowConfig {
  return { provider: 'servicenow', url: v.SERVICENOW_URL, username: v.SERVICENOW_USERNAME, password: v.SERVICENOW_PASSWORD, assetField: v.ITSM_ASSET_TEAMVIEWER_FIELD };
}
