/**
 * `report [today|week] [@agent]`: totals per agent from the stored summaries (no TeamViewer call), over a window
 * computed in the asking user's time zone. Shown only to the asker, except in the managers' log channel, where
 * it is posted for everyone there to read.
 */
import { DateTime } from 'luxon';
import type { CoreDeps } from '../deps.js';
import { durationMs } from '../domain/connection-log.js';
import type { SessionRecord } from '../domain/remote-session.js';
import type { Invocation } from '../commands/command-spec.js';
import type { Interaction } from '../interaction.js';
import { pickLocale, t } from '../i18n/index.js';
import { reportReply, type AgentTotals } from '../replies/report.reply.js';
import { knownLocale, orgLocale } from './agent-locale.js';

export async function sessionReport(deps: CoreDeps, interaction: Interaction, inv: Invocation): Promise<void> {
  const { actor, conversation } = interaction;
  const profile = await deps.chat.userProfile(actor.surface, actor.userId).catch(() => undefined);
  if (profile?.locale && !actor.locale) deps.locales.set(actor.key, pickLocale(profile.locale, deps.settings.defaultLocale));
  // Posted in the managers' channel it is read by everyone there (DEFAULT_LOCALE); privately, by the asker.
  const log = deps.settings.managerLogs.find((l) => l.surface === conversation.surface && l.conversationId === conversation.conversationId);
  const locale = log ? orgLocale(deps) : knownLocale(deps, actor);
  const zone = profile?.timeZone && DateTime.local().setZone(profile.timeZone).isValid ? profile.timeZone : deps.settings.defaultTimeZone;
  const period = inv.period ?? 'today';
  const now = DateTime.fromJSDate(deps.clock.now()).setZone(zone);
  const from = now.startOf(period === 'today' ? 'day' : 'week');
  const inWindow = (iso: string) => {
    const t = Date.parse(iso);
    return t >= from.toMillis() && t < now.toMillis();
  };

  let sessions = await deps.store.sessions.listSummarized(from.toJSDate(), now.toJSDate());
  let agentFilter: string | undefined;
  if (inv.agent) {
    const want = inv.agent;
    sessions = sessions.filter((s) => ('userId' in want ? s.agent.chatUserId === want.userId : matchesName(s, want.name)));
    agentFilter = 'userId' in want ? (sessions[0]?.agent.name ?? t(locale).report.thatAgent) : `@${want.name}`;
  }
  const rows = new Map<string, AgentTotals>();
  for (const s of sessions) {
    const row = rows.get(s.agent.key) ?? { agentName: s.agent.name, chatUserId: s.agent.chatUserId, sessions: 0, connections: 0, connectedMs: 0 };
    if (inWindow(s.createdAt)) row.sessions += 1;
    for (const c of s.summary?.connections ?? []) {
      if (!inWindow(c.start)) continue;
      row.connections += 1;
      row.connectedMs += durationMs(c);
    }
    rows.set(s.agent.key, row);
  }
  const reply = reportReply({
    period,
    zone,
    fromLabel: from.setLocale(locale).toFormat(t(locale).format.day),
    rows: [...rows.values()].sort((a, b) => b.connectedMs - a.connectedMs || a.agentName.localeCompare(b.agentName)),
    ...(agentFilter ? { agentFilter } : {}),
    locale,
  });
  if (log) await deps.chat.post(log, reply);
  else await deps.chat.postPrivate(conversation, actor.userId, reply);
}

/** `@beth` matches "Beth Anglin": any word of the agent's name, or the name without spaces. */
function matchesName(s: SessionRecord, typed: string): boolean {
  const want = typed.toLowerCase();
  const name = s.agent.name.toLowerCase();
  return name.split(/\s+/).includes(want) || name.replace(/\s+/g, '') === want || name.replace(/\s+/g, '.') === want;
}
