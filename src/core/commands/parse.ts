import { z } from 'zod';
import { ValidationError, says } from '../errors.js';
import { findSpec, type Invocation } from './command-spec.js';

const email = z.email();

/** Slack wraps typed e-mail addresses as `<mailto:a@b|a@b>` and links as `<http…|…>`; unwrap before parsing. */
function unwrapSlackMarkup(word: string): string {
  if (word.startsWith('<@')) return word; // a user mention: the id matters (report @agent)
  const m = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/.exec(word) ?? /^<([^|>]+)\|([^>]+)>$/.exec(word);
  if (!m) return word;
  return word.startsWith('<mailto:') ? (m[1] ?? word) : (m[2] ?? word);
}

/**
 * Parses the words after `/teamviewer` (or after the Teams mention). Unknown verbs and empty input become `help`,
 * so the bot is never silent. Argument errors throw ValidationError with the usage line.
 */
export function parseCommand(text: string): Invocation {
  const words = text
    .replace(/\u00a0/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(unwrapSlackMarkup);
  const [first, ...rest] = words;
  const spec = first ? findSpec(first) : undefined;
  if (!spec) return { verb: 'help', rest: words };

  // The usage line is written in the reader's language from the catalog; errors carry what it needs.
  const usage = { verb: spec.verb, example: spec.examples[0] ?? spec.usage };
  const whichTicket = () => new ValidationError(...says({ key: 'whichTicket', params: usage }));
  const tooMany = () => new ValidationError(...says({ key: 'tooManyWords', params: usage }));
  const inv: Invocation = { verb: spec.verb, rest };
  switch (spec.verb) {
    case 'start':
    case 'share': {
      if (!rest[0]) throw whichTicket();
      if (rest.length > 2) throw tooMany();
      inv.ticket = rest[0];
      if (rest[1] !== undefined) {
        if (!email.safeParse(rest[1]).success) throw new ValidationError(...says({ key: 'notAnEmail', params: { ...usage, word: rest[1] } }));
        inv.email = rest[1];
      }
      return inv;
    }
    case 'close':
      if (!rest[0]) throw whichTicket();
      if (rest.length > 1) throw tooMany();
      inv.ticket = rest[0];
      return inv;
    case 'status':
      if (rest.length > 1) throw tooMany();
      if (rest[0]) inv.ticket = rest[0];
      return inv;
    case 'logs':
    case 'connect':
      if (!rest[0]) throw whichTicket();
      if (rest.length > 1) throw tooMany();
      inv.ticket = rest[0];
      return inv;
    case 'report':
      return parseReport(inv, rest, usage, tooMany);
    default:
      return inv;
  }
}

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** `report [today|week] [@agent]`, in either order. */
function parseReport(inv: Invocation, rest: string[], usage: { verb: Invocation['verb']; example: string }, tooMany: () => ValidationError): Invocation {
  if (rest.length > 2) throw tooMany();
  for (const word of rest) {
    const lower = word.toLowerCase();
    const mention = MENTION.exec(word);
    if ((lower === 'today' || lower === 'week') && !inv.period) inv.period = lower;
    else if (mention?.[1] && !inv.agent) inv.agent = { userId: mention[1] };
    else if (/^@[\p{L}\p{N}._-]{1,80}$/u.test(word) && !inv.agent) inv.agent = { name: word.slice(1) };
    else throw new ValidationError(...says({ key: 'badReportWord', params: { ...usage, word } }));
  }
  return inv;
}
