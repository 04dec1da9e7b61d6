import type { Reply, RichText } from '../ports/chat.port.js';
import { ACTIONS } from './session-card.reply.js';

export function plain(text: string, severity: Reply['severity'] = 'info'): Reply {
  return { text, body: [text], severity };
}

export function rich(text: string, body: RichText[], severity: Reply['severity'] = 'info'): Reply {
  return { text, body, severity };
}

/** The DM with the one-time link; the "new link" button covers pain point 2 (links that can't be regenerated). */
export function linkInvitation(url: string, ttlMinutes: number, pendingText?: string, reason?: string): Reply {
  const resume = pendingText ? ` Afterwards I will run \`${pendingText}\` for you.` : '';
  return {
    text: `${reason ? `${reason} ` : ''}Link your TeamViewer account: ${url}`,
    title: 'Link your TeamViewer account',
    body: [...(reason ? [reason] : []), `Open this one-time link to let me act on your behalf in TeamViewer. It works once and expires in ${ttlMinutes} minutes.${resume}`],
    actions: [
      { id: ACTIONS.openLink, label: 'Link TeamViewer account', url, style: 'primary' },
      { id: ACTIONS.newLink, label: 'Send me a new link', value: 'new' },
    ],
    severity: 'info',
  };
}

export function relinkNeeded(reason: string): Reply {
  return {
    text: `Your TeamViewer link needs renewing: ${reason}`,
    title: 'Please link TeamViewer again',
    body: [reason],
    actions: [{ id: ACTIONS.newLink, label: 'Send me a new link', value: 'new', style: 'primary' }],
    severity: 'warning',
  };
}
