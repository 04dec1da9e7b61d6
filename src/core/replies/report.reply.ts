import type { Reply, RichText } from '../ports/chat.port.js';
import { formatDuration } from './duration.js';

export interface AgentTotals {
  agentName: string;
  chatUserId: string;
  sessions: number;
  connections: number;
  connectedMs: number;
}

/** Totals per agent; the window is named in the asker's zone, so "today" means their today. */
export function reportReply(o: { period: 'today' | 'week'; zone: string; fromLabel: string; rows: AgentTotals[]; agentFilter?: string }): Reply {
  const what = o.period === 'today' ? `Today (${o.fromLabel}, ${o.zone})` : `This week (since ${o.fromLabel}, ${o.zone})`;
  const title = `TeamViewer report: ${what}${o.agentFilter ? ` for ${o.agentFilter}` : ''}`;
  if (o.rows.length === 0) {
    return { text: `${title}: no sessions with a connection log yet.`, title, body: ['No ended sessions with a connection log in this window yet. Summaries arrive a few minutes after a session ends.'], severity: 'info' };
  }
  const total = o.rows.reduce((t, r) => ({ s: t.s + r.sessions, c: t.c + r.connections, ms: t.ms + r.connectedMs }), { s: 0, c: 0, ms: 0 });
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const totals = `${n(total.s, 'session')}, ${n(total.c, 'connection')}, ${formatDuration(total.ms)} connected`;
  const line = (r: AgentTotals): RichText => [{ kind: 'user', userId: r.chatUserId }, ` ${r.agentName}: ${r.sessions} session${r.sessions === 1 ? '' : 's'}, ${r.connections} connection${r.connections === 1 ? '' : 's'}, ${formatDuration(r.connectedMs)} connected`];
  return {
    text: `${title}: ${totals}.`,
    title,
    body: o.rows.map(line),
    context: [`Total: ${totals}. Counted from the connection logs of ended sessions.`],
    severity: 'info',
  };
}
