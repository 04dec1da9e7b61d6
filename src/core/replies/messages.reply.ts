import { inLocale, t, type Locale } from '../i18n/index.js';
import type { Reply, RichText } from '../ports/chat.port.js';
import { ACTIONS } from './session-card.reply.js';

/** `locale` marks the reply's language (Adaptive Card `lang`, the Teams fallback note); pass it where it is known. */
export function plain(text: string, severity: Reply['severity'] = 'info', locale?: Locale): Reply {
  const reply: Reply = { text, body: [text], severity };
  return locale ? inLocale(reply, locale) : reply;
}

export function rich(text: string, body: RichText[], severity: Reply['severity'] = 'info', locale?: Locale): Reply {
  const reply: Reply = { text, body, severity };
  return locale ? inLocale(reply, locale) : reply;
}

/** The DM with the one-time link; the "new link" button covers pain point 2 (links that can't be regenerated). */
export function linkInvitation(url: string, ttlMinutes: number, pendingText?: string, reason?: string, locale: Locale = 'en'): Reply {
  const c = t(locale).link;
  return {
    text: c.text(url, reason),
    title: c.title,
    body: [...(reason ? [reason] : []), c.body(ttlMinutes, pendingText)],
    actions: [
      { id: ACTIONS.openLink, label: c.button, url, style: 'primary' },
      { id: ACTIONS.newLink, label: c.newLink, value: 'new' },
    ],
    severity: 'info',
    lang: locale,
  };
}

export function relinkNeeded(reason: string, locale: Locale = 'en'): Reply {
  const c = t(locale).link;
  return {
    text: c.relinkText(reason),
    title: c.relinkTitle,
    body: [reason],
    actions: [{ id: ACTIONS.newLink, label: c.newLink, value: 'new', style: 'primary' }],
    severity: 'warning',
    lang: locale,
  };
}
