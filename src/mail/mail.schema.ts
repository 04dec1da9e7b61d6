import { z } from 'zod';
import { optionalString } from '../config/env-helpers.js';

export const mailEnvSchema = z.object({
  SMTP_URL: optionalString.refine((v) => v === undefined || (/^smtps?:\/\//i.test(v) && URL.canParse(v)), {
    message: 'must look like smtp://user:pass@host:587 or smtps://user:pass@host:465 (URL-encode special characters in the password)',
  }),
  MAIL_FROM: optionalString,
});

export interface MailConfig {
  smtpUrl?: string;
  from: string;
}

export function toMailConfig(v: z.infer<typeof mailEnvSchema>): MailConfig {
  return { ...(v.SMTP_URL ? { smtpUrl: v.SMTP_URL } : {}), from: v.MAIL_FROM ?? 'TeamViewer ChatOps <noreply@localhost>' };
}
