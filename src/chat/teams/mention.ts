/**
 * Turns the text of an inbound Teams message into the bare command the parser expects (chat-platforms.md §8).
 * botbuilder's `removeRecipientMention` removes only the first matching mention and leaves `&nbsp;`; the HTML copy
 * of a message can also carry block tags and the bot's name as plain text.
 */

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** One pass, so `&amp;lt;` becomes `&lt;` and not `<`. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      // A code point outside Unicode, or a NUL, would throw or smuggle a control character into the parser.
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes every `<at>…</at>` mention (the bot's and anyone else's), the HTML copy's block tags, entities such as
 * `&nbsp;`, line breaks and repeated whitespace, then a leading `@BotName` or `BotName` typed as plain text.
 */
export function stripMentions(text: string, botNames: string[]): string {
  let s = text
    .replace(/<at(?:\s[^>]*)?>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<\/?(?:p|div|span|br)(?:\s[^>]*)?\/?>/gi, ' ');
  s = decodeEntities(s)
    .replace(/\s+/g, ' ')
    .trim();
  // Longest first, so "TeamViewer Bot" wins over "TeamViewer".
  const names = botNames.map((n) => n.trim()).filter(Boolean).sort((a, b) => b.length - a.length);
  if (names.length) {
    const lead = new RegExp(`^@?(?:${names.map(escapeRegExp).join('|')})(?=$|[\\s:,])[\\s:,]*`, 'i');
    s = s.replace(lead, '');
  }
  return s;
}
