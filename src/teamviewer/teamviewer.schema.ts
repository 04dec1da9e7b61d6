import { z } from 'zod';
import { boolish, httpUrl } from '../config/env-helpers.js';

export const teamviewerEnvSchema = z.object({
  TEAMVIEWER_CLIENT_ID: z
    .string({ message: 'is required: create an app in the TeamViewer Management Console (Edit profile → Apps → Create app) and copy its Client ID' })
    .trim()
    .min(1, 'is empty: copy the Client ID of your TeamViewer app'),
  TEAMVIEWER_CLIENT_SECRET: z
    .string({ message: 'is required: copy the Client secret of your TeamViewer app' })
    .trim()
    .min(1, 'is empty: copy the Client secret of your TeamViewer app'),
  TEAMVIEWER_API_URL: z.string().optional().transform((v) => v?.trim() || 'https://webapi.teamviewer.com/api/v1').pipe(httpUrl('TeamViewer Web API base')),
  TEAMVIEWER_LOGIN_URL: z.string().optional().transform((v) => v?.trim() || 'https://login.teamviewer.com').pipe(httpUrl('TeamViewer login base')),
  TEAMVIEWER_GROUP: z.string().optional().transform((v) => v?.trim() || 'ChatOps'),
  /** teamviewer-api.md §3.3: PKCE support is unverified; a tenant that rejects it can turn it off. */
  TEAMVIEWER_PKCE: boolish(true),
  /**
   * Optional script token of a company administrator (Computers & Contacts: view entries; Device groups: read) for
   * the `assets` job. Without it the job reads the devices of every linked agent instead (teamviewer-api.md §13).
   */
  TEAMVIEWER_API_TOKEN: z.string().optional().transform((v) => v?.trim() || undefined),
});

export interface TeamViewerConfig {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  loginUrl: string;
  group: string;
  pkce: boolean;
  apiToken?: string;
}

export function toTeamViewerConfig(v: z.infer<typeof teamviewerEnvSchema>): TeamViewerConfig {
  return { clientId: v.TEAMVIEWER_CLIENT_ID, clientSecret: v.TEAMVIEWER_CLIENT_SECRET, apiUrl: v.TEAMVIEWER_API_URL, loginUrl: v.TEAMVIEWER_LOGIN_URL, group: v.TEAMVIEWER_GROUP, pkce: v.TEAMVIEWER_PKCE, ...(v.TEAMVIEWER_API_TOKEN ? { apiToken: v.TEAMVIEWER_API_TOKEN } : {}) };
}
