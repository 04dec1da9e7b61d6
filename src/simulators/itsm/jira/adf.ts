/**
 * Atlassian Document Format, as far as comments need it: plain text → one paragraph per line, and back. The
 * platform API v3 takes and returns ADF; the JSM API takes plain (wiki) text (itsm-apis.md §4.2).
 */

export function textToAdf(text: string): unknown {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph', content: [] })),
  };
}

export function adfToText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as { type?: unknown; text?: unknown; content?: unknown };
  if (n.type === 'text' && typeof n.text === 'string') return n.text;
  if (n.type === 'hardBreak') return '\n';
  const parts = Array.isArray(n.content) ? (n.content as unknown[]).map(adfToText) : [];
  return n.type === 'doc' ? parts.join('\n') : parts.join('');
}

/** What Jira checks before accepting a comment body on API v3: a `doc` node of version 1 with a content array. */
export function isAdfDoc(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const b = body as { type?: unknown; version?: unknown; content?: unknown };
  return b.type === 'doc' && b.version === 1 && Array.isArray(b.content);
}
