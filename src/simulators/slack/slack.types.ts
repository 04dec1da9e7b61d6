/**
 * Public types of the Slack simulator. The bot's integration tests and the sandbox depend on these names, so they
 * change only compatibly.
 */
import type { FaultSpec, SimClock, SimRequest } from '../shared/sim-server.js';

export interface SlackSimOptions {
  host?: string;
  port?: number;
  clock?: SimClock;
  /** Signs every delivery to the bot (chat-platforms.md §2.1). */
  signingSecret: string;
  /** Web API calls must carry it as `Authorization: Bearer …` (or a `token` form field). */
  botToken: string;
  teamId?: string;
  /** Workspace sub-domain sent as `team_domain` and used in `auth.test`'s `url`. */
  teamDomain?: string;
  botUserId?: string;
  /** `bot_id` (B…) of the bot user, returned by `auth.test` and stamped on the bot's messages. */
  botId?: string;
  appId?: string;
  /** Legacy verification token sent as `token` in payloads (deprecated by Slack; the bot must rely on signing). */
  verificationToken?: string;
  botScopes?: string[];
  /** How long Slack waits for the bot's HTTP answer before giving up (chat-platforms.md §0 fact 1). Default 3000. */
  ackTimeoutMs?: number;
}

/** A workspace member. `tz` is an IANA zone; `locale` e.g. `en-US`. */
export interface SlackUser {
  id: string;
  teamId: string;
  name: string;
  realName: string;
  email?: string;
  tz: string;
  locale?: string;
  isBot: boolean;
}

export interface SlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Direct message between the bot and one user (D…). */
  isIm: boolean;
  /** Group DM opened by the bot with several users. */
  isMpim: boolean;
  botIsMember: boolean;
  /** User ids of the human members. */
  members: string[];
}

/** Loosely typed Block Kit block, as the bot sent it (after Slack fills in missing `block_id`s). */
export type Block = Record<string, unknown>;

/** One earlier version of an updated message. */
export interface MessageVersion {
  text: string;
  blocks?: Block[];
  at: Date;
}

/** How a message or ephemeral reached the user. */
export type MessageSource = 'chat.postMessage' | 'chat.postEphemeral' | 'response_url' | 'command_ack' | 'slack' | 'user';

/** A message visible to everyone in a channel (top level or in a thread). */
export interface PostedMessage {
  isEphemeral: false;
  channel: string;
  ts: string;
  /** Parent's ts when this is a thread reply. */
  threadTs?: string;
  text: string;
  blocks?: Block[];
  /** Author's user id: the bot user for bot posts. */
  user: string;
  postedBy: 'bot' | 'user';
  via: MessageSource;
  botId?: string;
  appId?: string;
  replyBroadcast: boolean;
  unfurlLinks?: boolean;
  unfurlMedia?: boolean;
  metadata?: unknown;
  /** Earlier versions, oldest first; empty until the message is updated. */
  history: MessageVersion[];
  edited?: { user: string; ts: string };
  deleted: boolean;
  postedAt: Date;
  updatedAt?: Date;
}

/** A message only one user sees. Slack does not keep these; the simulator does, so tests can read them. */
export interface EphemeralMessage {
  isEphemeral: true;
  channel: string;
  ts: string;
  threadTs?: string;
  /** The only user who sees it. */
  userId: string;
  text: string;
  blocks?: Block[];
  via: MessageSource;
  history: MessageVersion[];
  deleted: boolean;
  postedAt: Date;
  updatedAt?: Date;
}

/** One POST to a `response_url`, accepted or not. */
export interface ResponseUrlPost {
  responseUrlId: string;
  url: string;
  /** The user whose command or click created the URL. */
  userId: string;
  channelId: string;
  body: unknown;
  status: number;
  /** `ok`, or the error text Slack answered with (`expired_url`, `used_url`, `invalid_blocks`, …). */
  result: string;
  /** ts of the message created or changed by the post. */
  messageTs?: string;
  at: Date;
}

/** One Web API call as received, with the parsed arguments (JSON-string arguments such as `blocks` decoded). */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  at: Date;
  ok: boolean;
  error?: string;
  /** Things real Slack tolerates but the bot should not do (e.g. threading under a reply's ts). */
  warnings: string[];
}

export type DeliveryKind = 'command' | 'block_actions' | 'event' | 'url_verification' | 'raw';

export interface DeliveryRecord {
  kind: DeliveryKind;
  body: string;
  delivery: Delivery;
  at: Date;
}

export interface SlackSimState {
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
  botScopes: string[];
  users: Map<string, SlackUser>;
  channels: Map<string, SlackChannel>;
  /** user id → the bot's DM channel id with that user. */
  dms: Map<string, string>;
  messages: PostedMessage[];
  ephemerals: EphemeralMessage[];
  responseUrlPosts: ResponseUrlPost[];
  apiCalls: ApiCall[];
  deliveries: DeliveryRecord[];
}

/** The bot's answer to one delivery. */
export interface Delivery {
  /** HTTP status, or 0 when the bot did not answer within the ack timeout (or could not be reached). */
  status: number;
  body: string;
  json?: unknown;
  headers: Record<string, string>;
  /** Wall-clock milliseconds until the bot answered. */
  ackMs: number;
  /** The `response_url` handed to the bot (commands and block_actions). */
  responseUrl?: string;
  /** True when Slack would have given up (`operation_timeout` / `http_timeout`). */
  timedOut: boolean;
  /** Set when the request never got an HTTP answer (connection refused, reset). */
  networkError?: string;
  triggerId?: string;
  eventId?: string;
}

export interface SlackSim {
  url: string;
  /** `${url}/api/` with the trailing slash `WebClient`'s `slackApiUrl` expects. */
  apiUrl: string;
  requests: SimRequest[];
  /** Fault injection; a 429 without a body answers Slack's `{ok:false,error:'ratelimited'}`. */
  fail(spec: FaultSpec): void;
  clearFaults(): void;
  stop(): Promise<void>;
  state: SlackSimState;
  setBotUrl(eventsUrl: string): void;
  addUser(u: { id?: string; name: string; realName?: string; email?: string; tz?: string; locale?: string }): SlackUser;
  addChannel(c: { id?: string; name: string; isPrivate?: boolean; botIsMember?: boolean; members?: string[] }): SlackChannel;
  /** Records a message typed by a user (not delivered to the bot; pair with `sendEvent` when the bot should hear it). */
  addUserMessage(m: { userId: string; channelId: string; text: string; threadTs?: string }): PostedMessage;
  sendCommand(a: { userId: string; channelId: string; text: string; command?: string }): Promise<Delivery>;
  clickButton(a: { userId: string; message: PostedMessage | EphemeralMessage; actionId: string }): Promise<Delivery>;
  sendEvent(event: Record<string, unknown>, o?: { eventId?: string; retryNum?: number; retryReason?: string }): Promise<Delivery>;
  /** Records the user's message and delivers it as an `app_mention` event. */
  sendMention(a: { userId: string; channelId: string; text: string; threadTs?: string }, o?: { eventId?: string }): Promise<Delivery>;
  /** Records the user's DM to the bot and delivers it as a `message` event with `channel_type: 'im'`. */
  sendDirectMessage(a: { userId: string; text: string; threadTs?: string }, o?: { eventId?: string }): Promise<Delivery>;
  /** Slack's Request URL check: signed `{token, challenge, type:'url_verification'}`. */
  sendUrlVerification(challenge?: string): Promise<Delivery>;
  sendRaw(a: { body: string; contentType?: string; sign?: boolean; timestamp?: number; signature?: string; headers?: Record<string, string> }): Promise<Delivery>;
  messagesIn(channelId: string): PostedMessage[];
  /** Ephemerals shown to one user (in one channel when given), latest state, oldest first. */
  ephemeralsFor(userId: string, channelId?: string): EphemeralMessage[];
  /**
   * Polls until `pick` returns a value (default timeout 5000 ms). `undefined`, `null` and `false` all mean "not yet",
   * so `() => list.length > 0` waits as intended.
   */
  waitFor<T>(pick: () => T | undefined, timeoutMs?: number): Promise<T>;
}
