import type { CoreDeps } from '../deps.js';
import { identityOf, type AgentLink } from '../domain/agent-link.js';
import { errorMessage, toBotError } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { relinkNeeded } from '../replies/messages.reply.js';
import { localeOfAgent } from '../use-cases/agent-locale.js';
import { failureOf } from './job-runner.js';
import { count, newResult, type JobResult } from './job.js';

/**
 * Job `tokens`: token hygiene and retention. Purges expired one-time links and OAuth states; refreshes access
 * tokens that expire soon and proves the others with a ping, so an agent learns a link broke (once, with a
 * re-link button) before the next `start` fails; deletes sessions, summaries and dead outbox items older than
 * RETENTION.
 */
export async function tokensJob(deps: CoreDeps): Promise<JobResult> {
  const result = newResult('link_states_purged', 'refreshed', 'valid', 'broken_notified', 'sessions_deleted', 'outbox_deleted', 'dedupe_keys_deleted');
  const now = deps.clock.now();
  count(result, 'link_states_purged', await deps.store.linkFlow.purgeExpired(now));

  for (const link of await deps.store.links.list()) {
    const who = `${link.name} (${identityOf(link.agentKey).userId})`;
    try {
      if (link.brokenAt) {
        if (!link.brokenNotifiedAt) await notifyBroken(deps, link, (l) => t(l).link.stoppedWorking, result);
        continue;
      }
      count(result, await deps.remote.checkAgentToken(link.agentKey, deps.settings.tokensRefreshAheadMs));
    } catch (err) {
      const e = toBotError(err);
      if (e.code === 'auth.link_expired' || e.code === 'auth.link_required') {
        const current = await deps.store.links.get(link.agentKey);
        if (current && !current.brokenNotifiedAt) await notifyBroken(deps, current, (l) => errorMessage(e, l), result).catch((dmErr: unknown) => result.failures.push(failureOf(who, dmErr)));
      } else {
        result.failures.push(failureOf(who, e));
      }
    }
  }

  const cutoff = new Date(now.getTime() - deps.settings.retentionMs);
  count(result, 'sessions_deleted', await deps.store.sessions.purgeEndedBefore(cutoff));
  count(result, 'outbox_deleted', await deps.store.outbox.purgeFailedBefore(cutoff));
  count(result, 'dedupe_keys_deleted', await deps.store.idempotency.purgeExpired(now));
  return result;
}

/** Tells the agent once: the mark is written after the DM, so a failed DM is tried again next run. */
async function notifyBroken(deps: CoreDeps, link: AgentLink, reason: (locale: Locale) => string, result: JobResult): Promise<void> {
  const { surface, userId } = identityOf(link.agentKey);
  const locale = await localeOfAgent(deps, { key: link.agentKey, surface, userId });
  await deps.chat.directMessage(surface, userId, relinkNeeded(t(locale).link.broken(reason(locale)), locale));
  await deps.store.links.put({ ...link, brokenNotifiedAt: deps.clock.now().toISOString() });
  count(result, 'broken_notified');
}
