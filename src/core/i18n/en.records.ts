/**
 * English texts that leave chat or outlive it: the customer's invitation e-mail, journal entries (work notes) on the
 * ticket, and connection-log summaries. Part of the `en` catalog; `de.records.ts` mirrors it.
 */
import type { Inline } from '../ports/chat.port.js';

const s = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const enRecords = {
  email: {
    subject: (ticket: string) => `Remote support for ${ticket}: join your TeamViewer session`,
    greeting: (name?: string) => (name ? `Hello ${name},` : 'Hello,'),
    /** `agent`, `ticket` and `title` arrive formatted (bold and quoted in HTML). */
    intro: (agent: string, ticket: string, title: string) => `${agent} from the service desk would like to help you with ${ticket} (${title}) through a TeamViewer remote-support session.`,
    quote: (t: string) => `"${t}"`,
    quoteHtml: (t: string) => `“${t}”`,
    ready: 'When you are ready, open this link and follow the instructions (it downloads a small TeamViewer app if needed):',
    button: 'Join the support session',
    copy: 'Or copy this link into your browser:',
    code: 'Session code:',
    validText: (until: string) => `The link is valid until ${until}.`,
    validHtml: (until: string) => `Valid until ${until}.`,
    control: 'You stay in control: you can end the connection at any time by closing TeamViewer.',
    unexpected: 'If you did not expect this message, ignore it and reply to your service desk.',
  },

  journal: {
    created: (p: { agent: string; code: string; invitedName?: string; to?: string; validUntil?: string }) =>
      `[TeamViewer] ${p.agent} started remote-support session ${p.code} from chat. ${
        p.to ? `Invitation e-mailed to ${p.invitedName ?? ''} <${p.to}>.` : 'No invitation e-mail sent; the agent was given the customer link to pass on.'
      }${p.validUntil ? ` Valid until ${p.validUntil}.` : ''}`,
    closed: (by: string, code: string) => `[TeamViewer] ${by} closed remote-support session ${code}.`,
    shared: (by: string, code: string, to: string) => `[TeamViewer] ${by} re-sent the invitation for session ${code} to ${to}.`,
    expired: (p: { code: string; agent: string; at?: string; remoteError?: string }) =>
      `[TeamViewer] Remote-support session ${p.code} started by ${p.agent} expired${p.at ? ` at ${p.at}` : ''}.${
        p.remoteError
          ? ` It could not be closed in TeamViewer yet (${p.remoteError}); it will be closed there once ${p.agent} links TeamViewer again.`
          : ' It was closed in TeamViewer automatically.'
      }`,
    closedElsewhere: (code: string, agent: string) => `[TeamViewer] Remote-support session ${code} started by ${agent} was closed outside chat (in TeamViewer).`,
    adopted: (p: { code: string; agent: string; validUntil?: string }) =>
      `[TeamViewer] Remote-support session ${p.code} by ${p.agent} was found open in TeamViewer without a record in chat (an interrupted start) and has been taken over.${p.validUntil ? ` Valid until ${p.validUntil}.` : ''}`,
    inviteFailed: (p: { code: string; to: string; reason: string }) =>
      `[TeamViewer] The invitation e-mail for session ${p.code} to ${p.to} could not be delivered (${p.reason}); the agent was given the customer link.`,
    connected: (p: { agent: string; asset: string; id: string; ticket: string }) =>
      `[TeamViewer] ${p.agent} opened an unattended connection to ${p.asset} (TeamViewer ID ${p.id}) from chat for ${p.ticket}.`,
    logHead: (code: string, agent: string) => `[TeamViewer] Connection log for remote-support session ${code} (started by ${agent}):`,
    logUnavailable: (head: string, reason?: string) => `${head} the connection report could not be read (${reason ?? 'unknown reason'}).`,
    logNone: (head: string, expired: boolean, at?: string) => `${head} no connection took place. The session ${expired ? 'expired' : 'was closed'}${at ? ` at ${at}` : ''}.`,
    logLine: (p: { supporter: string; device: string; start: string; end?: string; duration?: string }) =>
      `${p.supporter} connected to ${p.device} from ${p.start}${p.end ? ` to ${p.end} (${p.duration ?? ''})` : ' (no end reported)'}`,
    logTotal: (head: string, lines: string[], total: string) => `${head} ${lines.join('; ')}. Total connected time: ${total}.`,
  },

  connectionLog: {
    device: (id?: string) => (id ? `device ${id}` : 'an unnamed device'),
    stillRunning: ' still running when last checked',
    unreadable: (reason?: string) => `The connection log could not be read: ${reason ?? 'unknown reason'}.`,
    noConnection: 'No connection took place.',
    noConnectionEnded: (expired: boolean, at: string): Inline[] => [`No connection took place. The session ${expired ? 'expired' : 'was closed'} `, { kind: 'time', at }, '.'],
    incomplete: 'Some connection had not reported an end yet when I stopped waiting; its time is not counted.',
    supporter: 'Supporter',
    deviceLabel: 'Device',
    start: 'Start',
    end: 'End',
    duration: 'Duration',
    total: 'Total connected',
    totalValue: (duration: string, n: number) => `${duration} in ${s(n, 'connection')}`,
    whatConnected: (duration: string) => `${duration} connected`,
    whatNone: 'no connection',
    whatUnavailable: 'log unavailable',
    text: (ticket: string, code: string, what: string) => `Connection log for ${ticket}, session ${code}: ${what}`,
    title: (ticket: string) => `Connection log: ${ticket}`,
    context: (code: string, agent: string) => `Session ${code} · started by ${agent}`,
    digestUnavailable: (reason?: string) => `connection log unavailable${reason ? ` (${reason})` : ''}`,
    /** Followed by the end time (if any) and a closing parenthesis. */
    digestNone: (expired: boolean) => `no connection (${expired ? 'expired' : 'closed'}`,
    digestConnected: (duration: string) => `, ${duration} connected`,
    digestText: (n: number, tickets: string) => `TeamViewer session log: ${s(n, 'session')} ended (${tickets})`,
    digestTitle: 'TeamViewer session log',
  },
};
