/**
 * What the sandbox page shows, read from the simulators only: the agent's view of #helpdesk and of the DM with the
 * bot (what Slack would show Beth, ephemerals included), the requester's inbox from the SMTP sink and the tickets'
 * internal journal from the service-desk simulator. The page polls this as JSON and renders it itself.
 */
import { createHash } from 'node:crypto';
import { ITSM_STORY } from '../../simulators/index.js';
import type { Block, EphemeralMessage, PostedMessage } from '../../simulators/slack/index.js';
import type { StackWorld } from '../stack.js';

/** A message as Beth sees it; blocks are passed through raw so the browser renders the bot's Block Kit itself. */
export interface ViewMessage {
  ts: string;
  threadTs?: string;
  /** Author's user id (the bot user for the bot's posts). */
  user: string;
  bot: boolean;
  /** Only Beth sees it ("Only visible to you"). */
  ephemeral: boolean;
  text: string;
  blocks?: Block[];
  edited: boolean;
}

export interface ViewChannel {
  id: string;
  name: string;
  kind: 'channel' | 'dm';
  messages: ViewMessage[];
}

export interface ViewMail {
  id: string;
  fromName: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

export interface ViewTicket {
  number: string;
  title: string;
  /** Internal notes (work notes, internal comments), oldest first. */
  notes: string[];
}

export interface SandboxSnapshot {
  /** Changes whenever anything below changes; the page sends it back as `since` to skip unchanged polls. */
  version: string;
  workspace: string;
  me: { id: string; name: string };
  botUserId: string;
  /** user id → display name, for `<@U…>` mentions and authors. */
  users: Record<string, string>;
  channels: ViewChannel[];
  inbox: ViewMail[];
  itsm: string;
  journal: ViewTicket[];
  /** Whether simulated Teams runs too, so the page links to its view at /sandbox/teams. */
  teamsView: boolean;
}

function compareTs(a: string, b: string): number {
  const [as = '0', am = '0'] = a.split('.');
  const [bs = '0', bm = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(am) - Number(bm);
}

const SLACKBOT = 'USLACKBOT';

function view(m: PostedMessage | EphemeralMessage, botUserId: string): ViewMessage {
  // Slack itself (not the app) tells the user when a command could not be delivered.
  const user = m.isEphemeral ? (m.via === 'slack' ? SLACKBOT : botUserId) : m.user;
  return {
    ts: m.ts,
    ...(m.threadTs !== undefined ? { threadTs: m.threadTs } : {}),
    user,
    bot: m.isEphemeral || m.postedBy === 'bot',
    ephemeral: m.isEphemeral,
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    edited: !m.isEphemeral && m.edited !== undefined,
  };
}

/**
 * The DM between Beth and the bot exists from the start, as in a workspace where the app is installed, so the page
 * can list it (and send slash commands there) before the bot has written anything.
 */
export function ensureAgentDm(world: StackWorld): string {
  const { slack, people } = world;
  const existing = slack.state.dms.get(people.agent);
  if (existing) return existing;
  return slack.addChannel({ id: `D0SANDBOX${people.agent.slice(-2)}`, name: people.agent, members: [people.agent] }).id;
}

/** The conversations the page offers, in sidebar order. */
export function pageChannels(world: StackWorld): { id: string; kind: 'channel' | 'dm' }[] {
  return [
    { id: world.people.channel, kind: 'channel' },
    { id: ensureAgentDm(world), kind: 'dm' },
  ];
}

export function snapshot(world: StackWorld): SandboxSnapshot {
  const { slack, people } = world;
  const st = slack.state;
  const me = people.agent;
  const channels = pageChannels(world).map(({ id, kind }): ViewChannel => {
    const posted = st.messages.filter((m) => m.channel === id && !m.deleted);
    const mine = st.ephemerals.filter((e) => e.channel === id && e.userId === me && !e.deleted);
    const messages = [...posted, ...mine].sort((a, b) => compareTs(a.ts, b.ts)).map((m) => view(m, st.botUserId));
    return { id, name: kind === 'dm' ? (st.users.get(st.botUserId)?.realName ?? 'TeamViewer') : (st.channels.get(id)?.name ?? id), kind, messages };
  });
  const users: Record<string, string> = { [SLACKBOT]: 'Slackbot', ...Object.fromEntries([...st.users.values()].map((u) => [u.id, u.realName || u.name])) };
  const inbox = inboxView(world);
  const journal = journalView(world);
  const body = { workspace: st.teamDomain, me: { id: me, name: users[me] ?? me }, botUserId: st.botUserId, users, channels, inbox, itsm: world.itsm?.kind ?? 'none', journal, teamsView: world.teams !== undefined };
  const version = createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22);
  return { version, ...body };
}

/** The requester's inbox from the SMTP sink, newest first; the Teams view shows the same. */
export function inboxView({ smtp }: Pick<StackWorld, 'smtp'>): ViewMail[] {
  return [...smtp.messages].reverse().map((m, i): ViewMail => ({
    id: m.messageId || `mail-${smtp.messages.length - i}`,
    fromName: m.fromName,
    from: m.from,
    to: m.to,
    cc: m.cc,
    subject: m.subject,
    text: m.text,
    receivedAt: m.receivedAt.toISOString(),
  }));
}

/** The story's tickets with their internal notes; empty without a service desk. */
export function journalView({ itsm }: Pick<StackWorld, 'itsm'>): ViewTicket[] {
  return itsm ? (['printer', 'vpn', 'laptop'] as const).map((k) => ({ number: itsm.numbers[k], title: ITSM_STORY.titles[k], notes: itsm.internalNotes(itsm.numbers[k]) })) : [];
}
