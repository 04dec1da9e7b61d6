import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import { currentContext } from './request-context.js';

/**
 * Secrets never reach a log line (issue point 9). Three layers: pino `redact` for known field names; a scrubber
 * that replaces every registered secret value (client secret, signing secret, tokens as they are decrypted)
 * wherever it appears in the serialised line; and patterns for bearer headers, supporter links and OAuth
 * query parameters that carry credentials.
 */
export class SecretScrubber {
  private readonly secrets = new Set<string>();
  private readonly max = 5000;

  register(value: string | undefined): void {
    if (!value || value.length < 6) return;
    // Lines are JSON: a secret with `"` or `\` appears escaped, once more inside a JSON string logged as a field.
    for (let v = value, i = 0; i < 3; i++) {
      this.add(v);
      const escaped = JSON.stringify(v).slice(1, -1);
      if (escaped === v) break;
      v = escaped;
    }
  }

  private add(value: string): void {
    if (this.secrets.has(value)) return;
    if (this.secrets.size >= this.max) {
      const first = this.secrets.values().next().value;
      if (first !== undefined) this.secrets.delete(first);
    }
    this.secrets.add(value);
  }

  scrub(line: string): string {
    let out = line;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('[REDACTED]');
    return out
      .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi, '$1[REDACTED]')
      .replace(/(basic\s+)[A-Za-z0-9+/=]{6,}/gi, '$1[REDACTED]')
      .replace(/(servicequeuetoken=)[^&"\s\\]+/gi, '$1[REDACTED]')
      .replace(/(get\.teamviewer\.com\/v\d+\/s\d+-)[^"\s\\]+/gi, '$1[REDACTED]')
      .replace(/([?&](?:code|state|t|code_verifier|refresh_token|access_token|client_secret)=)[^&"\s\\]+/gi, '$1[REDACTED]')
      .replace(/(smtps?:\/\/[^:/\s"]+:)[^@\s"]+@/gi, '$1[REDACTED]@');
  }
}

const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.cookie',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  'client_secret',
  '*.client_secret',
  'code_verifier',
  '*.code_verifier',
  'codeVerifier',
  '*.codeVerifier',
  'password',
  '*.password',
  'token',
  '*.token',
  'supporterLink',
  'webSupporterLink',
  '*.supporterLink',
  '*.webSupporterLink',
  'supporter_link',
  'webclient_supporter_link',
  '*.supporter_link',
  '*.webclient_supporter_link',
];

export interface LoggerOptions {
  level: string;
  scrubber: SecretScrubber;
  /** Defaults to stdout; tests pass a capturing stream. */
  destination?: DestinationStream;
  pretty?: boolean;
}

export type Logger = PinoLogger;

export function createLogger(opts: LoggerOptions): Logger {
  const target = opts.destination ?? pino.destination(1);
  const scrubbing: DestinationStream = {
    write(line: string) {
      target.write(opts.scrubber.scrub(line));
    },
  };
  return pino(
    {
      level: opts.level,
      base: { service: 'teamviewer-chatops' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      mixin() {
        const ctx = currentContext();
        return ctx ? { cid: ctx.cid } : {};
      },
      serializers: { err: pino.stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    scrubbing,
  );
}
