/**
 * German e-mail, journal and connection-log texts, in the vocabulary of the Matrix42 TeamViewer add-on's German
 * documentation (Fernwartung, Sitzung, Journaleintrag, Kundenlink, unbeaufsichtigt).
 */
import type { Inline } from '../ports/chat.port.js';
import type { enRecords } from './en.records.js';

const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;

export const deRecords: typeof enRecords = {
  email: {
    subject: (ticket) => `Fernwartung zu ${ticket}: Nehmen Sie an Ihrer TeamViewer-Sitzung teil`,
    greeting: (name) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
    intro: (agent, ticket, title) => `${agent} vom Service Desk möchte Ihnen bei ${ticket} (${title}) in einer TeamViewer-Fernwartungssitzung helfen.`,
    quote: (t) => `„${t}“`,
    quoteHtml: (t) => `„${t}“`,
    ready: 'Wenn Sie bereit sind, öffnen Sie diesen Link und folgen Sie den Anweisungen (bei Bedarf wird eine kleine TeamViewer-App heruntergeladen):',
    button: 'Der Fernwartungssitzung beitreten',
    copy: 'Oder kopieren Sie diesen Link in Ihren Browser:',
    code: 'Sitzungscode:',
    validText: (until) => `Der Link ist gültig bis ${until}.`,
    validHtml: (until) => `Gültig bis ${until}.`,
    control: 'Sie behalten die Kontrolle: Sie können die Verbindung jederzeit beenden, indem Sie TeamViewer schließen.',
    unexpected: 'Falls Sie diese Nachricht nicht erwartet haben, ignorieren Sie sie und antworten Sie Ihrem Service Desk.',
  },

  journal: {
    created: (p) =>
      `[TeamViewer] ${p.agent} hat die Fernwartungssitzung ${p.code} aus dem Chat gestartet. ${
        p.to ? `Einladung per E-Mail an ${p.invitedName ?? ''} <${p.to}> gesendet.` : 'Keine Einladungs-E-Mail gesendet; der Agent hat den Kundenlink zur Weitergabe erhalten.'
      }${p.validUntil ? ` Gültig bis ${p.validUntil}.` : ''}`,
    closed: (by, code) => `[TeamViewer] ${by} hat die Fernwartungssitzung ${code} geschlossen.`,
    shared: (by, code, to) => `[TeamViewer] ${by} hat die Einladung zur Sitzung ${code} erneut an ${to} gesendet.`,
    expired: (p) =>
      `[TeamViewer] Die von ${p.agent} gestartete Fernwartungssitzung ${p.code} ist${p.at ? ` am ${p.at}` : ''} abgelaufen.${
        p.remoteError
          ? ` Sie konnte in TeamViewer noch nicht geschlossen werden (${p.remoteError}); sie wird dort geschlossen, sobald ${p.agent} TeamViewer erneut verknüpft.`
          : ' Sie wurde in TeamViewer automatisch geschlossen.'
      }`,
    closedElsewhere: (code, agent) => `[TeamViewer] Die von ${agent} gestartete Fernwartungssitzung ${code} wurde außerhalb des Chats (in TeamViewer) geschlossen.`,
    adopted: (p) =>
      `[TeamViewer] Die Fernwartungssitzung ${p.code} von ${p.agent} war in TeamViewer offen, ohne Eintrag im Chat (ein unterbrochener Start), und wurde übernommen.${p.validUntil ? ` Gültig bis ${p.validUntil}.` : ''}`,
    inviteFailed: (p) => `[TeamViewer] Die Einladungs-E-Mail zur Sitzung ${p.code} an ${p.to} konnte nicht zugestellt werden (${p.reason}); der Agent hat den Kundenlink erhalten.`,
    connected: (p) => `[TeamViewer] ${p.agent} hat aus dem Chat eine unbeaufsichtigte Verbindung zu ${p.asset} (TeamViewer-ID ${p.id}) für ${p.ticket} geöffnet.`,
    logHead: (code, agent) => `[TeamViewer] Verbindungsprotokoll der Fernwartungssitzung ${code} (gestartet von ${agent}):`,
    logUnavailable: (head, reason) => `${head} Der Verbindungsbericht konnte nicht gelesen werden (${reason ?? 'unbekannter Grund'}).`,
    logNone: (head, expired, at) => `${head} Es fand keine Verbindung statt. Die Sitzung ${expired ? 'ist' : 'wurde'}${at ? ` am ${at}` : ''} ${expired ? 'abgelaufen' : 'geschlossen'}.`,
    logLine: (p) => `${p.supporter} war mit ${p.device} verbunden: ${p.start}${p.end ? ` bis ${p.end} (${p.duration ?? ''})` : ' (kein Ende gemeldet)'}`,
    // "35 Min." already ends the sentence.
    logTotal: (head, lines, total) => `${head} ${lines.join('; ')}. Verbundene Zeit insgesamt: ${total}${total.endsWith('.') ? '' : '.'}`,
  },

  connectionLog: {
    device: (id) => (id ? `Gerät ${id}` : 'ein unbenanntes Gerät'),
    stillRunning: ' lief beim letzten Abruf noch',
    unreadable: (reason) => `Das Verbindungsprotokoll konnte nicht gelesen werden: ${reason ?? 'unbekannter Grund'}.`,
    noConnection: 'Es fand keine Verbindung statt.',
    noConnectionEnded: (expired, at): Inline[] => [
      `Es fand keine Verbindung statt. Die Sitzung ${expired ? 'ist' : 'wurde'} am `,
      { kind: 'time', at },
      expired ? ' abgelaufen.' : ' geschlossen.',
    ],
    incomplete: 'Eine Verbindung hatte noch kein Ende gemeldet, als ich aufgehört habe zu warten; ihre Zeit ist nicht mitgezählt.',
    supporter: 'Supporter',
    deviceLabel: 'Gerät',
    start: 'Beginn',
    end: 'Ende',
    duration: 'Dauer',
    total: 'Verbunden insgesamt',
    totalValue: (duration, k) => `${duration} in ${n(k, 'Verbindung', 'Verbindungen')}`,
    whatConnected: (duration) => `${duration} verbunden`,
    whatNone: 'keine Verbindung',
    whatUnavailable: 'Protokoll nicht verfügbar',
    text: (ticket, code, what) => `Verbindungsprotokoll für ${ticket}, Sitzung ${code}: ${what}`,
    title: (ticket) => `Verbindungsprotokoll: ${ticket}`,
    context: (code, agent) => `Sitzung ${code} · gestartet von ${agent}`,
    digestUnavailable: (reason) => `Verbindungsprotokoll nicht verfügbar${reason ? ` (${reason})` : ''}`,
    digestNone: (expired) => `keine Verbindung (${expired ? 'abgelaufen' : 'geschlossen'}`,
    digestConnected: (duration) => `, ${duration} verbunden`,
    digestText: (k, tickets) => `TeamViewer-Sitzungsprotokoll: ${n(k, 'Sitzung', 'Sitzungen')} beendet (${tickets})`,
    digestTitle: 'TeamViewer-Sitzungsprotokoll',
  },
};
