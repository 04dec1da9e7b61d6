import type { SessionRecord } from '../domain/remote-session.js';
import { t, type Locale } from '../i18n/index.js';
import type { MailMessage } from '../ports/mailer.port.js';
import { formatInstant } from './journal.text.js';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * The customer invitation, in the organisation's language (DEFAULT_LOCALE: the requester's language is not known).
 * Only the customer link ever goes here, never a supporter link (teamviewer-api.md §12 pitfall 1). The validity
 * carries its zone because the reader's zone is unknown.
 */
export function invitationEmail(s: SessionRecord, to: string, agentName: string, zone: string, locale: Locale = 'en'): MailMessage {
  const m = t(locale).email;
  const link = s.customerLink ?? '';
  const validity = s.validUntil ? formatInstant(s.validUntil, zone, locale) : undefined;
  const greeting = m.greeting(s.requester?.name && s.requester.email?.toLowerCase() === to.toLowerCase() ? s.requester.name : undefined);
  const text = [
    greeting,
    '',
    m.intro(agentName, s.ticket.number, m.quote(s.ticket.title)),
    '',
    m.ready,
    link,
    '',
    `${m.code} ${s.code ?? ''}`,
    ...(validity ? [m.validText(validity)] : []),
    '',
    m.control,
    m.unexpected,
  ].join('\n');
  const strong = (v: string) => `<strong>${escapeHtml(v)}</strong>`;
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#1d1d1f">
<p>${escapeHtml(greeting)}</p>
<p>${m.intro(strong(agentName), strong(s.ticket.number), m.quoteHtml(escapeHtml(s.ticket.title)))}</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;background:#0e8ee9;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(m.button)}</a></p>
<p>${escapeHtml(m.copy)} <br><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
<p>${escapeHtml(m.code)} <code>${escapeHtml(s.code ?? '')}</code>${validity ? `<br>${escapeHtml(m.validHtml(validity))}` : ''}</p>
<p style="color:#666;font-size:13px">${escapeHtml(m.control)} ${escapeHtml(m.unexpected)}</p>
</body></html>`;
  return { to, subject: m.subject(s.ticket.number), text, html };
}
