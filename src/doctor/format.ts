import type { CheckLine, CheckStatus } from './check.js';
import type { DoctorReport } from './doctor.js';

export const SYMBOLS: Record<CheckStatus, string> = { ok: '✓', fail: '✗', warn: '⚠', info: 'ℹ' };
const COLOURS: Record<CheckStatus, string> = { ok: '32', fail: '31', warn: '33', info: '36' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line: `✓ <part>: <what was verified>` or `✗ <part>: <what failed> → <the fix>`. */
export function formatLine(l: CheckLine, colour: boolean): string {
  const symbol = colour ? `\x1b[${COLOURS[l.status]}m${SYMBOLS[l.status]}\x1b[0m` : SYMBOLS[l.status];
  return `${symbol} ${l.part}: ${l.message}${l.fix && (l.status === 'fail' || l.status === 'warn') ? ` → ${l.fix}` : ''}`;
}

export function summaryLine(r: DoctorReport): string {
  const { ok, fail, warn, info } = r.counts;
  const extras = [warn ? plural(warn, 'warning') : '', info ? plural(info, 'note') : ''].filter(Boolean).join(', ');
  if (fail === 0) return `All ${plural(ok, 'check')} passed${extras ? ` (${extras})` : ''}.`;
  return `${plural(fail, 'problem')} to fix (✗ above), ${ok} passed${extras ? `, ${extras}` : ''}.`;
}

/** The report for people: lines grouped by part with a blank line between parts, then the summary. */
export function formatText(r: DoctorReport, colour: boolean): string {
  const out: string[] = [];
  let part: string | undefined;
  for (const l of r.lines) {
    if (part !== undefined && l.part !== part) out.push('');
    part = l.part;
    out.push(formatLine(l, colour));
  }
  if (out.length > 0) out.push('');
  out.push(summaryLine(r));
  return `${out.join('\n')}\n`;
}

/** The report for automation: one JSON object (`ok`, `exitCode`, `counts`, `checks[]`). */
export function formatJson(r: DoctorReport): string {
  return `${JSON.stringify({
    ok: r.exitCode === 0,
    exitCode: r.exitCode,
    counts: r.counts,
    checks: r.lines.map((l) => ({ part: l.part, status: l.status, message: l.message, ...(l.fix ? { fix: l.fix } : {}) })),
  })}\n`;
}

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function wantsColour(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}
