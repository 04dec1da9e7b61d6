/**
 * SMTP sink on loopback (style.md §3.9 "E-mail", §3.10 SMTP row): a real `smtp-server` that checks the configured
 * AUTH credentials, keeps every accepted message parsed for inspection and can refuse the next transactions with a
 * chosen reply code. Plain text only: STARTTLS is disabled, so the bot must be able to talk to it without TLS.
 */
import type { AddressInfo } from 'node:net';
import { systemClock, type SimClock } from '../shared/sim-server.js';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import { parseReceivedMail, type ReceivedMail } from './received-mail.js';

export type { ReceivedAttachment, ReceivedMail } from './received-mail.js';

export interface SmtpSimOptions {
  host?: string;
  port?: number;
  /** When set, AUTH (PLAIN or LOGIN) is required and checked against username/password. */
  username?: string;
  password?: string;
  /** Advertised SIZE limit in bytes; larger messages get 552. Unlimited when unset. */
  maxMessageBytes?: number;
  /** Stamps `receivedAt`; share the test clock to line mails up with simulated time. */
  clock?: SimClock;
}

/** Where a failure is answered: greeting (`connect`), AUTH, MAIL FROM (`mail`), RCPT TO (`rcpt`) or after DATA. */
export type SmtpFailureStage = 'connect' | 'auth' | 'mail' | 'rcpt' | 'data';

export interface SmtpFailure {
  /** Reply code, e.g. 451 (transient: the client should retry later) or 550 (permanent). */
  code: number;
  message?: string;
  /** How many commands at that stage fail (default 1). */
  times?: number;
  /** Where the failure is answered (default 'data', after the whole message was sent). */
  stage?: SmtpFailureStage;
}

export interface SmtpSim {
  /** `smtp://user:pass@127.0.0.1:PORT`, or without credentials when auth is off: the bot's SMTP_URL. */
  url: string;
  port: number;
  /** Accepted messages, in order of acceptance. Refused ones are never added. */
  messages: ReceivedMail[];
  /** Resolves with the first message (already received or arriving later) matching `pred`. Default timeout 5 s. */
  waitForMessage(pred?: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  failNext(f: SmtpFailure): void;
  stop(): Promise<void>;
}

const DEFAULT_MESSAGES: Readonly<Record<SmtpFailureStage, string>> = {
  connect: '5.3.2 Service not available, closing transmission channel',
  auth: '5.7.8 Error: authentication failed',
  mail: '5.7.1 Sender address rejected',
  rcpt: '5.1.1 Recipient address rejected',
  data: '5.3.0 Message rejected',
};

function smtpError(code: number, message: string): SMTPServerError {
  const err: SMTPServerError = new Error(message);
  err.responseCode = code;
  return err;
}

function defaultMessage(f: SmtpFailure, stage: SmtpFailureStage): string {
  // 4xx replies say "try again" so clients treat them as transient; 5xx keep the stage's permanent wording.
  return f.code >= 400 && f.code < 500 ? '4.3.0 Temporary failure, try again later' : DEFAULT_MESSAGES[stage];
}

interface Waiter {
  pred: (m: ReceivedMail) => boolean;
  resolve: (m: ReceivedMail) => void;
}

export async function startSmtpSim(opts: SmtpSimOptions = {}): Promise<SmtpSim> {
  const host = opts.host ?? '127.0.0.1';
  const authRequired = opts.username !== undefined;
  const messages: ReceivedMail[] = [];
  const failures: Array<Required<Pick<SmtpFailure, 'code' | 'stage'>> & { message: string; left: number }> = [];
  let waiters: Waiter[] = [];

  /** Takes one queued failure for this stage, if any. */
  const takeFailure = (stage: SmtpFailureStage): SMTPServerError | undefined => {
    const f = failures.find((x) => x.stage === stage && x.left > 0);
    if (!f) return undefined;
    f.left -= 1;
    if (f.left <= 0) failures.splice(failures.indexOf(f), 1);
    return smtpError(f.code, f.message);
  };

  const accept = (mail: ReceivedMail): void => {
    messages.push(mail);
    const ready = waiters.filter((w) => w.pred(mail));
    waiters = waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(mail);
  };

  const server = new SMTPServer({
    name: 'smtp-sim.local',
    banner: 'teamviewer-chatops SMTP sink',
    logger: false,
    secure: false,
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: !authRequired,
    allowInsecureAuth: true,
    ...(opts.maxMessageBytes !== undefined ? { size: opts.maxMessageBytes } : {}),
    // Pooled clients keep connections open; don't let stop() wait the default 30 s for them.
    closeTimeout: 100,
    onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
      const injected = takeFailure('auth');
      if (injected) return callback(injected);
      const ok = !authRequired || (auth.username === opts.username && auth.password === opts.password);
      if (!ok) return callback(smtpError(535, '5.7.8 Error: authentication failed: Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onConnect(_session, callback) {
      callback(takeFailure('connect') ?? null);
    },
    onMailFrom(_address, _session, callback) {
      callback(takeFailure('mail') ?? null);
    },
    onRcptTo(_address, _session, callback) {
      callback(takeFailure('rcpt') ?? null);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // The whole message must be read before answering, or the client sees the reply mid-DATA.
        if (stream.sizeExceeded) return callback(smtpError(552, '5.3.4 Error: message exceeds fixed maximum message size'));
        const injected = takeFailure('data');
        if (injected) return callback(injected);
        const raw = Buffer.concat(chunks);
        const { mailFrom, rcptTo } = session.envelope;
        const envelope = {
          from: mailFrom === false ? '' : mailFrom.address,
          to: rcptTo.map((r) => r.address),
          authUser: typeof session.user === 'string' ? session.user : undefined,
        };
        parseReceivedMail(raw, envelope, (opts.clock ?? systemClock).now()).then(
          (mail) => {
            accept(mail);
            callback(null, `2.0.0 OK: queued as ${session.id}`);
          },
          (err: unknown) => callback(smtpError(554, `5.6.0 Message could not be parsed: ${String(err)}`)),
        );
      });
    },
  });
  // Client resets and protocol errors are the client's business; they must not crash the test process.
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = authRequired ? `${encodeURIComponent(opts.username ?? '')}:${encodeURIComponent(opts.password ?? '')}@` : '';

  return {
    url: `smtp://${credentials}${host}:${port}`,
    port,
    messages,
    waitForMessage(pred = () => true, timeoutMs = 5000) {
      const already = messages.find(pred);
      if (already) return Promise.resolve(already);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter: Waiter = {
          pred,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`SMTP sim: no matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    failNext(f) {
      const stage = f.stage ?? 'data';
      failures.push({ code: f.code, stage, message: f.message ?? defaultMessage(f, stage), left: f.times ?? 1 });
    },
    stop() {
      return new Promise<void>((resolve) => {
        for (const connection of server.connections) connection.close();
        server.close(() => resolve());
      });
    },
  };
}
