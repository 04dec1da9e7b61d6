import { performance } from 'node:perf_hooks';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { BotError } from '../core/errors.js';
import type { Mailer, MailMessage } from '../core/ports/mailer.port.js';
import type { MailConfig } from './mail.schema.js';

/**
 * nodemailer over SMTP_URL. SMTP 4xx and connection trouble are worth retrying; 5xx (unknown mailbox, policy)
 * are not. The reason text never includes the URL, which carries the password.
 */
export function createSmtpMailer(cfg: MailConfig, timeoutMs: number, onSent?: (ok: boolean, seconds: number) => void): Mailer {
  if (!cfg.smtpUrl) {
    return {
      enabled: false,
      send: () => Promise.reject(new BotError('mail.failed', 'E-mail is not configured (SMTP_URL).', { kind: 'user' })),
      verify: () => Promise.resolve(),
    };
  }
  const options: SMTPTransport.Options = { url: cfg.smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs * 2 };
  const transport: Transporter = nodemailer.createTransport(options);
  return {
    enabled: true,
    async send(m: MailMessage) {
      const t0 = performance.now();
      try {
        const info = (await transport.sendMail({ from: cfg.from, to: m.to, subject: m.subject, text: m.text, html: m.html, ...(m.replyTo ? { replyTo: m.replyTo } : {}) })) as { messageId: string };
        onSent?.(true, (performance.now() - t0) / 1000);
        return { messageId: info.messageId };
      } catch (err) {
        onSent?.(false, (performance.now() - t0) / 1000);
        throw toMailError(err);
      }
    },
    async verify() {
      try {
        await transport.verify();
      } catch (err) {
        throw toMailError(err);
      }
    },
  };
}

function toMailError(err: unknown): BotError {
  const e = err as { responseCode?: number; code?: string; response?: string };
  const code = e.responseCode;
  if (code !== undefined && code >= 500) {
    return new BotError('mail.failed', `the mail server refused it (${code}${e.response ? `: ${e.response.slice(0, 120)}` : ''})`, { kind: 'operational', retryable: false, cause: err, details: { smtpCode: code } });
  }
  const what = code !== undefined ? `the mail server answered ${code}` : `the mail server could not be reached (${e.code ?? 'connection error'})`;
  return new BotError('mail.failed', what, { kind: 'operational', retryable: true, cause: err, details: { smtpCode: code, errorCode: e.code } });
}
