import type { RichText, Reply, ReplyAction } from '../ports/chat.port.js';
import type { SessionRecord } from '../domain/remote-session.js';

export const ACTIONS = {
  joinApp: 'session.join_app',
  joinWeb: 'session.join_web',
  share: 'session.share',
  close: 'session.close',
  newLink: 'link.new',
  openLink: 'link.open',
  connect: 'asset.connect',
} as const;

function stateLabel(s: SessionRecord, now: Date): string {
  if (s.state === 'created' && s.validUntil && Date.parse(s.validUntil) <= now.getTime()) return 'Expired';
  switch (s.state) {
    case 'requested':
      return 'Starting…';
    case 'created':
      return 'Open';
    case 'closed':
      return 'Closed';
    case 'expired':
      return 'Expired';
    case 'failed':
      return 'Failed';
  }
}

function inviteText(s: SessionRecord): RichText {
  const inv = s.invite;
  if (!inv || inv.status === 'none') return 'Not sent (no requester e-mail): link given to the agent';
  switch (inv.status) {
    case 'pending':
      return `Sending to ${inv.to ?? 'the requester'}…`;
    case 'sent':
      return `E-mailed to ${inv.to ?? 'the requester'}`;
    case 'failed':
      return `E-mail to ${inv.to ?? 'the requester'} failed: link given to the agent`;
    case 'handed_to_agent':
      return 'Link given to the agent to pass on';
  }
}

/** The one card per session, posted in the channel and updated in place (product.md pain points 4, 15). */
export function sessionCard(s: SessionRecord, now: Date): Reply {
  const state = stateLabel(s, now);
  const open = state === 'Open';
  const ticket: RichText = s.ticket.url ? [{ kind: 'link', url: s.ticket.url, label: s.ticket.number }] : s.ticket.number;
  const fields: Reply['fields'] = [
    { label: 'Ticket', value: ticket },
    { label: 'Requester', value: s.requester?.name ?? 'Unknown' },
    { label: 'Session code', value: s.code ? [{ kind: 'code', text: s.code }] : '—' },
    { label: 'State', value: state },
    { label: 'Agent', value: [{ kind: 'user', userId: s.agent.chatUserId }] },
  ];
  if (s.validUntil) fields.push({ label: open ? 'Valid until' : 'Was valid until', value: [{ kind: 'time', at: s.validUntil }] });
  if (s.state === 'created' || s.state === 'closed') fields.push({ label: 'Invitation', value: inviteText(s) });

  const actions: ReplyAction[] = [];
  if (open) {
    if (s.supporterLink) actions.push({ id: ACTIONS.joinApp, label: 'Join (TeamViewer app)', url: s.supporterLink, style: 'primary', value: s.id });
    if (s.webSupporterLink) actions.push({ id: ACTIONS.joinWeb, label: 'Join in browser', url: s.webSupporterLink, value: s.id });
    actions.push({ id: ACTIONS.share, label: 'Resend link to customer', value: s.id });
    actions.push({
      id: ACTIONS.close,
      label: 'Close session',
      value: s.id,
      style: 'danger',
      confirm: { title: 'Close this session?', text: `The customer link for ${s.ticket.number} stops working.`, confirm: 'Close session', deny: 'Keep open' },
    });
  }
  const context: RichText[] = [];
  if (s.closedAt && !open) context.push([`${state} `, { kind: 'time', at: s.closedAt }]);
  return {
    text: `TeamViewer session ${s.code ?? ''} for ${s.ticket.number}: ${s.ticket.title} (${state})`,
    title: `TeamViewer session for ${s.ticket.number}`,
    body: [[{ kind: 'bold', text: s.ticket.title }]],
    fields,
    actions,
    context,
    severity: open ? 'success' : 'info',
  };
}
