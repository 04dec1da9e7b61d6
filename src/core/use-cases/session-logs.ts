/**
 * `logs <ticket>`: the connection log of the ticket's latest session, on demand. An ended session gets its summary
 * written now if the report is complete (thread, ticket note; the manager post follows with the next `logs` run);
 * an open one shows the records so far. The TeamViewer report is read with the session owner's token, as the job
 * does: anyone in the helpdesk may read a ticket's log, only the owner's TeamViewer account can see it.
 */
import type { CoreDeps } from '../deps.js';
import type { RemoteConnection } from '../domain/connection-log.js';
import { awaitsSummary } from '../domain/remote-session.js';
import { NotFoundError, errorMessage, says } from '../errors.js';
import { inLocale, t, type Locale } from '../i18n/index.js';
import type { Interaction } from '../interaction.js';
import type { Inline, Reply } from '../ports/chat.port.js';
import { connectionLine, summaryReply } from '../replies/connection-log.reply.js';
import { plain } from '../replies/messages.reply.js';
import { agentLocale } from './agent-locale.js';
import { keyFor, parseTicket } from './session-support.js';
import { summarizeSession } from './summarize-session.js';

const soFar = (records: RemoteConnection[], locale: Locale): Inline[][] => records.map((r) => connectionLine(r, locale));

export async function sessionLogs(deps: CoreDeps, interaction: Interaction, rawTicket: string | undefined): Promise<void> {
  const number = parseTicket(deps, rawTicket);
  const s = await deps.store.sessions.findLatestByTicket(keyFor(deps, number));
  if (!s || (!s.code && s.state !== 'requested')) throw new NotFoundError('session.not_found', ...says({ key: 'noSessionToReport', params: { ticket: number } }));
  const locale = await agentLocale(deps, interaction);
  const c = t(locale).logs;
  const say = (reply: Reply) => deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, inLocale(reply, locale));

  if (s.summary) return say(summaryReply(s, s.summary, locale));
  if (awaitsSummary(s)) {
    const out = await summarizeSession(deps, s);
    if (out.status === 'summarized' && out.session.summary) return say(summaryReply(out.session, out.session.summary, locale));
    if (out.status === 'waiting') {
      const until = out.session.logs?.giveUpAt;
      const why = out.error ? c.readFailed(errorMessage(out.error, locale)) : out.records.length ? c.notAllEnded : c.noRecordsYet;
      return say({ text: c.waitingText(why), body: [c.waitingHead(number, why), ...soFar(out.records, locale), c.keepChecking(until)], severity: 'info' });
    }
    const again = await deps.store.sessions.get(s.id);
    if (again?.summary) return say(summaryReply(again, again.summary, locale));
  }
  if (s.state === 'created' && s.code) {
    const records = await deps.remote.connectionsForSession(s.agent.key, s.code);
    const head = c.stillOpen(s.code, number);
    return say(records.length ? { text: c.soFar(head, records.length), body: [head, ...soFar(records, locale)], severity: 'info' } : plain(c.nobodyYet(head)));
  }
  return say(plain(c.noLog(number, s.state)));
}
