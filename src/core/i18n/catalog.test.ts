import { describe, expect, it } from 'vitest';
import { de } from './de.js';
import { en } from './en.js';

/**
 * Stands in for any parameter: prints as `X`, answers the few fields texts branch on, so every entry can be called
 * and the German result compared with the English one.
 */
const ARG: unknown = new Proxy(() => 'X', {
  get(_t, key) {
    if (key === Symbol.toPrimitive) return () => 'X';
    if (key === 'join') return () => 'X';
    if (key === 'verb') return 'start';
    if (key === 'action') return 'close';
    if (key === 'period') return 'week';
    return ARG;
  },
});

/** Entries that are the same word in both languages (established loanwords and the command grammar). */
const SAME = new Set([
  'card.ticket',
  'card.agent',
  'connectionLog.supporter',
  'help.verbs.link.usage',
  'help.verbs.unlink.usage',
  'help.verbs.help.usage',
  'codes.config.invalid',
  'report.text',
]);

function leaves(node: unknown, path: string[] = []): Array<[string, unknown]> {
  if (typeof node === 'object' && node !== null) return Object.entries(node).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path.join('.'), node]];
}

function text(v: unknown): string {
  const out = typeof v === 'function' ? (v as (...a: unknown[]) => unknown)(ARG, ARG, ARG) : v;
  return typeof out === 'string' ? out : JSON.stringify(out);
}

describe('the German catalog', () => {
  const english = new Map(leaves(en));
  const german = leaves(de);

  it('has exactly the English entries, each of the same kind, taking no more parameters', () => {
    expect(german.map(([k]) => k).sort()).toEqual([...english.keys()].sort());
    for (const [key, value] of german) {
      const theirs = english.get(key);
      expect(typeof value, key).toBe(typeof theirs);
      // German may ignore a parameter (a by-code text that needs no detail), never expect one English does not pass.
      if (typeof value === 'function' && typeof theirs === 'function') expect(value.length, key).toBeLessThanOrEqual(theirs.length);
    }
  });

  it('says something in German for every entry: none empty, none left in English', () => {
    const untranslated: string[] = [];
    for (const [key, value] of german) {
      if (key === 'locale') continue;
      const mine = text(value);
      expect(mine.replace(/X/g, '').trim(), key).not.toBe('');
      if (mine === text(english.get(key)) && !SAME.has(key)) untranslated.push(key);
    }
    expect(untranslated).toEqual([]);
  });

  it('keeps English texts where tests and logs read them', () => {
    expect(en.ack.starting('INC0010001')).toBe('Starting a TeamViewer session for INC0010001…');
    expect(en.errors.noOpenSession({ ticket: 'INC1', last: 'expired' })).toBe('There is no open session for INC1. The last one is expired.');
    expect(de.errors.noOpenSession({ ticket: 'INC1', last: 'expired' })).toBe('Für INC1 gibt es keine offene Sitzung. Die letzte ist abgelaufen.');
  });

  it('says who may act in plain German', () => {
    expect(de.errors.notOwner({ agent: 'Beth Anglin', ticket: 'INC1', action: 'close' })).toBe('Nur wer die Sitzung für INC1 gestartet hat (Beth Anglin), kann sie schließen.');
    expect(de.errors.notAssignee({ ticket: 'INC1', assignee: 'Fred Luddy', action: 'connect' })).toBe(
      'Nur die verantwortliche Person für INC1 (Fred Luddy) darf sich mit dem Computer des Tickets verbinden. Weisen Sie sich das Ticket zuerst selbst zu.',
    );
    expect(de.errors.notAssignee({ ticket: 'INC1', action: 'start' })).toBe('Nur die verantwortliche Person für INC1 (noch niemand) darf eine Sitzung starten. Weisen Sie sich das Ticket zuerst selbst zu.');
  });

  it('pluralises German counts', () => {
    expect(de.report.totals({ sessions: 1, connections: 2, duration: '5 Min.' })).toBe('1 Sitzung, 2 Verbindungen, 5 Min. verbunden');
    expect(de.status.count(1)).toBe('Sie haben 1 offene Sitzung.');
    expect(de.codes['teamviewer.rate_limited']({ message: 'x', retryAfter: 1 })).toBe('TeamViewer begrenzt, wie schnell der Bot es aufrufen darf. Versuchen Sie es in 1 Sekunde erneut.');
  });
});
