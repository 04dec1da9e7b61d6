import { describe, expect, it } from 'vitest';
import { BotError, ConnectorError, NotFoundError, UnexpectedError, says, userFacingMessage } from '../errors.js';
import { formatDuration } from '../replies/duration.js';
import { formatInstant } from '../replies/journal.text.js';
import { LocaleCache } from './locale-cache.js';
import { pickFromAcceptLanguage, pickLocale } from './locale.js';

describe('pickLocale', () => {
  it.each([
    ['de-DE', 'de'],
    ['de_AT', 'de'],
    ['DE', 'de'],
    ['de-CH', 'de'],
    ['en-US', 'en'],
    ['en', 'en'],
  ] as const)('%s → %s', (tag, want) => {
    expect(pickLocale(tag, 'en')).toBe(want);
  });

  it('falls back for languages it does not speak, and for nothing at all', () => {
    expect(pickLocale('fr-FR', 'de')).toBe('de');
    expect(pickLocale('', 'de')).toBe('de');
    expect(pickLocale(undefined, 'en')).toBe('en');
    expect(pickLocale('deutsch', 'en')).toBe('en');
  });

  it('reads Accept-Language by weight, then order', () => {
    expect(pickFromAcceptLanguage('fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7', 'en')).toBe('de');
    expect(pickFromAcceptLanguage('en-GB;q=0.5, de-AT', 'en')).toBe('de');
    expect(pickFromAcceptLanguage('de;q=0, en', 'de')).toBe('en');
    expect(pickFromAcceptLanguage(undefined, 'de')).toBe('de');
    expect(pickFromAcceptLanguage('*', 'de')).toBe('de');
  });
});

describe('LocaleCache', () => {
  it('forgets after its TTL and keeps only the most recent entries', () => {
    let now = 0;
    const cache = new LocaleCache(1000, 2, () => now);
    cache.set('a', 'de');
    cache.set('b', 'en');
    now = 999;
    expect(cache.get('a')).toBe('de');
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', 'de');
    cache.set('c', 'en');
    cache.set('d', 'de');
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('d')).toBe('de');
  });
});

describe('durations and instants per locale', () => {
  it.each([
    [45_000, '45 s', '45 Sek.'],
    [12 * 60_000, '12 min', '12 Min.'],
    [65 * 60_000, '1 h 05 min', '1 Std. 05 Min.'],
  ])('%i ms', (ms, english, german) => {
    expect(formatDuration(ms, 'en')).toBe(english);
    expect(formatDuration(ms, 'de')).toBe(german);
  });

  it('names the zone and UTC in both languages', () => {
    expect(formatInstant('2026-11-22T13:00:00Z', 'Europe/Berlin', 'en')).toBe('22 Nov 2026, 14:00 Europe/Berlin (13:00 UTC)');
    expect(formatInstant('2026-11-22T13:00:00Z', 'Europe/Berlin', 'de')).toBe('22. November 2026, 14:00 Europe/Berlin (13:00 UTC)');
    expect(formatInstant('2026-03-05T08:30:00Z', 'UTC', 'de')).toBe('5. März 2026, 08:30 UTC');
  });
});

describe('userFacingMessage', () => {
  it('translates what the core raised, keeping the English as the public message', () => {
    const err = new NotFoundError('itsm.not_found', ...says({ key: 'ticketNotFound', params: { ticket: 'INC9', system: 'ServiceNow' } }));
    expect(err.publicMessage).toBe("I can't find INC9 in ServiceNow. Check the number, or whether the integration user may read it.");
    expect(userFacingMessage(err, 'r1', 'en')).toBe(err.publicMessage);
    expect(userFacingMessage(err, 'r1', 'de')).toBe('Ich finde INC9 nicht in ServiceNow. Prüfen Sie die Nummer oder ob der Integrationsbenutzer das Ticket lesen darf.');
  });

  it('gives connector errors a German lead sentence and keeps their English fix', () => {
    const err = new ConnectorError('itsm.forbidden', 'ServiceNow does not allow the integration user to read incidents. Grant it itil.', { vendor: 'servicenow', reached: true, kind: 'user' });
    expect(userFacingMessage(err, 'r1', 'de')).toBe(
      'Der Service Desk erlaubt dem Integrationsbenutzer diese Aktion nicht; ein Administrator muss die Berechtigung erteilen. Details: ServiceNow does not allow the integration user to read incidents. Grant it itil.',
    );
    const limited = new ConnectorError('teamviewer.rate_limited', 'TeamViewer is limiting how fast we may call it. Try again in 30 seconds.', { vendor: 'teamviewer', reached: true, retryAfter: 30 });
    expect(userFacingMessage(limited, 'ref-7', 'de')).toBe('TeamViewer begrenzt, wie schnell der Bot es aufrufen darf. Versuchen Sie es in 30 Sekunden erneut. Referenz: `ref-7`');
    expect(userFacingMessage(limited, 'ref-7', 'en')).toBe('TeamViewer is limiting how fast we may call it. Try again in 30 seconds. Reference: `ref-7`');
  });

  it('apologises in either language for the unexpected', () => {
    expect(userFacingMessage(new UnexpectedError(new Error('boom')), 'r2', 'en')).toBe('Sorry, something went wrong on our side. Reference: `r2`');
    expect(userFacingMessage(new UnexpectedError(new Error('boom')), 'r2', 'de')).toBe('Entschuldigung, auf unserer Seite ist etwas schiefgelaufen. Referenz: `r2`');
    expect(userFacingMessage(new BotError('auth.link_required', 'Link your TeamViewer account first.'), 'r3', 'de')).toBe('Verknüpfen Sie zuerst Ihr TeamViewer-Konto.');
  });
});
