import type { CoreDeps } from '../deps.js';
import type { AgentLink } from '../domain/agent-link.js';
import { isTerminal } from '../domain/remote-session.js';
import type { RemoteSessionInfo } from '../ports/remote-support.port.js';
import { markClosedElsewhere } from '../use-cases/end-session.js';
import { adoptOrFail, needsRecovery } from '../use-cases/recover-session.js';
import { adoptOrphan } from '../use-cases/adopt-orphan.js';
import { failureOf } from './job-runner.js';
import { count, newResult, type JobResult } from './job.js';

/**
 * Job `reconcile`: the store and TeamViewer, compared per linked agent (teamviewer-api.md §13).
 * - open there, carrying our marker, unknown here (the store lost it, a crash before the record): adopted, or
 *   closed when its ticket is gone or the ticket already has another session;
 * - open there, ended here (an expiry that could not close it while the link was broken): closed there;
 * - interrupted starts (`requested`, stale): recovered as `start` would;
 * - open here, closed there (closed in the TeamViewer console): closed here, log queued.
 */
export async function reconcileJob(deps: CoreDeps): Promise<JobResult> {
  const result = newResult('checked', 'adopted', 'closed_orphans', 'closed_at_teamviewer', 'closed_here', 'recovered');
  for (const link of await deps.store.links.list()) {
    if (link.brokenAt) continue;
    try {
      await reconcileAgent(deps, link, result);
    } catch (err) {
      result.failures.push(failureOf(link.name, err));
    }
  }
  return result;
}

async function reconcileAgent(deps: CoreDeps, link: AgentLink, result: JobResult): Promise<void> {
  const open = await deps.remote.listOpenSessions(link.agentKey);
  const openCodes = new Set(open.map((s) => s.code));
  for (const info of open) {
    if (!info.marker) continue; // not ours: someone's own TeamViewer session
    count(result, 'checked');
    try {
      await reconcileRemote(deps, link, info, result);
    } catch (err) {
      result.failures.push(failureOf(`${info.marker.ticket} (${info.code})`, err));
    }
  }
  const now = deps.clock.now();
  for (const s of await deps.store.sessions.listByAgent(link.agentKey, ['created', 'requested'])) {
    try {
      if (s.state === 'requested') {
        if (needsRecovery(s, now, deps.settings.staleRequestMs) && (await adoptOrFail(deps, s))) count(result, 'recovered');
        continue;
      }
      if (!s.code || openCodes.has(s.code)) continue;
      // Absent from the open list: ask for the session itself before believing it (a list can be cut short).
      const there = await deps.remote.getSession(link.agentKey, s.code);
      if ((!there || there.state === 'closed') && (await markClosedElsewhere(deps, s))) count(result, 'closed_here');
    } catch (err) {
      result.failures.push(failureOf(`${s.ticket.number} (${s.code ?? s.id})`, err));
    }
  }
}

async function reconcileRemote(deps: CoreDeps, link: AgentLink, info: RemoteSessionInfo, result: JobResult): Promise<void> {
  const marker = info.marker;
  if (!marker) return;
  const local = await deps.store.sessions.findByIdempotencyKey(marker.key);
  if (local) {
    if (isTerminal(local.state)) {
      await deps.remote.closeSession(link.agentKey, info.code);
      if (local.remoteCloseError) await deps.store.sessions.patch(local.id, { remoteCloseError: undefined });
      count(result, 'closed_at_teamviewer');
      deps.logger.info({ sessionId: local.id, code: info.code, state: local.state }, 'closed a session at TeamViewer that had ended here');
    }
    return;
  }
  if (marker.itsm !== deps.itsm.kind) return; // made by a deployment on another ITSM: not ours to judge
  const outcome = await adoptOrphan(deps, link, info);
  count(result, outcome === 'adopted' ? 'adopted' : 'closed_orphans');
}
