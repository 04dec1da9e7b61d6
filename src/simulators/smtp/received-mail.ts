/**
 * A message as the SMTP sink keeps it: the envelope (what the client said in MAIL FROM / RCPT TO) next to the
 * parsed headers and bodies, because the two differ (Bcc recipients exist only in the envelope).
 */
import { simpleParser, type AddressObject } from 'mailparser';

export interface ReceivedAttachment {
  filename: string;
  contentType: string;
  size: number;
}

export interface ReceivedMail {
  /** MAIL FROM address ('' for the null sender). */
  envelopeFrom: string;
  /** RCPT TO addresses, in order. */
  envelopeTo: string[];
  /** Address of the `From:` header. */
  from: string;
  /** Display name of the `From:` header, '' when absent. */
  fromName: string;
  /** Addresses of the `To:` header. */
  to: string[];
  /** Addresses of the `Cc:` header. */
  cc: string[];
  subject: string;
  /** Plain-text body ('' when the message has none). */
  text: string;
  /** HTML body ('' when the message has none). */
  html: string;
  /** `Message-ID:` header including the angle brackets, '' when absent. */
  messageId: string;
  /** `Date:` header, undefined when absent or unparsable. */
  date: Date | undefined;
  /** The message exactly as received after DATA (headers and body, CRLF line ends). */
  raw: string;
  /** SMTP AUTH user name of the session, undefined when the client did not authenticate. */
  authUser: string | undefined;
  attachments: ReceivedAttachment[];
  /** When the sink accepted it. */
  receivedAt: Date;
}

export interface Envelope {
  from: string;
  to: string[];
  authUser: string | undefined;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  // Group syntax (`Team: a@x, b@x;`) nests addresses one level down.
  return list
    .flatMap((a) => a.value)
    .flatMap((v) => (v.group ? v.group : [v]))
    .flatMap((v) => (v.address ? [v.address] : []));
}

export async function parseReceivedMail(raw: Buffer, envelope: Envelope, receivedAt: Date): Promise<ReceivedMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const sender = parsed.from?.value[0];
  return {
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    from: sender?.address ?? '',
    fromName: sender?.name ?? '',
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html === false ? '' : parsed.html,
    messageId: parsed.messageId ?? '',
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : undefined,
    raw: raw.toString('utf8'),
    authUser: envelope.authUser,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, size: a.size })),
    receivedAt,
  };
}
