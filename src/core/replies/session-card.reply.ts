import type { RichText, Reply, ReplyAction } from '../ports/chat.port.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { inLocale, pickLocale, t, type Catalog, type Locale } from '../i18n/index.js';

export const ACTIONS = {
  joinApp: 'session.join_app',
  joinWeb: 'session.join_web',
  share: 'session.share',
  close: 'session.close',
  newLink: 'link.new',
  openLink: 'link.open',
  connect: 'asset.connect',
} as const;

function isOpen(s: SessionRecord, now: Date): boolean {
  return s.state === 'created' && !(s.validUntil && Date.parse(s.validUntil) <= now.getTime());
}

function stateLabel(c: Catalog, s: SessionRecord, now: Date): string {
  if (s.state === 'created' && !isOpen(s, now)) return c.state.expired;
  return c.state[s.state];
}

function inviteText(c: Catalog, s: SessionRecord): RichText {
  const inv = s.invite;
  if (!inv || inv.status === 'none') return c.card.inviteNone;
  switch (inv.status) {
    case 'pending':
      return c.card.invitePending(inv.to);
    case 'sent':
      return c.card.inviteSent(inv.to);
    case 'failed':
      return c.card.inviteFailed(inv.to);
    case 'handed_to_agent':
      return c.card.inviteHanded;
  }
}

/** The language of a session's card and thread: the starting agent's (it is their card), else the default. */
export function sessionLocale(s: SessionRecord, fallback: Locale): Locale {
  return pickLocale(s.agent.locale, fallback);
}

/**
 * The one card per session, posted in the channel and updated in place (product.md pain points 4, 15), in the
 * starting agent's language; times are tokens every viewer sees in their own zone.
 */
export function sessionCard(s: SessionRecord, now: Date, locale: Locale = 'en'): Reply {
  const c = t(locale);
  const state = stateLabel(c, s, now);
  const open = isOpen(s, now);
  const ticket: RichText = s.ticket.url ? [{ kind: 'link', url: s.ticket.url, label: s.ticket.number }] : s.ticket.number;
  const fields: Reply['fields'] = [
    { label: c.card.ticket, value: ticket },
    { label: c.card.requester, value: s.requester?.name ?? c.card.unknownRequester },
    { label: c.card.code, value: s.code ? [{ kind: 'code', text: s.code }] : '—' },
    { label: c.card.state, value: state },
    { label: c.card.agent, value: [{ kind: 'user', userId: s.agent.chatUserId }] },
  ];
  if (s.validUntil) fields.push({ label: open ? c.card.validUntil : c.card.wasValidUntil, value: [{ kind: 'time', at: s.validUntil }] });
  if (s.state === 'created' || s.state === 'closed') fields.push({ label: c.card.invitation, value: inviteText(c, s) });

  const actions: ReplyAction[] = [];
  if (open) {
    if (s.supporterLink) actions.push({ id: ACTIONS.joinApp, label: c.card.joinApp, url: s.supporterLink, style: 'primary', value: s.id });
    if (s.webSupporterLink) actions.push({ id: ACTIONS.joinWeb, label: c.card.joinWeb, url: s.webSupporterLink, value: s.id });
    actions.push({ id: ACTIONS.share, label: c.card.share, value: s.id });
    actions.push({
      id: ACTIONS.close,
      label: c.card.close,
      value: s.id,
      style: 'danger',
      confirm: { title: c.card.confirmTitle, text: c.card.confirmText(s.ticket.number), confirm: c.card.close, deny: c.card.keepOpen },
    });
  }
  const context: RichText[] = [];
  if (s.closedAt && !open) context.push([`${state} `, { kind: 'time', at: s.closedAt }]);
  return inLocale(
    {
      text: c.card.text({ code: s.code ?? '', ticket: s.ticket.number, title: s.ticket.title, state }),
      title: c.card.title(s.ticket.number),
      body: [[{ kind: 'bold', text: s.ticket.title }]],
      fields,
      actions,
      context,
      severity: open ? 'success' : 'info',
    },
    locale,
  );
}
