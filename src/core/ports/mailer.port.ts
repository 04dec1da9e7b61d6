/** Outbound e-mail (immich style: templates are rendered elsewhere, this only sends). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
}

export interface Mailer {
  /** Whether sending is configured at all (`SMTP_URL` set). */
  readonly enabled: boolean;
  send(message: MailMessage): Promise<{ messageId: string }>;
  verify(): Promise<void>;
}
