/**
 * Connection logs: what TeamViewer's connection report says happened on a session code, reduced to what a
 * ticket, a thread and a manager need (supporter, device, start, end, duration). Times stay ISO-8601 UTC.
 */

/** One connection-report record (teamviewer-api.md §6.1), vendor-neutral. */
export interface RemoteConnection {
  /** Report record id: the dedupe key. */
  id: string;
  supporterName: string;
  supporterId?: string;
  deviceName?: string;
  deviceId?: string;
  /** ISO-8601 UTC. */
  start: string;
  /** Absent while the connection runs (or while the report lags). */
  end?: string;
  sessionCode?: string;
}

export interface ConnectionSummary {
  /** `unavailable`: the report could not be read before the waiting time ran out (say so, never "no connection"). */
  outcome: 'connected' | 'no_connection' | 'unavailable';
  /** Oldest first. */
  connections: RemoteConnection[];
  /** Sum of the ended connections' durations. */
  totalMs: number;
  /** Some connection had no end when we stopped waiting. */
  incomplete?: boolean;
  /** Why the report could not be read (`unavailable`). */
  reason?: string;
  /** ISO-8601 UTC. */
  summarizedAt: string;
  /** The manager log post: `pending` until posted, `none` when no log channel is configured. */
  managerPost: 'pending' | 'done' | 'none';
  /** Manager logs (`surface:conversation`) this summary has reached, when there are several (Slack and Teams). */
  managerPostedTo?: string[];
}

/** Bookkeeping while a terminal session waits for its connection report. */
export interface LogTracking {
  attempts: number;
  /** ISO-8601 UTC: the next run looks again from this instant. */
  nextAttemptAt: string;
  /** ISO-8601 UTC: after this, a summary is written with whatever the report holds (or "no connection"). */
  giveUpAt: string;
  lastError?: string;
}

export function durationMs(c: RemoteConnection): number {
  if (!c.end) return 0;
  return Math.max(0, Date.parse(c.end) - Date.parse(c.start));
}

/** Sorted, de-duplicated by record id (paging can repeat a record when the report shifts under us). */
export function normaliseConnections(records: RemoteConnection[]): RemoteConnection[] {
  const byId = new Map<string, RemoteConnection>();
  for (const r of records) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
}
