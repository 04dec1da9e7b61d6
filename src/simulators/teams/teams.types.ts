/**
 * Public types of the Microsoft Teams / Bot Framework simulator. The bot's integration tests and the sandbox depend
 * on these names, so they change only compatibly.
 */
import type { FaultSpec, SimClock, SimRequest } from '../shared/sim-server.js';

/** A JSON object as it travels on the wire (activities, connector bodies). */
export type JsonObject = Record<string, unknown>;

/** Options of `startTeamsSim`; every field has a default (`TEAMS_SIM_DEFAULTS`). */
export interface TeamsSimOptions {
  host?: string;
  port?: number;
  clock?: SimClock;
  /** The bot's Microsoft App ID: audience of inbound JWTs, `client_id` at the token endpoint, `28:<appId>` as bot id. */
  appId?: string;
  /** `client_secret` the token endpoint accepts for `appId`. */
  appPassword?: string;
  /** Tenant of every user and conversation (`channelData.tenant.id`, `conversation.tenantId`). */
  tenantId?: string;
  /** Display name of the bot, used in `<at>…</at>` mentions and `recipient.name`. */
  botName?: string;
  /** `iss` of the JWTs sent to the bot; the bot's `ToBotFromChannelTokenIssuer`. Default `https://api.botframework.com`. */
  issuer?: string;
  /** Audience the bot requests outbound tokens for (`ToChannelFromBotOAuthScope`). Default `https://api.botframework.com`. */
  oauthScope?: string;
  /**
   * Default false: deliveries carry no `Authorization` header and the connector accepts calls without a token (the
   * bot's auth-off mode, chat-platforms.md §9.4). True: deliveries carry a signed JWT and connector calls need a
   * bearer token issued by this simulator's token endpoint (401 otherwise).
   */
  authEnabled?: boolean;
  /** Largest accepted connector request body in bytes; larger answers 413 `MessageSizeTooBig`. Default 28 KB (§11). */
  maxMessageBytes?: number;
  /** How long the channel waits for the bot's HTTP answer (§9.3 says ~10–15 s). Default 15000 ms. */
  deliveryTimeoutMs?: number;
  /** Lifetime of the tokens this simulator issues, both directions. Default 3600 s. */
  tokenLifetimeSeconds?: number;
}

/** A Teams user as the bot sees it; `id` is the per-bot `29:…` id, `aadObjectId` the Entra object id. */
export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
  givenName: string;
  surname: string;
  email?: string;
  userPrincipalName: string;
  tenantId: string;
  /** Whether the app is installed in the user's personal scope; false makes proactive 1:1 messages fail with 403. */
  installed: boolean;
  locale: string;
  /** IANA zone sent in the `clientInfo` entity. */
  timezone: string;
}

export interface TeamsTeam {
  /** `19:…@thread.tacv2`; also the id of the team's General channel. */
  id: string;
  name: string;
  aadGroupId: string;
  /** User ids (`29:…`) of the team's members. */
  members: string[];
}

export type ConversationType = 'personal' | 'groupChat' | 'channel';

/** A conversation without the `;messageid=` suffix: a channel, a group chat or a user's 1:1 chat with the bot. */
export interface TeamsConversation {
  id: string;
  conversationType: ConversationType;
  tenantId: string;
  isGroup: boolean;
  name?: string;
  /** Human members (`29:…`); for channels, the team's members. */
  members: string[];
  team?: TeamsTeam;
  /** False makes every connector call into the conversation fail with 403 `BotNotInConversationRoster`. */
  botInstalled: boolean;
  /**
   * Channels and group chats only deliver messages that @mention the bot unless the app has RSC permissions
   * (chat-platforms.md §8, M). True models RSC: every message is delivered.
   */
  receivesAllMessages: boolean;
}

/** How a message came to exist or change. */
export type MessageVia = 'user' | 'sendToConversation' | 'replyToActivity' | 'createConversation' | 'updateActivity' | 'invokeResponse';

/** One version of a message after an update (PUT or an `Action.Execute` card replacement). */
export interface MessageVersion {
  activity: JsonObject;
  via: MessageVia;
  at: Date;
}

/** A message in a conversation: one the bot sent through the connector, or one the simulator delivered as a user. */
export interface TeamsMessage {
  id: string;
  /** Conversation id without `;messageid=`. */
  conversationId: string;
  /** The conversation id exactly as addressed (with `;messageid=` for channel threads). */
  addressedTo: string;
  /** Channels only: id of the thread's root post (a root post's own id). */
  threadRootId?: string;
  replyToId?: string;
  from: 'bot' | 'user';
  /** The user's `29:` id for user messages. */
  userId?: string;
  via: MessageVia;
  text?: string;
  attachments?: unknown[];
  /** The latest activity body, with `id` filled in. */
  activity: JsonObject;
  /** Every update, oldest first; empty until the message is updated. */
  updates: MessageVersion[];
  deleted: boolean;
  postedAt: Date;
  updatedAt?: Date;
}

/** One `POST v3/conversations` call, successful or not. */
export interface CreatedConversation {
  status: number;
  /** Returned conversation id (channel threads: `<channel>;messageid=<activityId>`). */
  id?: string;
  activityId?: string;
  conversationType?: ConversationType;
  /** User ids resolved from `members`. */
  members: string[];
  tenantId?: string;
  error?: string;
  params: JsonObject;
  at: Date;
}

/** One request to the connector routes (`v3/…`), for assertions on what the bot called. */
export interface ConnectorCall {
  operation: string;
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  status: number;
  error?: string;
  /** `'not-required'` when auth is off. */
  authorized: boolean | 'not-required';
  at: Date;
}

/** One request to the token endpoint. */
export interface TokenRequest {
  tenant: string;
  grantType: string;
  clientId: string;
  scope: string;
  status: number;
  error?: string;
  at: Date;
}

/**
 * Ways to spoil the JWT on a delivery, for auth-on tests. What botbuilder 4.23.3's CloudAdapter answers:
 * `other-key` (foreign key and kid) 401, `bad-signature` (foreign key, this sim's kid) **500**, `expired` 401,
 * `wrong-audience` 401, `wrong-issuer` 401, `wrong-service-url` 401, `none` (no header) 401.
 */
export type TokenFault = 'other-key' | 'bad-signature' | 'expired' | 'wrong-audience' | 'wrong-issuer' | 'wrong-service-url' | 'none';

/** The bot's answer to one delivery. */
export interface TeamsDelivery {
  /** HTTP status; 0 when the bot did not answer in time, could not be reached, or the message was not delivered. */
  status: number;
  body: string;
  json?: unknown;
  /** Wall-clock milliseconds until the bot answered. */
  ms: number;
  timedOut: boolean;
  networkError?: string;
  /** Set when Teams would not deliver the message at all. */
  skipped?: 'bot_not_mentioned';
  /** The activity as sent. */
  activity: JsonObject;
}

export interface DeliveryRecord {
  activity: JsonObject;
  status: number;
  ms: number;
  tokenFault?: TokenFault;
  at: Date;
}

export interface TeamsSimState {
  appId: string;
  /** `28:<appId>`. */
  botId: string;
  botName: string;
  tenantId: string;
  users: Map<string, TeamsUser>;
  teams: Map<string, TeamsTeam>;
  conversations: Map<string, TeamsConversation>;
  messages: TeamsMessage[];
  createdConversations: CreatedConversation[];
  connectorCalls: ConnectorCall[];
  tokenRequests: TokenRequest[];
  deliveries: DeliveryRecord[];
}

/** Who is talking and where, for the delivery helpers. A conversation may be given by object or by id. */
export interface DeliveryBase {
  from: TeamsUser | string;
  conversation: TeamsConversation | string;
  tokenFault?: TokenFault;
}

export interface SendMessageArgs extends DeliveryBase {
  text: string;
  /** Prefix the text with `<at>bot</at>` and add the mention entity. Default: true except in personal chats. */
  mentionBot?: boolean;
  /** Channels: the message (usually a thread's root) this one answers; the thread root is derived from it. */
  replyToId?: string;
}

export interface SendInvokeArgs extends DeliveryBase {
  /** Id of the bot message holding the card. */
  replyToId: string;
  verb: string;
  data?: JsonObject;
}

export interface SendSubmitArgs extends DeliveryBase {
  replyToId: string;
  /** `Action.Submit` data merged with the card's inputs. */
  data: JsonObject;
}

/** The simulator handle returned by `startTeamsSim`. */
export interface TeamsSim {
  url: string;
  /** `${url}/`: the `serviceUrl` stamped on every activity; the connector client's base URI. */
  serviceUrl: string;
  /** For `ToBotFromChannelOpenIdMetadataUrl`. */
  openIdMetadataUrl: string;
  jwksUrl: string;
  /** For `ToChannelFromBotLoginUrl` (`${url}/botframework.com`); see token.routes.ts for why MSAL cannot use it. */
  loginUrl: string;
  /** `${loginUrl}/oauth2/v2.0/token`, where a client-credentials form gets a connector token. */
  tokenUrl: string;
  issuer: string;
  appId: string;
  appPassword: string;
  /**
   * Every parameterised `ConfigurationBotFrameworkAuthentication` key (all-or-nothing, chat-platforms.md §9.2) plus
   * app id, password, type and tenant, pointing at this simulator. With auth off the app id is empty.
   */
  botFrameworkConfig(): Record<string, string>;
  requests: SimRequest[];
  /** Fault injection; a 429 without a body answers Teams' `{error:{code:'Throttled'}}` shape. */
  fail(spec: FaultSpec): void;
  clearFaults(): void;
  stop(): Promise<void>;
  state: TeamsSimState;
  /** The bot's messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  setBotUrl(url: string): void;
  addUser(u: { name: string; email?: string; aadObjectId?: string; installed?: boolean; locale?: string; timezone?: string }): TeamsUser;
  setInstalled(user: TeamsUser | string, installed: boolean): void;
  /** Adds a channel to the team named `team` (created on first use). */
  addChannel(c: { name: string; team: string; members?: TeamsUser[]; botInstalled?: boolean; receivesAllMessages?: boolean }): TeamsConversation;
  addGroupChat(c: { members: TeamsUser[]; name?: string; botInstalled?: boolean; receivesAllMessages?: boolean }): TeamsConversation;
  /** The user's 1:1 chat with the bot, created on first use (as if the user had opened it). */
  personalChat(user: TeamsUser | string): TeamsConversation;
  /**
   * Records the user's message and delivers it. Unmentioned channel/group messages are not delivered (`skipped`)
   * unless the conversation `receivesAllMessages`; writing in a personal chat marks the app installed for the user.
   */
  sendMessage(a: SendMessageArgs): Promise<TeamsDelivery>;
  /** `Action.Execute`: an `adaptiveCard/action` invoke. The bot's invoke response is in `json`. */
  sendInvoke(a: SendInvokeArgs): Promise<TeamsDelivery>;
  /** `Action.Submit`: a message activity with `value` and `replyToId`. */
  sendSubmit(a: SendSubmitArgs): Promise<TeamsDelivery>;
  /** Delivers any activity (e.g. `conversationUpdate`); `serviceUrl`, `channelId`, `recipient` are filled in when missing. */
  sendActivity(activity: JsonObject, o?: { tokenFault?: TokenFault }): Promise<TeamsDelivery>;
  /** A channel → bot JWT as the simulator would send it (for hand-made requests). */
  channelToken(fault?: TokenFault): string | undefined;
  /** Invalidates every connector token issued so far (the bot's cached token now gets 401). */
  revokeTokens(): void;
  /** Bot messages in a conversation (id with or without `;messageid=`), oldest first, deleted ones left out. */
  messagesIn(conversationId: string): TeamsMessage[];
  /** Bot messages in a channel thread (the root included when the bot posted it), oldest first. */
  threadOf(rootId: string): TeamsMessage[];
  /** Every update of one message, oldest first. */
  updatesOf(activityId: string): MessageVersion[];
  message(activityId: string): TeamsMessage | undefined;
  readonly createdConversations: CreatedConversation[];
  /** Polls until `pick` returns a value other than undefined, null or false (default timeout 5000 ms). */
  waitFor<T>(pick: () => T | undefined, timeoutMs?: number): Promise<T>;
}
