import { z } from 'zod';
import { httpUrl, optionalString } from '../../config/env-helpers.js';

/** Slack is on when SLACK_SIGNING_SECRET is present; then an empty secret is an error (bolt 4.x defaulted to ''). */
export const slackEnvSchema = z.object({
  SLACK_SIGNING_SECRET: z.string().trim().min(1, 'is set but empty: copy the Signing Secret from your Slack app (Basic Information → App Credentials)'),
  SLACK_BOT_TOKEN: z
    .string({ message: 'is required when Slack is on: install the app to your workspace and copy the Bot User OAuth Token (xoxb-…)' })
    .trim()
    .regex(/^xox[bp]-/, 'must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token)'),
  SLACK_API_URL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || 'https://slack.com/api/')
    .pipe(httpUrl('Slack Web API base'))
    .transform((v) => `${v}/`),
  SLACK_LOG_CHANNEL: optionalString,
});

export type SlackConfig = {
  signingSecret: string;
  botToken: string;
  apiUrl: string;
  logChannel?: string;
};

export function toSlackConfig(v: z.infer<typeof slackEnvSchema>): SlackConfig {
  return { signingSecret: v.SLACK_SIGNING_SECRET, botToken: v.SLACK_BOT_TOKEN, apiUrl: v.SLACK_API_URL, ...(v.SLACK_LOG_CHANNEL ? { logChannel: v.SLACK_LOG_CHANNEL } : {}) };
}
