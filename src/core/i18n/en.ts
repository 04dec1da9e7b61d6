/**
 * The English catalog: every word the bot shows in chat, cards, errors and its browser pages. `de.ts` is typed as
 * `Catalog = typeof en`, so a German entry that is missing or takes other parameters fails the compiler. Texts the
 * desk and the customer read (e-mail, journal, connection logs) live in `en.records.ts`.
 */
import type { Verb } from '../commands/command-spec.js';
import type { SessionState } from '../domain/remote-session.js';
import type { ErrorCode } from '../errors.js';
import type { Inline } from '../ports/chat.port.js';
import { enRecords } from './en.records.js';
import type { Locale } from './locale.js';

const s = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const verbs: Record<Verb, { usage: string; description: string }> = {
  start: { usage: 'start <ticket> [e-mail]', description: 'Create a TeamViewer session for a ticket, invite the requester by e-mail and post join buttons here.' },
  close: { usage: 'close <ticket>', description: "Close the ticket's open session (only the agent who started it)." },
  share: { usage: 'share <ticket> [e-mail]', description: 'Send the customer link again, to the requester or to another address.' },
  status: { usage: 'status [ticket]', description: "Show a ticket's session, or all your open sessions." },
  connect: { usage: 'connect <ticket>', description: "Connect to the ticket's computer without the customer (unattended), through the TeamViewer ID stored on its asset." },
  logs: { usage: 'logs <ticket>', description: "Show the connection log of the ticket's latest session: who connected to what, when and for how long." },
  report: { usage: 'report [today|week] [@agent]', description: 'Sessions, connections and connected time per agent, today or this week, in your time zone.' },
  link: { usage: 'link', description: 'Link (or re-link) your TeamViewer account; I send you a one-time link by direct message.' },
  unlink: { usage: 'unlink', description: 'Revoke and forget your TeamViewer link.' },
  help: { usage: 'help', description: 'Show this help.' },
};

const usage = (p: { verb: Verb; example: string }) => `Usage: \`${verbs[p.verb].usage}\`. Example: \`${p.example}\``;
const guardedAction = { start: 'start a session', connect: 'connect to its computer' } as const;
const same = (f: { message: string; retryAfter?: number }) => f.message;
const stateWord: Record<SessionState, string> = { requested: 'requested', created: 'created', closed: 'closed', expired: 'expired', failed: 'failed' };

export const en = {
  locale: 'en' as Locale,
  format: {
    /** luxon pattern for instants in e-mails and notes, followed by the zone. */
    instant: 'd LLL yyyy, HH:mm',
    /** luxon pattern naming the first day of a report window. */
    day: 'ccc d LLL',
    /** Between a date and a time where the chat platform formats both (Slack date tokens). */
    dateTimeJoiner: 'at',
    units: { s: 's', min: 'min', h: 'h' },
  },
  state: { requested: 'Starting…', created: 'Open', closed: 'Closed', expired: 'Expired', failed: 'Failed' } satisfies Record<SessionState, string>,
  /** A state inside a sentence ("The last one is closed."). */
  stateWord,

  ack: {
    starting: (ticket: string) => `Starting a TeamViewer session for ${ticket}…`,
    unknown: (typed: string) => `I don't know \`${typed}\`.`,
    working: 'Working on it…',
    already: 'Already on it.',
  },

  help: {
    title: 'TeamViewer remote support',
    text: (intro: string | undefined, prefix: string) => `${intro ? `${intro} ` : ''}TeamViewer remote support. Try: ${prefix} start INC0010023`,
    examples: (list: string) => `Examples: ${list}`,
    verbs,
  },

  /** Errors the core raises itself; English is also the BotError's `publicMessage` (the logs' language). */
  errors: {
    notTicketNumber: (p: { raw: string; system: string; hint: string }) => `\`${p.raw}\` is not a ${p.system} ticket number. ${p.hint}`,
    ticketNotFound: (p: { ticket: string; system: string }) => `I can't find ${p.ticket} in ${p.system}. Check the number, or whether the integration user may read it.`,
    notOwner: (p: { agent: string; ticket: string; action: 'close' | 'share' }) => `Only ${p.agent}, who started the session for ${p.ticket}, can ${p.action} it.`,
    assigneeEmailUnknown: (p: { ticket: string; action: 'start' | 'connect' }) =>
      `Only the assignee of ${p.ticket} may ${guardedAction[p.action]}, and I can't see your e-mail address to check. Ask an admin to grant the bot users:read.email.`,
    notAssignee: (p: { ticket: string; assignee?: string; action: 'start' | 'connect' }) =>
      `Only the assignee of ${p.ticket} (${p.assignee ?? 'nobody yet'}) may ${guardedAction[p.action]} for it. Assign it to yourself first.`,
    startInterrupted: (p: { ticket: string }) => `A previous start for ${p.ticket} was interrupted; I've cleared it. Please run the command again.`,
    noOpenSession: (p: { ticket: string; last?: SessionState }) => `There is no open session for ${p.ticket}.${p.last ? ` The last one is ${stateWord[p.last]}.` : ''}`,
    unknownSession: () => 'I no longer know this session.',
    noOpenSessionToShare: (p: { ticket: string }) => `There is no open session for ${p.ticket}. Start one with \`start ${p.ticket}\`.`,
    sessionNotOpen: () => 'This session is no longer open.',
    sessionExpired: (p: { code: string; ticket: string }) => `Session ${p.code} for ${p.ticket} has expired. Close it and start a new one with \`start ${p.ticket}\`.`,
    noSessionToReport: (p: { ticket: string }) => `There is no TeamViewer session for ${p.ticket} to report on.`,
    noAsset: (p: { ticket: string; system: string }) =>
      `${p.ticket} has no computer linked in ${p.system}, so I don't know what to connect to. Link the requester's computer (asset / configuration item) to the ticket and try again, or use \`start ${p.ticket}\` for a session the customer joins.`,
    ambiguousDevice: (p: { asset: string; ticket: string; count: number; ids: string; field: string }) =>
      `${p.asset} (on ${p.ticket}) matches ${p.count} TeamViewer devices (${p.ids}), so I won't guess. Put its TeamViewer ID into ${p.field}.`,
    noTeamViewerId: (p: { asset: string; ticket: string; value?: string; field: string }) =>
      `${p.asset} (on ${p.ticket}) has no TeamViewer ID.${p.value ? ` The value there, "${p.value}", is not a TeamViewer ID (6–12 digits).` : ''} Put its TeamViewer ID into ${p.field}, or let the nightly \`assets\` job fill it in: it matches TeamViewer devices to assets by name, so the device must be called ${p.asset} in TeamViewer.`,
    whichTicket: (p: { verb: Verb; example: string }) => `Which ticket? ${usage(p)}`,
    tooManyWords: (p: { verb: Verb; example: string }) => `Too many words. ${usage(p)}`,
    notAnEmail: (p: { verb: Verb; example: string; word: string }) => `\`${p.word}\` is not an e-mail address. ${usage(p)}`,
    badReportWord: (p: { verb: Verb; example: string; word: string }) => `\`${p.word}\` is neither today, week nor an @agent. ${usage(p)}`,
    unexpected: () => 'Something went wrong on our side.',
  },
  /** Errors raised outside the core (connectors, chat adapters), by code: English shows their own message. */
  codes: {
    'command.invalid_args': same, 'command.unknown': same, 'auth.link_required': same, 'auth.link_expired': same, 'auth.forbidden': same,
    'itsm.not_found': same, 'itsm.auth_failed': same, 'itsm.forbidden': same, 'itsm.rate_limited': same, 'itsm.unavailable': same,
    'itsm.invalid_response': same, 'itsm.assets_unavailable': same, 'teamviewer.license_limit': same, 'teamviewer.auth_failed': same,
    'teamviewer.forbidden': same, 'teamviewer.not_found': same, 'teamviewer.invalid_request': same, 'teamviewer.rate_limited': same,
    'teamviewer.unavailable': same, 'chat.failed': same, 'session.not_found': same, 'session.expired': same, 'session.busy': same,
    'mail.failed': same, 'config.invalid': same, 'internal.unexpected': same,
  } satisfies Record<ErrorCode, (f: { message: string; retryAfter?: number }) => string>,
  reference: (id: string) => `Reference: \`${id}\``,
  sorry: 'Sorry, something went wrong on our side.',
  /** Said in the conversation, addressed to the user, when Teams refuses a 1:1 chat with them (app not installed). */
  privateRefused: "I have an answer only for you, but I can't message you privately yet. Add the TeamViewer app under Apps → Built for your org (or open a chat with it), then try again.",

  card: {
    text: (p: { code: string; ticket: string; title: string; state: string }) => `TeamViewer session ${p.code} for ${p.ticket}: ${p.title} (${p.state})`,
    title: (ticket: string) => `TeamViewer session for ${ticket}`,
    ticket: 'Ticket',
    requester: 'Requester',
    unknownRequester: 'Unknown',
    code: 'Session code',
    state: 'State',
    agent: 'Agent',
    validUntil: 'Valid until',
    wasValidUntil: 'Was valid until',
    invitation: 'Invitation',
    inviteNone: 'Not sent (no requester e-mail): link given to the agent',
    invitePending: (to?: string) => `Sending to ${to ?? 'the requester'}…`,
    inviteSent: (to?: string) => `E-mailed to ${to ?? 'the requester'}`,
    inviteFailed: (to?: string) => `E-mail to ${to ?? 'the requester'} failed: link given to the agent`,
    inviteHanded: 'Link given to the agent to pass on',
    joinApp: 'Join (TeamViewer app)',
    joinWeb: 'Join in browser',
    share: 'Resend link to customer',
    close: 'Close session',
    confirmTitle: 'Close this session?',
    confirmText: (ticket: string) => `The customer link for ${ticket} stops working.`,
    keepOpen: 'Keep open',
  },

  link: {
    text: (url: string, reason?: string) => `${reason ? `${reason} ` : ''}Link your TeamViewer account: ${url}`,
    title: 'Link your TeamViewer account',
    body: (minutes: number, pending?: string) =>
      `Open this one-time link to let me act on your behalf in TeamViewer. It works once and expires in ${minutes} minutes.${pending ? ` Afterwards I will run \`${pending}\` for you.` : ''}`,
    button: 'Link TeamViewer account',
    newLink: 'Send me a new link',
    relinkText: (reason: string) => `Your TeamViewer link needs renewing: ${reason}`,
    relinkTitle: 'Please link TeamViewer again',
    sentPrivately: (minutes: number, pending: boolean) =>
      `${pending ? 'To run that I need your TeamViewer account. ' : ''}I've sent you a direct message with a one-time link to connect TeamViewer (valid ${minutes} minutes).${pending ? ' Your command resumes by itself once you are linked.' : ''}`,
    declined: 'TeamViewer did not grant access (the consent was declined or cancelled).',
    failed: (message: string, ref: string) => `Linking failed: ${message} Reference: ${ref}`,
    linked: (name: string, pending?: string) => `✅ Linked to TeamViewer as ${name}.${pending ? ` Running \`${pending}\` now.` : ''}`,
    stoppedWorking: 'Your TeamViewer link stopped working.',
    broken: (reason: string) => `${reason} Until you link again I can't start, close or report on your TeamViewer sessions.`,
    none: 'You have no linked TeamViewer account.',
    revokeUnconfirmed: ' TeamViewer did not confirm the revocation; you can also remove the app under Edit profile → Apps in the Management Console.',
    unlinked: (name: string, note: string) => `Unlinked TeamViewer account ${name}. I've deleted its tokens.${note}`,
  },

  start: {
    /** Shown to the customer by TeamViewer while they wait (the organisation's language). */
    waiting: (agent: string, ticket: string) => `Your support agent ${agent} will join shortly (${ticket}).`,
    passLinkOn: (why: string, code: string, link?: string) =>
      `${why}, so please pass this customer link on yourself (session ${code}): ${link ?? '(no link returned)'} — don't open it yourself: that would take the customer's place.`,
    mailOff: 'E-mail is not configured',
    emailHidden: (p: { system: string; name: string; ticket: string }) =>
      `${p.system} hides ${p.name}'s e-mail address from the bot (privacy settings; give one yourself with \`start ${p.ticket} name@example.com\`)`,
    noRequesterEmail: (ticket: string) => `${ticket} has no requester e-mail`,
    cardFailed: (reason: string) => `I couldn't post the session card in this conversation (${reason}), so here it is just for you.`,
    starting: (ticket: string, agent?: string) => `${agent ? `${agent} is` : 'You are'} already starting a session for ${ticket}; the card will appear in a moment.`,
    existingText: (ticket: string, agent?: string) => `${agent ? `${agent} already has` : 'You already have'} an open session for ${ticket}.`,
    existingBody: (ticket: string, agent?: string) => `${agent ? `${agent} already has` : 'You already have'} an open session for ${ticket}; here it is again.`,
    adoptClosedGone: (p: { code: string; ticket: string; system: string }) => `I closed TeamViewer session ${p.code}: it was left open for ${p.ticket}, which no longer exists in ${p.system}.`,
    adoptClosedDuplicate: (p: { code: string; ticket: string; other: string }) =>
      `I closed TeamViewer session ${p.code} for ${p.ticket}: it was left over from an interrupted start, and the ticket has session ${p.other} now.`,
    adopted: (code: string, ticket: string) =>
      `I found your session ${code} for ${ticket} open in TeamViewer without a record here (an interrupted start) and took it over. I can't tell whether the customer got the invitation`,
  },

  close: {
    alreadyState: (ticket: string, state: SessionState) => `The session for ${ticket} is already ${stateWord[state]}.`,
    alreadyClosed: (ticket: string) => `The session for ${ticket} was already closed.`,
    thread: (agent: string) => `Session closed by ${agent}.`,
    done: (code: string, ticket: string) => `Closed session ${code} for ${ticket}.`,
    expiredThread: (code: string) => `Session ${code} expired and was closed.`,
    expiredBody: (code: string, validUntil?: string): Inline[] => [
      '⏱️ Session ',
      { kind: 'code', text: code },
      ' expired',
      ...(validUntil ? [' (valid until ', { kind: 'time', at: validUntil } as Inline, ')'] : []),
      ' and was closed. Start a new one if the customer still needs help.',
    ],
    elsewhereThread: (code: string) => `Session ${code} was closed in TeamViewer.`,
  },

  share: {
    onItsWay: (ticket: string) => `The invitation for ${ticket} is already on its way.`,
    noRequesterEmail: (ticket: string) => `${ticket} has no requester e-mail (add one: \`share ${ticket} name@example.com\`)`,
    sending: (ticket: string, to: string) => `Sending the invitation for ${ticket} to ${to}…`,
    sentThread: (to: string) => `✉️ Invitation e-mailed to ${to}.`,
    sentPrivately: (ticket: string, to: string) => `✉️ Invitation for ${ticket} sent to ${to}.`,
    failedThread: (to: string, agent: string) => `⚠️ The invitation e-mail to ${to} could not be sent; ${agent} has the customer link to pass on.`,
    failedWhy: (to: string, reason: string) => `The invitation e-mail to ${to} could not be sent (${reason})`,
    noteFailed: (p: { ticket: string; reason: string; text: string }) => `I couldn't write the work note on ${p.ticket} (${p.reason}). Please add it yourself: "${p.text}"`,
    ticketNoteFailed: (p: { ticket: string; reason: string; text: string }) => `I couldn't write the note on ${p.ticket} (${p.reason}). Please add it yourself: "${p.text}"`,
  },

  status: {
    none: 'You have no open TeamViewer sessions.',
    count: (n: number) => `You have ${n} open session(s).`,
    countHead: (n: number) => `You have ${n} open session(s):`,
    startingCode: 'starting',
    validUntil: ' · valid until ',
    notStarted: (ticket: string) => `No TeamViewer session has been started for ${ticket} from chat.`,
    lastFailed: (reason: string) => `Last attempt failed: ${reason}`,
    interrupted: 'The start was interrupted before TeamViewer created a session.',
  },

  logs: {
    readFailed: (reason: string) => `I couldn't read the connection report (${reason}).`,
    notAllEnded: 'Not every connection has reported its end yet.',
    noRecordsYet: 'TeamViewer has no connection records for it yet (they can lag behind).',
    waitingText: (why: string) => `${why} I'll keep checking and post the summary in the session thread.`,
    waitingHead: (ticket: string, why: string) => `The session for ${ticket} has ended. ${why}`,
    keepChecking: (until?: string): Inline[] => [
      `I'll keep checking${until ? ' until ' : ''}`,
      ...(until ? [{ kind: 'time', at: until } as Inline] : []),
      ' and post the summary in the session thread and on the ticket.',
    ],
    stillOpen: (code: string, ticket: string) => `Session ${code} for ${ticket} is still open.`,
    soFar: (head: string, n: number) => `${head} Connections so far: ${n}.`,
    nobodyYet: (head: string) => `${head} Nobody has connected yet.`,
    noLog: (ticket: string, state: SessionState) => `The last session for ${ticket} is ${stateWord[state]}; it has no connection log.`,
  },

  connect: {
    text: (p: { asset: string; id: string; ticket: string; url: string }) => `Connect to ${p.asset} (TeamViewer ID ${p.id}) for ${p.ticket}: ${p.url}`,
    title: (asset: string) => `Connect to ${asset}`,
    body: (id: string, source: string) =>
      `TeamViewer ID ${id} (from ${source}). The button opens your TeamViewer, or offers to install it. The computer must be online and set up for unattended access by your account.`,
    button: (asset: string) => `Connect to ${asset}`,
    deviceList: 'the TeamViewer device list',
  },

  report: {
    window: (p: { period: 'today' | 'week'; from: string; zone: string }) => (p.period === 'today' ? `Today (${p.from}, ${p.zone})` : `This week (since ${p.from}, ${p.zone})`),
    title: (what: string, agent?: string) => `TeamViewer report: ${what}${agent ? ` for ${agent}` : ''}`,
    thatAgent: 'that agent',
    emptyText: (title: string) => `${title}: no sessions with a connection log yet.`,
    emptyBody: 'No ended sessions with a connection log in this window yet. Summaries arrive a few minutes after a session ends.',
    totals: (p: { sessions: number; connections: number; duration: string }) => `${s(p.sessions, 'session')}, ${s(p.connections, 'connection')}, ${p.duration} connected`,
    text: (title: string, totals: string) => `${title}: ${totals}.`,
    context: (totals: string) => `Total: ${totals}. Counted from the connection logs of ended sessions.`,
  },

  page: {
    linkGoneTitle: 'This link has expired or was already used',
    linkGoneBody: 'Each link works once and for 10 minutes.',
    relinkHint: 'Type `/teamviewer link` in Slack (or press "Send me a new link" in my direct message) to get a fresh link.',
    linkedTitle: (name: string) => `Linked as ${name}`,
    linkedBody: 'Your TeamViewer account is linked. You can close this tab and go back to Slack: I will carry on with what you asked.',
    cancelledTitle: 'Linking cancelled',
    cancelledBody: 'TeamViewer did not grant access, so nothing was linked.',
    exchangeFailedTitle: 'TeamViewer did not complete the link',
    exchangeFailedBody: (ref: string) => `Nothing was stored. Reference: ${ref}.`,
    invalidTitle: 'This sign-in is not valid any more',
    invalidBody: 'The link expired, was already used, or was opened in another browser. Nothing was stored.',
  },

  ...enRecords,
};

export type Catalog = typeof en;
