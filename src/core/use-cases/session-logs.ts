/**
 * `logs <ticket>`: the connection log of the ticket's latest session, on demand. An ended session gets its summary
 * written now if the report is complete (thread, ticket note; the manager post follows with the next `logs` run);
 * an open one shows the records so far. The TeamViewer report is read with the session owner's token, as the job
 * does: anyone in the helpdesk may read a ticket's log, only the owner's TeamViewer account can see it.
 */
import type { CoreDeps } from '../deps.js';
import type { RemoteConnection } from '../domain/connection-log.js';
import { awaitsSummary } from '../domain/remote-session.js';
import { NotFoundError } from '../errors.js';
import type { Interaction } from '../interaction.js';
import type { Inline, Reply } from '../ports/chat.port.js';
import { connectionLine, summaryReply } from '../replies/connection-log.reply.js';
import { plain } from '../replies/messages.reply.js';
import { keyFor, parseTicket } from './session-support.js';
import { summarizeSession } from './summarize-session.js';

const soFar = (records: RemoteConnection[]): Inline[][] => records.map(connectionLine);

export async function sessionLogs(deps: CoreDeps, interaction: Interaction, rawTicket: string | undefined): Promise<void> {
  const number = parseTicket(deps, rawTicket);
  const s = await deps.store.sessions.findLatestByTicket(keyFor(deps, number));
  if (!s || (!s.code && s.state !== 'requested')) throw new NotFoundError('session.not_found', `There is no TeamViewer session for ${number} to report on.`);
  const say = (reply: Reply) => deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, reply);

  if (s.summary) return say(summaryReply(s, s.summary));
  if (awaitsSummary(s)) {
    const out = await summarizeSession(deps, s);
    if (out.status === 'summarized' && out.session.summary) return say(summaryReply(out.session, out.session.summary));
    if (out.status === 'waiting') {
      const until = out.session.logs?.giveUpAt;
      const why = out.error ? `I couldn't read the connection report (${out.error.publicMessage}).` : out.records.length ? 'Not every connection has reported its end yet.' : 'TeamViewer has no connection records for it yet (they can lag behind).';
      return say({
        text: `${why} I'll keep checking and post the summary in the session thread.`,
        body: [`The session for ${number} has ended. ${why}`, ...soFar(out.records), [`I'll keep checking${until ? ' until ' : ''}`, ...(until ? [{ kind: 'time', at: until } as Inline] : []), ' and post the summary in the session thread and on the ticket.']],
        severity: 'info',
      });
    }
    const again = await deps.store.sessions.get(s.id);
    if (again?.summary) return say(summaryReply(again, again.summary));
  }
  if (s.state === 'created' && s.code) {
    const records = await deps.remote.connectionsForSession(s.agent.key, s.code);
    const head = `Session ${s.code} for ${number} is still open.`;
    return say(records.length ? { text: `${head} Connections so far: ${records.length}.`, body: [head, ...soFar(records)], severity: 'info' } : plain(`${head} Nobody has connected yet.`));
  }
  return say(plain(`The last session for ${number} is ${s.state}; it has no connection log.`));
}
