/**
 * The connection-log summary in its three places: the card's thread, the managers' log channel (times as
 * per-viewer tokens there) and the ticket's work note (explicit zone: notes are read outside chat).
 */
import { durationMs, type ConnectionSummary, type RemoteConnection } from '../domain/connection-log.js';
import type { SessionRecord } from '../domain/remote-session.js';
import type { Inline, Reply, RichText } from '../ports/chat.port.js';
import { formatDuration } from './duration.js';
import { formatInstant } from './journal.text.js';

const device = (c: RemoteConnection): string => c.deviceName?.trim() || (c.deviceId ? `device ${c.deviceId}` : 'an unnamed device');

/** One connection as a chat line: who, which device, from (with date) to (clock only), how long. */
export function connectionLine(c: RemoteConnection): Inline[] {
  const end: Inline[] = c.end ? [{ kind: 'time', at: c.end, show: 'time' }, ` (${formatDuration(durationMs(c))})`] : [' still running when last checked'];
  return [{ kind: 'bold', text: c.supporterName }, ` → ${device(c)}: `, { kind: 'time', at: c.start }, ' – ', ...end];
}

function span(s: ConnectionSummary): { first?: string; last?: string } {
  const ends = s.connections.map((c) => c.end).filter((e): e is string => Boolean(e)).sort();
  return { ...(s.connections[0] ? { first: s.connections[0].start } : {}), ...(ends.length ? { last: ends[ends.length - 1] } : {}) };
}

const unique = (xs: string[]): string => [...new Set(xs)].join(', ');

function endedHow(session: SessionRecord): string {
  return session.state === 'expired' ? 'expired' : 'was closed';
}

/** What happened, as chat lines (shared by the thread reply and the on-demand `logs` answer). */
export function summaryBody(session: SessionRecord, summary: ConnectionSummary): RichText[] {
  if (summary.outcome === 'unavailable') return [`The connection log could not be read: ${summary.reason ?? 'unknown reason'}.`];
  if (summary.outcome === 'no_connection') {
    const ended: RichText = session.closedAt ? [`No connection took place. The session ${endedHow(session)} `, { kind: 'time', at: session.closedAt }, '.'] : 'No connection took place.';
    return [ended];
  }
  const lines: RichText[] = summary.connections.map(connectionLine);
  if (summary.incomplete) lines.push('Some connection had not reported an end yet when I stopped waiting; its time is not counted.');
  return lines;
}

function summaryFields(summary: ConnectionSummary): Reply['fields'] {
  if (summary.outcome !== 'connected') return [];
  const { first, last } = span(summary);
  return [
    { label: 'Supporter', value: unique(summary.connections.map((c) => c.supporterName)) },
    { label: 'Device', value: unique(summary.connections.map(device)) },
    ...(first ? [{ label: 'Start', value: [{ kind: 'time', at: first }] as Inline[] }] : []),
    ...(last ? [{ label: 'End', value: [{ kind: 'time', at: last }] as Inline[] }] : []),
    ...(first && last ? [{ label: 'Duration', value: formatDuration(Date.parse(last) - Date.parse(first)) }] : []),
    { label: 'Total connected', value: `${formatDuration(summary.totalMs)} in ${summary.connections.length} connection${summary.connections.length === 1 ? '' : 's'}` },
  ];
}

export function summaryReply(session: SessionRecord, summary: ConnectionSummary): Reply {
  const what = summary.outcome === 'connected' ? `${formatDuration(summary.totalMs)} connected` : summary.outcome === 'no_connection' ? 'no connection' : 'log unavailable';
  return {
    text: `Connection log for ${session.ticket.number}, session ${session.code ?? ''}: ${what}`,
    title: `Connection log: ${session.ticket.number}`,
    body: summaryBody(session, summary),
    fields: summaryFields(summary),
    context: [[`Session ${session.code ?? ''} · started by ${session.agent.name}`]],
    severity: summary.outcome === 'unavailable' ? 'warning' : 'info',
  };
}

/** One line per session for the managers' channel: ticket, agent, what happened, when (their own zone). */
function digestLine(s: SessionRecord): RichText {
  const summary = s.summary;
  const head: Inline[] = [{ kind: 'bold', text: s.ticket.number }, ` ${s.ticket.title} · ${s.agent.name} · ${s.code ?? ''} · `];
  if (!summary || summary.outcome === 'unavailable') return [...head, `connection log unavailable${summary?.reason ? ` (${summary.reason})` : ''}`];
  if (summary.outcome === 'no_connection') return [...head, `no connection (${s.state === 'expired' ? 'expired' : 'closed'}`, ...(s.closedAt ? [' ', { kind: 'time', at: s.closedAt } as Inline] : []), ')'];
  const { first, last } = span(summary);
  return [
    ...head,
    `${unique(summary.connections.map(device))}, `,
    ...(first ? [{ kind: 'time', at: first } as Inline] : []),
    ...(last ? [' – ', { kind: 'time', at: last, show: 'time' } as Inline] : []),
    `, ${formatDuration(summary.totalMs)} connected`,
  ];
}

export function managerDigest(sessions: SessionRecord[]): Reply {
  const n = sessions.length;
  return {
    text: `TeamViewer session log: ${n} session${n === 1 ? '' : 's'} ended (${sessions.map((s) => s.ticket.number).join(', ')})`,
    title: 'TeamViewer session log',
    body: sessions.map(digestLine),
    severity: 'info',
  };
}

/** The work note: plain words, explicit zone and UTC, who connected to what and for how long. */
export function summaryJournal(session: SessionRecord, summary: ConnectionSummary, zone: string): string {
  const head = `[TeamViewer] Connection log for remote-support session ${session.code ?? ''} (started by ${session.agent.name}):`;
  if (summary.outcome === 'unavailable') return `${head} the connection report could not be read (${summary.reason ?? 'unknown reason'}).`;
  if (summary.outcome === 'no_connection') {
    return `${head} no connection took place. The session ${endedHow(session)}${session.closedAt ? ` at ${formatInstant(session.closedAt, zone)}` : ''}.`;
  }
  const lines = summary.connections.map((c) => {
    const until = c.end ? ` to ${formatInstant(c.end, zone)} (${formatDuration(durationMs(c))})` : ' (no end reported)';
    return `${c.supporterName} connected to ${device(c)} from ${formatInstant(c.start, zone)}${until}`;
  });
  return `${head} ${lines.join('; ')}. Total connected time: ${formatDuration(summary.totalMs)}.`;
}
