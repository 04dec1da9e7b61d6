import type { SessionRecord } from '../domain/remote-session.js';
import type { MailMessage } from '../ports/mailer.port.js';
import { formatInstant } from './journal.text.js';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * The customer invitation. Only the customer link ever goes here, never a supporter link
 * (teamviewer-api.md §12 pitfall 1). The validity carries its zone because the reader's zone is unknown.
 */
export function invitationEmail(s: SessionRecord, to: string, agentName: string, zone: string): MailMessage {
  const link = s.customerLink ?? '';
  const validity = s.validUntil ? formatInstant(s.validUntil, zone) : undefined;
  const greeting = s.requester?.name && s.requester.email?.toLowerCase() === to.toLowerCase() ? `Hello ${s.requester.name},` : 'Hello,';
  const subject = `Remote support for ${s.ticket.number}: join your TeamViewer session`;
  const text = [
    greeting,
    '',
    `${agentName} from the service desk would like to help you with ${s.ticket.number} ("${s.ticket.title}") through a TeamViewer remote-support session.`,
    '',
    'When you are ready, open this link and follow the instructions (it downloads a small TeamViewer app if needed):',
    link,
    '',
    `Session code: ${s.code ?? ''}`,
    ...(validity ? [`The link is valid until ${validity}.`] : []),
    '',
    'You stay in control: you can end the connection at any time by closing TeamViewer.',
    'If you did not expect this message, ignore it and reply to your service desk.',
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#1d1d1f">
<p>${escapeHtml(greeting)}</p>
<p><strong>${escapeHtml(agentName)}</strong> from the service desk would like to help you with <strong>${escapeHtml(s.ticket.number)}</strong> (“${escapeHtml(s.ticket.title)}”) through a TeamViewer remote-support session.</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;background:#0e8ee9;color:#fff;text-decoration:none;border-radius:4px">Join the support session</a></p>
<p>Or copy this link into your browser: <br><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
<p>Session code: <code>${escapeHtml(s.code ?? '')}</code>${validity ? `<br>Valid until ${escapeHtml(validity)}.` : ''}</p>
<p style="color:#666;font-size:13px">You stay in control: you can end the connection at any time by closing TeamViewer. If you did not expect this message, ignore it and reply to your service desk.</p>
</body></html>`;
  return { to, subject, text, html };
}
