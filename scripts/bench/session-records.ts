import type { SessionRecord } from '../../src/core/domain/remote-session.js';

export type BenchSessionKind = 'ended' | 'open' | 'expired' | 'awaiting';

/**
 * One stored session as a busy desk accumulates them (bench:jobs and bench's store step share it): `open` still
 * valid, `expired` past its validity, `awaiting` closed with its log pending, `ended` closed with a summary.
 */
export function benchSession(i: number, kind: BenchSessionKind, now: number, o: { id?: string; number?: string } = {}): SessionRecord {
  const created = new Date(now - (i + 1) * 60_000).toISOString();
  const number = o.number ?? `INC${String(i).padStart(7, '0')}`;
  const base: SessionRecord = {
    id: o.id ?? `s${i}`,
    ticketKey: `servicenow:${number}`,
    ticket: { system: 'servicenow', number, id: `sys${i}`, title: 'Printer jams on tray 2' },
    requester: { name: 'Abel Tuter', email: 'abel.tuter@example.com' },
    agent: { key: 'slack:T1:U1', chatUserId: 'U1', name: 'Beth Anglin', tvUserId: 'u1000001' },
    state: 'created',
    idempotencyKey: `k${i}`,
    code: `s${String(100000000 + i)}`,
    customerLink: `https://get.teamviewer.com/s${i}`,
    validUntil: new Date(now + 3_600_000).toISOString(),
    createdAt: created,
    updatedAt: created,
    origin: { surface: 'slack', conversationId: 'C1' },
    card: { surface: 'slack', conversationId: 'C1', messageId: `${i}.000100` },
  };
  if (kind === 'open') return base;
  if (kind === 'expired') return { ...base, validUntil: new Date(now - 60_000).toISOString() };
  const ended = { ...base, state: 'closed' as const, closedAt: created, closedBy: 'agent' };
  if (kind === 'awaiting') return { ...ended, logs: { attempts: 0, nextAttemptAt: created, giveUpAt: new Date(now + 3_600_000).toISOString() } };
  return {
    ...ended,
    summary: {
      outcome: 'connected',
      connections: [{ id: `r${i}`, supporterName: 'Beth Anglin', deviceName: 'PRINTER-PC', start: created, end: new Date(Date.parse(created) + 720_000).toISOString() }],
      totalMs: 720_000,
      summarizedAt: created,
      managerPost: 'done',
    },
  };
}
