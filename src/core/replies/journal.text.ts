import { DateTime } from 'luxon';
import type { SessionRecord } from '../domain/remote-session.js';
import { t, type Locale } from '../i18n/index.js';

/**
 * "22 Nov 2026, 14:00 Europe/Berlin (13:00 UTC)", German "22. November 2026, 14:00 Europe/Berlin (13:00 UTC)": notes and
 * e-mails are read outside chat, so the zone is always explicit.
 */
export function formatInstant(iso: string, zone: string, locale: Locale = 'en'): string {
  const pattern = t(locale).format.instant;
  const u = DateTime.fromISO(iso, { zone: 'utc' }).setLocale(locale);
  const local = u.setZone(zone);
  const utc = u.toFormat('HH:mm');
  if (local.offset === 0) return `${u.toFormat(pattern)} UTC`;
  return `${local.toFormat(pattern)} ${zone} (${utc} UTC)`;
}

/**
 * Plain-words journal entries: who acted, what happened, which session code (issue 4 point 10). They are written
 * in the organisation's language (DEFAULT_LOCALE) and zone (DEFAULT_TIMEZONE), for whoever reads the ticket.
 */
export function journalText(locale: Locale, zone: string) {
  const j = t(locale).journal;
  const at = (iso: string | undefined) => (iso ? formatInstant(iso, zone, locale) : undefined);
  const code = (s: SessionRecord) => s.code ?? '';
  return {
    created: (s: SessionRecord): string => {
      const to = s.invite?.status === 'pending' && s.invite.to ? s.invite.to : undefined;
      const validUntil = at(s.validUntil);
      return j.created({ agent: s.agent.name, code: code(s), ...(to ? { to, invitedName: s.requester?.name ?? '' } : {}), ...(validUntil ? { validUntil } : {}) });
    },
    closed: (s: SessionRecord, by: string): string => j.closed(by, code(s)),
    shared: (s: SessionRecord, by: string, to: string): string => j.shared(by, code(s), to),
    expired: (s: SessionRecord): string => {
      const when = at(s.validUntil);
      return j.expired({ code: code(s), agent: s.agent.name, ...(when ? { at: when } : {}), ...(s.remoteCloseError ? { remoteError: s.remoteCloseError } : {}) });
    },
    closedElsewhere: (s: SessionRecord): string => j.closedElsewhere(code(s), s.agent.name),
    adopted: (s: SessionRecord): string => {
      const validUntil = at(s.validUntil);
      return j.adopted({ code: code(s), agent: s.agent.name, ...(validUntil ? { validUntil } : {}) });
    },
    inviteFailed: (s: SessionRecord, to: string, reason: string): string => j.inviteFailed({ code: code(s), to, reason }),
    connected: (p: { agent: string; asset: string; id: string; ticket: string }): string => j.connected(p),
  };
}
