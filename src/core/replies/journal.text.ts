import { DateTime } from 'luxon';
import type { SessionRecord } from '../domain/remote-session.js';

/** "22 Nov 2026, 14:00 Europe/Berlin (13:00 UTC)": notes and e-mails are read outside chat, so the zone is always explicit. */
export function formatInstant(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' });
  const local = t.setZone(zone);
  const utc = t.toFormat('HH:mm');
  if (local.offset === 0) return `${t.toFormat('d LLL yyyy, HH:mm')} UTC`;
  return `${local.toFormat('d LLL yyyy, HH:mm')} ${zone} (${utc} UTC)`;
}

/** Plain-words journal entries: who acted, what happened, which session code (issue 4 point 10). */
export const journalText = {
  created(s: SessionRecord, zone: string): string {
    const invited = s.invite?.status === 'pending' && s.invite.to ? `Invitation e-mailed to ${s.requester?.name ?? ''} <${s.invite.to}>.` : 'No invitation e-mail sent; the agent was given the customer link to pass on.';
    const validity = s.validUntil ? ` Valid until ${formatInstant(s.validUntil, zone)}.` : '';
    return `[TeamViewer] ${s.agent.name} started remote-support session ${s.code ?? ''} from chat. ${invited}${validity}`;
  },
  closed(s: SessionRecord, by: string): string {
    return `[TeamViewer] ${by} closed remote-support session ${s.code ?? ''}.`;
  },
  shared(s: SessionRecord, by: string, to: string): string {
    return `[TeamViewer] ${by} re-sent the invitation for session ${s.code ?? ''} to ${to}.`;
  },
  expired(s: SessionRecord, zone: string): string {
    const until = s.validUntil ? ` at ${formatInstant(s.validUntil, zone)}` : '';
    const remote = s.remoteCloseError ? ` It could not be closed in TeamViewer yet (${s.remoteCloseError}); it will be closed there once ${s.agent.name} links TeamViewer again.` : ' It was closed in TeamViewer automatically.';
    return `[TeamViewer] Remote-support session ${s.code ?? ''} started by ${s.agent.name} expired${until}.${remote}`;
  },
  closedElsewhere(s: SessionRecord): string {
    return `[TeamViewer] Remote-support session ${s.code ?? ''} started by ${s.agent.name} was closed outside chat (in TeamViewer).`;
  },
  adopted(s: SessionRecord, zone: string): string {
    const validity = s.validUntil ? ` Valid until ${formatInstant(s.validUntil, zone)}.` : '';
    return `[TeamViewer] Remote-support session ${s.code ?? ''} by ${s.agent.name} was found open in TeamViewer without a record in chat (an interrupted start) and has been taken over.${validity}`;
  },
  inviteFailed(s: SessionRecord, to: string, reason: string): string {
    return `[TeamViewer] The invitation e-mail for session ${s.code ?? ''} to ${to} could not be delivered (${reason}); the agent was given the customer link.`;
  },
};
