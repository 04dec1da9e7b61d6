/**
 * The connection-log summary in its three places: the card's thread (the card's language), the managers' log
 * channel (DEFAULT_LOCALE; times as per-viewer tokens there) and the ticket's work note (DEFAULT_LOCALE, explicit
 * zone: notes are read outside chat).
 */
import { durationMs, type ConnectionSummary, type RemoteConnection } from '../domain/connection-log.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { inLocale, t, type Locale } from '../i18n/index.js';
import type { Inline, Reply, RichText } from '../ports/chat.port.js';
import { formatDuration } from './duration.js';
import { formatInstant } from './journal.text.js';

const device = (c: RemoteConnection, locale: Locale): string => c.deviceName?.trim() || t(locale).connectionLog.device(c.deviceId);

/** One connection as a chat line: who, which device, from (with date) to (clock only), how long. */
export function connectionLine(c: RemoteConnection, locale: Locale = 'en'): Inline[] {
  const end: Inline[] = c.end ? [{ kind: 'time', at: c.end, show: 'time' }, ` (${formatDuration(durationMs(c), locale)})`] : [t(locale).connectionLog.stillRunning];
  return [{ kind: 'bold', text: c.supporterName }, ` → ${device(c, locale)}: `, { kind: 'time', at: c.start }, ' – ', ...end];
}

function span(s: ConnectionSummary): { first?: string; last?: string } {
  const ends = s.connections.map((c) => c.end).filter((e): e is string => Boolean(e)).sort();
  return { ...(s.connections[0] ? { first: s.connections[0].start } : {}), ...(ends.length ? { last: ends[ends.length - 1] } : {}) };
}

const unique = (xs: string[]): string => [...new Set(xs)].join(', ');

/** What happened, as chat lines (shared by the thread reply and the on-demand `logs` answer). */
export function summaryBody(session: SessionRecord, summary: ConnectionSummary, locale: Locale = 'en'): RichText[] {
  const c = t(locale).connectionLog;
  if (summary.outcome === 'unavailable') return [c.unreadable(summary.reason)];
  if (summary.outcome === 'no_connection') return [session.closedAt ? c.noConnectionEnded(session.state === 'expired', session.closedAt) : c.noConnection];
  const lines: RichText[] = summary.connections.map((x) => connectionLine(x, locale));
  if (summary.incomplete) lines.push(c.incomplete);
  return lines;
}

function summaryFields(summary: ConnectionSummary, locale: Locale): Reply['fields'] {
  if (summary.outcome !== 'connected') return [];
  const c = t(locale).connectionLog;
  const { first, last } = span(summary);
  return [
    { label: c.supporter, value: unique(summary.connections.map((x) => x.supporterName)) },
    { label: c.deviceLabel, value: unique(summary.connections.map((x) => device(x, locale))) },
    ...(first ? [{ label: c.start, value: [{ kind: 'time', at: first }] as Inline[] }] : []),
    ...(last ? [{ label: c.end, value: [{ kind: 'time', at: last }] as Inline[] }] : []),
    ...(first && last ? [{ label: c.duration, value: formatDuration(Date.parse(last) - Date.parse(first), locale) }] : []),
    { label: c.total, value: c.totalValue(formatDuration(summary.totalMs, locale), summary.connections.length) },
  ];
}

export function summaryReply(session: SessionRecord, summary: ConnectionSummary, locale: Locale = 'en'): Reply {
  const c = t(locale).connectionLog;
  const what = summary.outcome === 'connected' ? c.whatConnected(formatDuration(summary.totalMs, locale)) : summary.outcome === 'no_connection' ? c.whatNone : c.whatUnavailable;
  return inLocale(
    {
      text: c.text(session.ticket.number, session.code ?? '', what),
      title: c.title(session.ticket.number),
      body: summaryBody(session, summary, locale),
      fields: summaryFields(summary, locale),
      context: [[c.context(session.code ?? '', session.agent.name)]],
      severity: summary.outcome === 'unavailable' ? 'warning' : 'info',
    },
    locale,
  );
}

/** One line per session for the managers' channel: ticket, agent, what happened, when (their own zone). */
function digestLine(s: SessionRecord, locale: Locale): RichText {
  const c = t(locale).connectionLog;
  const summary = s.summary;
  const head: Inline[] = [{ kind: 'bold', text: s.ticket.number }, ` ${s.ticket.title} · ${s.agent.name} · ${s.code ?? ''} · `];
  if (!summary || summary.outcome === 'unavailable') return [...head, c.digestUnavailable(summary?.reason)];
  if (summary.outcome === 'no_connection') return [...head, c.digestNone(s.state === 'expired'), ...(s.closedAt ? [' ', { kind: 'time', at: s.closedAt } as Inline] : []), ')'];
  const { first, last } = span(summary);
  return [
    ...head,
    `${unique(summary.connections.map((x) => device(x, locale)))}, `,
    ...(first ? [{ kind: 'time', at: first } as Inline] : []),
    ...(last ? [' – ', { kind: 'time', at: last, show: 'time' } as Inline] : []),
    c.digestConnected(formatDuration(summary.totalMs, locale)),
  ];
}

export function managerDigest(sessions: SessionRecord[], locale: Locale = 'en'): Reply {
  const c = t(locale).connectionLog;
  return inLocale(
    {
      text: c.digestText(sessions.length, sessions.map((s) => s.ticket.number).join(', ')),
      title: c.digestTitle,
      body: sessions.map((s) => digestLine(s, locale)),
      severity: 'info',
    },
    locale,
  );
}

/** The work note: plain words, explicit zone and UTC, who connected to what and for how long. */
export function summaryJournal(session: SessionRecord, summary: ConnectionSummary, zone: string, locale: Locale = 'en'): string {
  const j = t(locale).journal;
  const at = (iso: string) => formatInstant(iso, zone, locale);
  const head = j.logHead(session.code ?? '', session.agent.name);
  if (summary.outcome === 'unavailable') return j.logUnavailable(head, summary.reason);
  if (summary.outcome === 'no_connection') return j.logNone(head, session.state === 'expired', session.closedAt ? at(session.closedAt) : undefined);
  const lines = summary.connections.map((x) =>
    j.logLine({ supporter: x.supporterName, device: device(x, locale), start: at(x.start), ...(x.end ? { end: at(x.end), duration: formatDuration(durationMs(x), locale) } : {}) }),
  );
  return j.logTotal(head, lines, formatDuration(summary.totalMs, locale));
}
