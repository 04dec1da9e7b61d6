import { BotError } from '../../core/errors.js';
import { createSmtpMailer } from '../../mail/smtp.mailer.js';
import { fail, info, ok, probe, warn, type CheckContext, type CheckLine, type DoctorCheck } from '../check.js';

const PART = 'SMTP';
const URL_SHAPE = 'smtp://user:password@host:587 or smtps://user:password@host:465, special characters in the password URL-encoded';

/** What nodemailer puts on its errors (code: EAUTH, ESOCKET, EDNS, ETLS …; responseCode: the SMTP reply). */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  message?: string;
  response?: string;
}

const TLS_TROUBLE = /\b(ssl|tls|certificate|self[- ]signed|wrong version number|EPROTO|CERT_\w+|UNABLE_TO_\w+)\b/i;

/** Sorts a verify() failure into sign-in, TLS, name, reachability, each with its fix. */
export function smtpFailureLine(err: unknown, where: string, user: string | undefined): CheckLine {
  const e = ((err instanceof BotError ? err.cause : err) ?? {}) as SmtpFailure;
  const raw = (e.response ?? e.message ?? String(err)).split('\n')[0] ?? '';
  // OpenSSL's text carries its source location; the reason is the part after "SSL routines:<function>:".
  const said = (/SSL routines:[^:]*:([^:]+)/.exec(raw)?.[1] ?? raw).slice(0, 160);
  if (e.code === 'EAUTH' || e.responseCode === 535 || e.responseCode === 534) {
    return fail(PART, `${where} refused the sign-in${user ? ` of user ${user}` : ''} (${said})`, `correct the user name or password in SMTP_URL (${URL_SHAPE})`);
  }
  if (e.code === 'ETLS' || TLS_TROUBLE.test(said)) {
    return fail(PART, `TLS with ${where} failed (${said})`, 'smtps:// speaks TLS from the first byte (usually port 465); a server on 587 or 25 upgrades with STARTTLS and needs smtp://. A certificate Node does not trust needs fixing on the server, or its CA in NODE_EXTRA_CA_CERTS');
  }
  if (e.code === 'EDNS') return fail(PART, `the host of SMTP_URL is not known (${said})`, 'correct the host name in SMTP_URL');
  if (e.code === 'ESOCKET' || e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT') {
    return fail(PART, `${where} not reachable (${said})`, 'check host and port in SMTP_URL, and that this machine may reach the mail server (firewall)');
  }
  return fail(PART, `${where} answered: ${said}`, `check SMTP_URL (${URL_SHAPE})`);
}

/** nodemailer `verify()`: connect, TLS, sign in; no mail is sent. */
export const smtpCheck: DoctorCheck = {
  part: PART,
  applies: () => true,
  async run(ctx: CheckContext): Promise<CheckLine[]> {
    const { smtpUrl, from } = ctx.config.mail;
    if (!smtpUrl) return [info(PART, 'SMTP_URL is not set: invitations are not e-mailed; agents get the customer link to pass on')];
    const u = new URL(smtpUrl);
    const user = u.username ? decodeURIComponent(u.username) : undefined;
    const where = `${u.protocol}//${u.host}`;
    const mailer = createSmtpMailer(ctx.config.mail, ctx.timeoutMs);
    // verify() may take a connect, a greeting and a sign-in, each with the time limit.
    const lines = await probe(PART, where, ctx.timeoutMs * 2, 'check host and port in SMTP_URL, and that this machine may reach the mail server', async () => {
      try {
        await mailer.verify();
      } catch (err) {
        return smtpFailureLine(err, where, user);
      }
      return ok(PART, `${where} accepted the connection${user ? ` and the sign-in of user ${user}` : ' (SMTP_URL has no user, so no sign-in was tried)'}`);
    });
    if (/@localhost>?$/.test(from)) {
      lines.push(warn(PART, `MAIL_FROM is not set: invitations would come from ${from}, which most mail servers refuse or file as spam`, 'set MAIL_FROM to an address of your domain that the SMTP user may send as'));
    }
    return lines;
  },
};
