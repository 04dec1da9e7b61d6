/**
 * The German catalog ("Sie" form). Typed as `Catalog`, so the compiler insists on every entry and parameter of
 * `en.ts`. Vendor hints that connectors write in English (field names, ticket formats) are quoted inside German
 * sentences rather than translated here.
 */
import type { Verb } from '../commands/command-spec.js';
import type { SessionState } from '../domain/remote-session.js';
import type { Inline } from '../ports/chat.port.js';
import { deRecords } from './de.records.js';
import type { Catalog } from './en.js';

const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;

const verbs: Record<Verb, { usage: string; description: string }> = {
  start: { usage: 'start <Ticket> [E-Mail]', description: 'Erstellt eine TeamViewer-Sitzung für ein Ticket, lädt den Anfragenden per E-Mail ein und zeigt hier die Schaltflächen zum Beitreten.' },
  close: { usage: 'close <Ticket>', description: 'Schließt die offene Sitzung des Tickets (nur der Agent, der sie gestartet hat).' },
  share: { usage: 'share <Ticket> [E-Mail]', description: 'Sendet den Kundenlink erneut, an den Anfragenden oder an eine andere Adresse.' },
  status: { usage: 'status [Ticket]', description: 'Zeigt die Sitzung eines Tickets oder alle Ihre offenen Sitzungen.' },
  connect: { usage: 'connect <Ticket>', description: 'Verbindet Sie ohne den Kunden (unbeaufsichtigt) mit dem Computer des Tickets, über die TeamViewer-ID am Asset.' },
  logs: { usage: 'logs <Ticket>', description: 'Zeigt das Verbindungsprotokoll der letzten Sitzung des Tickets: wer sich wann, wie lange und womit verbunden hat.' },
  report: { usage: 'report [today|week] [@Agent]', description: 'Sitzungen, Verbindungen und verbundene Zeit je Agent, heute oder in dieser Woche, in Ihrer Zeitzone.' },
  link: { usage: 'link', description: 'Verknüpft Ihr TeamViewer-Konto (auch erneut); ich sende Ihnen einen Einmal-Link als Direktnachricht.' },
  unlink: { usage: 'unlink', description: 'Widerruft Ihre TeamViewer-Verknüpfung und löscht sie.' },
  help: { usage: 'help', description: 'Zeigt diese Hilfe.' },
};

const usage = (p: { verb: Verb; example: string }) => `Verwendung: \`${verbs[p.verb].usage}\`. Beispiel: \`${p.example}\``;
const guardedAction = { start: 'eine Sitzung starten', connect: 'sich mit dem Computer des Tickets verbinden' } as const;
const stateWord: Record<SessionState, string> = { requested: 'im Aufbau', created: 'offen', closed: 'geschlossen', expired: 'abgelaufen', failed: 'fehlgeschlagen' };
/** A German lead sentence, then the connector's own (English) explanation, which names fields and fixes. */
const lead = (sentence: string) => (f: { message: string; retryAfter?: number }) => `${sentence} Details: ${f.message}`;
const later = (f: { message: string; retryAfter?: number }) => (f.retryAfter ? `in ${n(f.retryAfter, 'Sekunde', 'Sekunden')}` : 'in einer Minute');

export const de: Catalog = {
  locale: 'de',
  format: { instant: 'd. LLLL yyyy, HH:mm', day: 'ccc d. LLL', dateTimeJoiner: 'um', units: { s: 'Sek.', min: 'Min.', h: 'Std.' } },
  state: { requested: 'Wird gestartet…', created: 'Offen', closed: 'Geschlossen', expired: 'Abgelaufen', failed: 'Fehlgeschlagen' },
  stateWord,

  ack: {
    starting: (ticket) => `TeamViewer-Sitzung für ${ticket} wird gestartet…`,
    unknown: (typed) => `Den Befehl \`${typed}\` kenne ich nicht.`,
    working: 'Wird bearbeitet…',
    already: 'Bereits in Bearbeitung.',
  },

  help: {
    title: 'TeamViewer-Fernwartung',
    text: (intro, prefix) => `${intro ? `${intro} ` : ''}TeamViewer-Fernwartung. Probieren Sie: ${prefix} start INC0010023`,
    examples: (list) => `Beispiele: ${list}`,
    verbs,
  },

  errors: {
    notTicketNumber: (p) => `\`${p.raw}\` ist keine ${p.system}-Ticketnummer. ${p.hint}`,
    ticketNotFound: (p) => `Ich finde ${p.ticket} nicht in ${p.system}. Prüfen Sie die Nummer oder ob der Integrationsbenutzer das Ticket lesen darf.`,
    notOwner: (p) => `Nur wer die Sitzung für ${p.ticket} gestartet hat (${p.agent}), kann ${p.action === 'close' ? 'sie schließen' : 'den Kundenlink erneut senden'}.`,
    assigneeEmailUnknown: (p) =>
      `Nur die verantwortliche Person für ${p.ticket} darf ${guardedAction[p.action]}, und ich kann Ihre E-Mail-Adresse zur Prüfung nicht sehen. Bitten Sie einen Administrator, dem Bot die Berechtigung users:read.email zu erteilen.`,
    notAssignee: (p) => `Nur die verantwortliche Person für ${p.ticket} (${p.assignee ?? 'noch niemand'}) darf ${guardedAction[p.action]}. Weisen Sie sich das Ticket zuerst selbst zu.`,
    startInterrupted: (p) => `Ein früherer Start für ${p.ticket} wurde unterbrochen; ich habe ihn bereinigt. Bitte führen Sie den Befehl erneut aus.`,
    noOpenSession: (p) => `Für ${p.ticket} gibt es keine offene Sitzung.${p.last ? ` Die letzte ist ${stateWord[p.last]}.` : ''}`,
    unknownSession: () => 'Diese Sitzung kenne ich nicht mehr.',
    noOpenSessionToShare: (p) => `Für ${p.ticket} gibt es keine offene Sitzung. Starten Sie eine mit \`start ${p.ticket}\`.`,
    sessionNotOpen: () => 'Diese Sitzung ist nicht mehr offen.',
    sessionExpired: (p) => `Die Sitzung ${p.code} für ${p.ticket} ist abgelaufen. Schließen Sie sie und starten Sie eine neue mit \`start ${p.ticket}\`.`,
    noSessionToReport: (p) => `Für ${p.ticket} gibt es keine TeamViewer-Sitzung, über die ich berichten könnte.`,
    noAsset: (p) =>
      `Mit ${p.ticket} ist in ${p.system} kein Computer verknüpft, daher weiß ich nicht, womit ich mich verbinden soll. Verknüpfen Sie den Computer des Anfragenden (Asset / Configuration Item) mit dem Ticket und versuchen Sie es erneut, oder verwenden Sie \`start ${p.ticket}\` für eine Sitzung, der der Kunde beitritt.`,
    ambiguousDevice: (p) => `${p.asset} (an ${p.ticket}) passt zu ${p.count} TeamViewer-Geräten (${p.ids}), daher rate ich nicht. Tragen Sie die TeamViewer-ID ein in: ${p.field}.`,
    noTeamViewerId: (p) =>
      `${p.asset} (an ${p.ticket}) hat keine TeamViewer-ID.${p.value ? ` Der dort eingetragene Wert „${p.value}“ ist keine TeamViewer-ID (6–12 Ziffern).` : ''} Tragen Sie die TeamViewer-ID ein in: ${p.field}. Oder lassen Sie den nächtlichen Job \`assets\` sie eintragen: Er ordnet TeamViewer-Geräte den Assets über den Namen zu, das Gerät muss in TeamViewer also ${p.asset} heißen.`,
    whichTicket: (p) => `Welches Ticket? ${usage(p)}`,
    tooManyWords: (p) => `Zu viele Wörter. ${usage(p)}`,
    notAnEmail: (p) => `\`${p.word}\` ist keine E-Mail-Adresse. ${usage(p)}`,
    badReportWord: (p) => `\`${p.word}\` ist weder today, week noch ein @Agent. ${usage(p)}`,
    unexpected: () => 'Auf unserer Seite ist etwas schiefgelaufen.',
  },
  codes: {
    'command.invalid_args': lead('Das kann ich so nicht verwenden.'),
    'command.unknown': lead('Diesen Befehl kenne ich nicht.'),
    'auth.link_required': () => 'Verknüpfen Sie zuerst Ihr TeamViewer-Konto.',
    'auth.link_expired': () => 'Ihre TeamViewer-Verknüpfung ist abgelaufen oder wurde widerrufen. Bitte verknüpfen Sie Ihr Konto erneut.',
    'auth.forbidden': lead('Das ist Ihnen nicht erlaubt.'),
    'itsm.not_found': lead('Der Service Desk kennt diesen Datensatz nicht (mehr), oder der Integrationsbenutzer darf ihn nicht sehen.'),
    'itsm.auth_failed': lead('Der Service Desk hat die Anmeldedaten des Bots abgelehnt; ein Administrator muss sie prüfen.'),
    'itsm.forbidden': lead('Der Service Desk erlaubt dem Integrationsbenutzer diese Aktion nicht; ein Administrator muss die Berechtigung erteilen.'),
    'itsm.rate_limited': (f) => `Der Service Desk bremst die Anfragen des Bots. Versuchen Sie es ${later(f)} erneut.`,
    'itsm.unavailable': () => 'Der Service Desk antwortet gerade nicht richtig. Versuchen Sie es in einer Minute erneut.',
    'itsm.invalid_response': lead('Der Service Desk hat eine Antwort gegeben, die der Bot nicht verwenden kann.'),
    'itsm.assets_unavailable': lead('Der Service Desk hat kein Feld für TeamViewer-IDs, das der Bot verwenden kann.'),
    'teamviewer.license_limit': () =>
      'Ihre TeamViewer-Lizenz erlaubt keine weiteren gleichzeitigen Sitzungen. Schließen Sie eine Sitzung, die Sie nicht mehr brauchen (`status` listet Ihre auf), und versuchen Sie es erneut.',
    'teamviewer.auth_failed': lead('TeamViewer hat die Anmeldung nicht akzeptiert.'),
    'teamviewer.forbidden': () =>
      'TeamViewer hat die Aktion abgelehnt: Der TeamViewer-App fehlt eine Berechtigung (Session-Verwaltung: Sessions erstellen, eigene Sessions ansehen und bearbeiten). Bitten Sie Ihren TeamViewer-Administrator, die Berechtigungen der App zu prüfen.',
    'teamviewer.not_found': lead('TeamViewer kennt das angefragte Objekt nicht.'),
    'teamviewer.invalid_request': lead('TeamViewer hat die Anfrage abgelehnt.'),
    'teamviewer.rate_limited': (f) => `TeamViewer begrenzt, wie schnell der Bot es aufrufen darf. Versuchen Sie es ${later(f)} erneut.`,
    'teamviewer.unavailable': () => 'TeamViewer antwortet gerade nicht richtig. Versuchen Sie es in einer Minute erneut.',
    'chat.failed': lead('Die Chat-Plattform hat eine Nachricht nicht angenommen.'),
    'session.not_found': lead('Diese Sitzung gibt es nicht.'),
    'session.expired': lead('Diese Sitzung ist abgelaufen.'),
    'session.busy': lead('An dieser Sitzung wird gerade gearbeitet. Bitte versuchen Sie es gleich erneut.'),
    'mail.failed': lead('Die E-Mail konnte nicht gesendet werden.'),
    'config.invalid': (f) => f.message,
    'internal.unexpected': () => 'Auf unserer Seite ist etwas schiefgelaufen.',
  },
  reference: (id) => `Referenz: \`${id}\``,
  sorry: 'Entschuldigung, auf unserer Seite ist etwas schiefgelaufen.',
  privateRefused:
    'Ich habe eine Antwort nur für Sie, kann Ihnen aber noch keine privaten Nachrichten senden. Fügen Sie die TeamViewer-App unter Apps → Für Ihre Organisation erstellt hinzu (oder öffnen Sie einen Chat mit ihr) und versuchen Sie es dann erneut.',

  card: {
    text: (p) => `TeamViewer-Sitzung ${p.code} für ${p.ticket}: ${p.title} (${p.state})`,
    title: (ticket) => `TeamViewer-Sitzung für ${ticket}`,
    ticket: 'Ticket',
    requester: 'Anfragender',
    unknownRequester: 'Unbekannt',
    code: 'Sitzungscode',
    state: 'Status',
    agent: 'Agent',
    validUntil: 'Gültig bis',
    wasValidUntil: 'War gültig bis',
    invitation: 'Einladung',
    inviteNone: 'Nicht gesendet (keine E-Mail des Anfragenden): Link an den Agenten übergeben',
    invitePending: (to) => `Wird an ${to ?? 'den Anfragenden'} gesendet…`,
    inviteSent: (to) => `Per E-Mail an ${to ?? 'den Anfragenden'} gesendet`,
    inviteFailed: (to) => `E-Mail an ${to ?? 'den Anfragenden'} fehlgeschlagen: Link an den Agenten übergeben`,
    inviteHanded: 'Link an den Agenten zur Weitergabe übergeben',
    joinApp: 'Beitreten (TeamViewer-App)',
    joinWeb: 'Im Browser beitreten',
    share: 'Link erneut an Kunden senden',
    close: 'Sitzung schließen',
    confirmTitle: 'Diese Sitzung schließen?',
    confirmText: (ticket) => `Der Kundenlink für ${ticket} funktioniert dann nicht mehr.`,
    keepOpen: 'Offen lassen',
  },

  link: {
    text: (url, reason) => `${reason ? `${reason} ` : ''}Verknüpfen Sie Ihr TeamViewer-Konto: ${url}`,
    title: 'TeamViewer-Konto verknüpfen',
    body: (minutes, pending) =>
      `Öffnen Sie diesen Einmal-Link, damit ich in TeamViewer in Ihrem Namen handeln kann. Er funktioniert nur einmal und läuft in ${minutes} Minuten ab.${pending ? ` Danach führe ich \`${pending}\` für Sie aus.` : ''}`,
    button: 'TeamViewer-Konto verknüpfen',
    newLink: 'Neuen Link senden',
    relinkText: (reason) => `Ihre TeamViewer-Verknüpfung muss erneuert werden: ${reason}`,
    relinkTitle: 'Bitte verknüpfen Sie TeamViewer erneut',
    sentPrivately: (minutes, pending) =>
      `${pending ? 'Dafür brauche ich Ihr TeamViewer-Konto. ' : ''}Ich habe Ihnen eine Direktnachricht mit einem Einmal-Link zum Verknüpfen von TeamViewer gesendet (gültig ${minutes} Minuten).${pending ? ' Ihr Befehl läuft danach von selbst weiter.' : ''}`,
    declined: 'TeamViewer hat den Zugriff nicht gewährt (die Zustimmung wurde abgelehnt oder abgebrochen).',
    failed: (message, ref) => `Die Verknüpfung ist fehlgeschlagen: ${message} Referenz: ${ref}`,
    linked: (name, pending) => `✅ Mit TeamViewer verknüpft als ${name}.${pending ? ` Ich führe jetzt \`${pending}\` aus.` : ''}`,
    stoppedWorking: 'Ihre TeamViewer-Verknüpfung funktioniert nicht mehr.',
    broken: (reason) => `${reason} Bis Sie TeamViewer erneut verknüpfen, kann ich Ihre TeamViewer-Sitzungen weder starten noch schließen noch darüber berichten.`,
    none: 'Sie haben kein verknüpftes TeamViewer-Konto.',
    revokeUnconfirmed: ' TeamViewer hat den Widerruf nicht bestätigt; Sie können die App auch in der Management Console unter Profil bearbeiten → Apps entfernen.',
    unlinked: (name, note) => `Die Verknüpfung mit dem TeamViewer-Konto ${name} ist aufgehoben. Ich habe seine Tokens gelöscht.${note}`,
  },

  start: {
    waiting: (agent, ticket) => `Ihr Supporter ${agent} ist gleich für Sie da (${ticket}).`,
    passLinkOn: (why, code, link) =>
      `${why}. Bitte geben Sie diesen Kundenlink selbst weiter (Sitzung ${code}): ${link ?? '(kein Link erhalten)'} — öffnen Sie ihn nicht selbst: Sie würden den Platz des Kunden einnehmen.`,
    mailOff: 'E-Mail ist nicht eingerichtet',
    emailHidden: (p) => `${p.system} verbirgt die E-Mail-Adresse von ${p.name} vor dem Bot (Datenschutzeinstellungen; geben Sie selbst eine an: \`start ${p.ticket} name@example.com\`)`,
    noRequesterEmail: (ticket) => `Für ${ticket} ist keine E-Mail-Adresse des Anfragenden hinterlegt`,
    cardFailed: (reason) => `Ich konnte die Sitzungskarte in dieser Unterhaltung nicht posten (${reason}), daher hier nur für Sie.`,
    starting: (ticket, agent) => `${agent ? `${agent} startet` : 'Sie starten'} bereits eine Sitzung für ${ticket}; die Karte erscheint gleich.`,
    existingText: (ticket, agent) => `${agent ? `${agent} hat` : 'Sie haben'} bereits eine offene Sitzung für ${ticket}.`,
    existingBody: (ticket, agent) => `${agent ? `${agent} hat` : 'Sie haben'} bereits eine offene Sitzung für ${ticket}; hier ist sie noch einmal.`,
    adoptClosedGone: (p) => `Ich habe die TeamViewer-Sitzung ${p.code} geschlossen: Sie war für ${p.ticket} offen geblieben, das es in ${p.system} nicht mehr gibt.`,
    adoptClosedDuplicate: (p) => `Ich habe die TeamViewer-Sitzung ${p.code} für ${p.ticket} geschlossen: Sie stammte aus einem unterbrochenen Start, und das Ticket hat jetzt die Sitzung ${p.other}.`,
    adopted: (code, ticket) =>
      `Ich habe Ihre Sitzung ${code} für ${ticket} ohne Eintrag hier offen in TeamViewer gefunden (ein unterbrochener Start) und übernommen. Ich weiß nicht, ob der Kunde die Einladung erhalten hat`,
  },

  close: {
    alreadyState: (ticket, state) => `Die Sitzung für ${ticket} ist bereits ${stateWord[state]}.`,
    alreadyClosed: (ticket) => `Die Sitzung für ${ticket} wurde bereits geschlossen.`,
    thread: (agent) => `Sitzung von ${agent} geschlossen.`,
    done: (code, ticket) => `Sitzung ${code} für ${ticket} geschlossen.`,
    expiredThread: (code) => `Sitzung ${code} ist abgelaufen und wurde geschlossen.`,
    expiredBody: (code, validUntil): Inline[] => [
      '⏱️ Sitzung ',
      { kind: 'code', text: code },
      ' ist abgelaufen',
      ...(validUntil ? [' (gültig bis ', { kind: 'time', at: validUntil } as Inline, ')'] : []),
      ' und wurde geschlossen. Starten Sie eine neue, falls der Kunde noch Hilfe braucht.',
    ],
    elsewhereThread: (code) => `Sitzung ${code} wurde in TeamViewer geschlossen.`,
  },

  share: {
    onItsWay: (ticket) => `Die Einladung für ${ticket} ist bereits unterwegs.`,
    noRequesterEmail: (ticket) => `Für ${ticket} ist keine E-Mail-Adresse des Anfragenden hinterlegt (geben Sie eine an: \`share ${ticket} name@example.com\`)`,
    sending: (ticket, to) => `Die Einladung für ${ticket} wird an ${to} gesendet…`,
    sentThread: (to) => `✉️ Einladung per E-Mail an ${to} gesendet.`,
    sentPrivately: (ticket, to) => `✉️ Einladung für ${ticket} an ${to} gesendet.`,
    failedThread: (to, agent) => `⚠️ Die Einladungs-E-Mail an ${to} konnte nicht gesendet werden; ${agent} hat den Kundenlink zur Weitergabe.`,
    failedWhy: (to, reason) => `Die Einladungs-E-Mail an ${to} konnte nicht gesendet werden (${reason})`,
    noteFailed: (p) => `Ich konnte den Journaleintrag an ${p.ticket} nicht schreiben (${p.reason}). Bitte tragen Sie ihn selbst ein: „${p.text}“`,
    ticketNoteFailed: (p) => `Ich konnte die Notiz an ${p.ticket} nicht schreiben (${p.reason}). Bitte tragen Sie sie selbst ein: „${p.text}“`,
  },

  status: {
    none: 'Sie haben keine offenen TeamViewer-Sitzungen.',
    count: (k) => `Sie haben ${n(k, 'offene Sitzung', 'offene Sitzungen')}.`,
    countHead: (k) => `Sie haben ${n(k, 'offene Sitzung', 'offene Sitzungen')}:`,
    startingCode: 'wird gestartet',
    validUntil: ' · gültig bis ',
    notStarted: (ticket) => `Für ${ticket} wurde noch keine TeamViewer-Sitzung aus dem Chat gestartet.`,
    lastFailed: (reason) => `Letzter Versuch fehlgeschlagen: ${reason}`,
    interrupted: 'Der Start wurde unterbrochen, bevor TeamViewer eine Sitzung erstellt hat.',
  },

  logs: {
    readFailed: (reason) => `Ich konnte den Verbindungsbericht nicht lesen (${reason}).`,
    notAllEnded: 'Noch haben nicht alle Verbindungen ihr Ende gemeldet.',
    noRecordsYet: 'TeamViewer hat dazu noch keine Verbindungseinträge (sie kommen mit Verzögerung).',
    waitingText: (why) => `${why} Ich prüfe weiter und poste die Zusammenfassung im Thread der Sitzung.`,
    waitingHead: (ticket, why) => `Die Sitzung für ${ticket} ist beendet. ${why}`,
    keepChecking: (until): Inline[] => [
      `Ich prüfe weiter${until ? ' bis ' : ''}`,
      ...(until ? [{ kind: 'time', at: until } as Inline] : []),
      ' und poste die Zusammenfassung im Thread der Sitzung und am Ticket.',
    ],
    stillOpen: (code, ticket) => `Sitzung ${code} für ${ticket} ist noch offen.`,
    soFar: (head, k) => `${head} Bisherige Verbindungen: ${k}.`,
    nobodyYet: (head) => `${head} Bisher hat sich niemand verbunden.`,
    noLog: (ticket, state) => `Die letzte Sitzung für ${ticket} ist ${stateWord[state]}; sie hat kein Verbindungsprotokoll.`,
  },

  connect: {
    text: (p) => `Mit ${p.asset} verbinden (TeamViewer-ID ${p.id}) für ${p.ticket}: ${p.url}`,
    title: (asset) => `Mit ${asset} verbinden`,
    body: (id, source) =>
      `TeamViewer-ID ${id} (aus ${source}). Die Schaltfläche öffnet Ihr TeamViewer oder bietet die Installation an. Der Computer muss online und für den unbeaufsichtigten Zugriff mit Ihrem Konto eingerichtet sein.`,
    button: (asset) => `Mit ${asset} verbinden`,
    deviceList: 'der TeamViewer-Geräteliste',
  },

  report: {
    window: (p) => (p.period === 'today' ? `Heute (${p.from}, ${p.zone})` : `Diese Woche (seit ${p.from}, ${p.zone})`),
    title: (what, agent) => `TeamViewer-Bericht: ${what}${agent ? ` für ${agent}` : ''}`,
    thatAgent: 'diesen Agenten',
    emptyText: (title) => `${title}: noch keine Sitzungen mit Verbindungsprotokoll.`,
    emptyBody: 'In diesem Zeitraum gibt es noch keine beendeten Sitzungen mit Verbindungsprotokoll. Zusammenfassungen kommen einige Minuten nach dem Ende einer Sitzung.',
    totals: (p) => `${n(p.sessions, 'Sitzung', 'Sitzungen')}, ${n(p.connections, 'Verbindung', 'Verbindungen')}, ${p.duration} verbunden`,
    text: (title, totals) => `${title}: ${totals}.`,
    context: (totals) => `Gesamt: ${totals}. Gezählt aus den Verbindungsprotokollen beendeter Sitzungen.`,
  },

  page: {
    linkGoneTitle: 'Dieser Link ist abgelaufen oder wurde bereits verwendet',
    linkGoneBody: 'Jeder Link funktioniert einmal und 10 Minuten lang.',
    relinkHint: 'Geben Sie in Slack `/teamviewer link` ein (oder klicken Sie in meiner Direktnachricht auf „Neuen Link senden“), um einen neuen Link zu erhalten.',
    linkedTitle: (name) => `Verknüpft als ${name}`,
    linkedBody: 'Ihr TeamViewer-Konto ist verknüpft. Sie können diesen Tab schließen und zum Chat zurückkehren: Ich mache mit Ihrer Anfrage weiter.',
    cancelledTitle: 'Verknüpfung abgebrochen',
    cancelledBody: 'TeamViewer hat den Zugriff nicht gewährt, daher wurde nichts verknüpft.',
    exchangeFailedTitle: 'TeamViewer hat die Verknüpfung nicht abgeschlossen',
    exchangeFailedBody: (ref) => `Es wurde nichts gespeichert. Referenz: ${ref}.`,
    invalidTitle: 'Diese Anmeldung ist nicht mehr gültig',
    invalidBody: 'Der Link ist abgelaufen, wurde bereits verwendet oder in einem anderen Browser geöffnet. Es wurde nichts gespeichert.',
  },

  ...deRecords,
};
