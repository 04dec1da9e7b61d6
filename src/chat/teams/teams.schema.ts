import { z } from 'zod';
import { boolish, httpUrl, optionalString } from '../../config/env-helpers.js';

const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalUrl = (what: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(httpUrl(what).optional());

/**
 * Teams is on when MICROSOFT_APP_ID is set or TEAMS_ENABLED=true (interface.md). An empty app id turns inbound
 * auth off: local use only (chat-platforms.md §9.4).
 */
export const teamsEnvSchema = z
  .object({
    TEAMS_ENABLED: boolish(false),
    MICROSOFT_APP_ID: optionalString,
    MICROSOFT_APP_PASSWORD: optionalString,
    MICROSOFT_APP_TYPE: z
      .string()
      .optional()
      .transform((v) => v?.trim() || undefined)
      .refine((v) => v === undefined || (APP_TYPES as readonly string[]).includes(v), { message: `must be one of ${APP_TYPES.join(', ')} (new Azure bot registrations are SingleTenant)` }),
    MICROSOFT_APP_TENANT_ID: optionalString,
    BOTFRAMEWORK_OPENID_METADATA_URL: optionalUrl('Bot Framework OpenID metadata'),
    BOTFRAMEWORK_TOKEN_ISSUER: optionalString,
    BOTFRAMEWORK_LOGIN_URL: optionalUrl('Bot Framework login'),
    TEAMS_LOG_CONVERSATION: optionalString,
  })
  .superRefine((v, ctx) => {
    if (!v.MICROSOFT_APP_ID) return;
    if (!GUID.test(v.MICROSOFT_APP_ID)) ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_ID'], message: 'must be the GUID of your Azure bot registration (Configuration → Microsoft App ID)' });
    const type = v.MICROSOFT_APP_TYPE ?? (v.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant');
    if (type !== 'UserAssignedMSI' && !v.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: 'is required with MICROSOFT_APP_ID: a client secret of the bot\'s app registration (Certificates & secrets)' });
    }
    if (type !== 'MultiTenant' && !v.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_TENANT_ID'], message: `is required with MICROSOFT_APP_TYPE=${type}: your Entra tenant id` });
    }
  });

export interface TeamsConfig {
  /** Empty: inbound auth off and no outbound token (local only). */
  appId: string;
  appPassword?: string;
  appType: (typeof APP_TYPES)[number];
  tenantId?: string;
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
  loginUrl?: string;
  logConversation?: string;
}

export function teamsEnabled(env: Record<string, string | undefined>): boolean {
  return Boolean(env.MICROSOFT_APP_ID?.trim()) || /^(true|1|yes|on)$/i.test(env.TEAMS_ENABLED?.trim() ?? '');
}

export function toTeamsConfig(v: z.infer<typeof teamsEnvSchema>): TeamsConfig {
  const appType = (v.MICROSOFT_APP_TYPE as TeamsConfig['appType'] | undefined) ?? (v.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant');
  return {
    appId: v.MICROSOFT_APP_ID ?? '',
    appType,
    ...(v.MICROSOFT_APP_PASSWORD ? { appPassword: v.MICROSOFT_APP_PASSWORD } : {}),
    ...(v.MICROSOFT_APP_TENANT_ID ? { tenantId: v.MICROSOFT_APP_TENANT_ID } : {}),
    ...(v.BOTFRAMEWORK_OPENID_METADATA_URL ? { openIdMetadataUrl: v.BOTFRAMEWORK_OPENID_METADATA_URL } : {}),
    ...(v.BOTFRAMEWORK_TOKEN_ISSUER ? { tokenIssuer: v.BOTFRAMEWORK_TOKEN_ISSUER } : {}),
    ...(v.BOTFRAMEWORK_LOGIN_URL ? { loginUrl: v.BOTFRAMEWORK_LOGIN_URL } : {}),
    ...(v.TEAMS_LOG_CONVERSATION ? { logConversation: v.TEAMS_LOG_CONVERSATION } : {}),
  };
}
