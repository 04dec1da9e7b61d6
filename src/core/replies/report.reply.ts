import { inLocale, t, type Locale } from '../i18n/index.js';
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
export function reportReply(o: { period: 'today' | 'week'; zone: string; fromLabel: string; rows: AgentTotals[]; agentFilter?: string; locale?: Locale }): Reply {
  const locale = o.locale ?? 'en';
  const c = t(locale).report;
  const title = c.title(c.window({ period: o.period, from: o.fromLabel, zone: o.zone }), o.agentFilter);
  if (o.rows.length === 0) {
    return inLocale({ text: c.emptyText(title), title, body: [c.emptyBody], severity: 'info' }, locale);
  }
  const sum = o.rows.reduce((a, r) => ({ sessions: a.sessions + r.sessions, connections: a.connections + r.connections, ms: a.ms + r.connectedMs }), { sessions: 0, connections: 0, ms: 0 });
  const totals = c.totals({ sessions: sum.sessions, connections: sum.connections, duration: formatDuration(sum.ms, locale) });
  const line = (r: AgentTotals): RichText => [
    { kind: 'user', userId: r.chatUserId },
    ` ${r.agentName}: ${c.totals({ sessions: r.sessions, connections: r.connections, duration: formatDuration(r.connectedMs, locale) })}`,
  ];
  return inLocale({ text: c.text(title, totals), title, body: o.rows.map(line), context: [c.context(totals)], severity: 'info' }, locale);
}
