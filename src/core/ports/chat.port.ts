import type { MessageRef } from '../domain/remote-session.js';

/**
 * The platform-neutral message model (style.md §3.3 "Neutral Reply model"). Renderers in chat/<platform> turn it
 * into Block Kit or Adaptive Cards; times stay UTC instants so each renderer can show them in the viewer's zone.
 */
export type Inline =
  | string
  /** An instant each viewer sees in their own zone; `time` shows the clock only, `date` the day only. */
  | { kind: 'time'; at: string; show?: 'time' | 'date' }
  | { kind: 'user'; userId: string }
  | { kind: 'link'; url: string; label: string }
  | { kind: 'code'; text: string }
  | { kind: 'bold'; text: string };

export type RichText = string | Inline[];

export interface ReplyAction {
  /** Stable action id the surface routes back to the core (`session.close`, `session.share`, `link.new` …). */
  id: string;
  label: string;
  /** Opaque value routed back with the action (e.g. the session id); never a secret. */
  value?: string;
  /** Makes it a link button. */
  url?: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export interface Reply {
  /** Plain-text summary: notifications, screen readers, and platforms that show no rich content. */
  text: string;
  title?: string;
  body?: RichText[];
  fields?: Array<{ label: string; value: RichText }>;
  actions?: ReplyAction[];
  /** Small print under the message. */
  context?: RichText[];
  severity?: 'info' | 'success' | 'warning' | 'error';
  /** Language of the words (`en`, `de`): platforms that format dates themselves localise with it (Adaptive Card `lang`). */
  lang?: string;
  /** The word between a date and a clock time where the platform formats both (Slack date tokens); `at` when absent. */
  dateTimeJoiner?: string;
}

/** Where to say something. */
export interface ConversationTarget {
  surface: 'slack' | 'teams';
  conversationId: string;
  threadId?: string;
  /** Slack's per-command reply webhook, when the command came with one: the fallback where the bot can't post. */
  responseUrl?: string;
}

export interface UserProfile {
  email?: string;
  name?: string;
  /** IANA zone. */
  timeZone?: string;
  /** The platform's language tag for the user (BCP-47, e.g. `de-DE`). */
  locale?: string;
}

/** Outbound chat port used by use cases and jobs. */
export interface ChatNotifier {
  /** Posts into the conversation; falls back to the response URL where the bot is not a member. */
  post(target: ConversationTarget, reply: Reply): Promise<MessageRef>;
  update(ref: MessageRef, reply: Reply): Promise<void>;
  /** Only `userId` sees it (Slack ephemeral / response_url). */
  postPrivate(target: ConversationTarget, userId: string, reply: Reply): Promise<void>;
  /** A direct message to the user; returns where it landed. */
  directMessage(surface: 'slack' | 'teams', userId: string, reply: Reply): Promise<MessageRef>;
  /** The user's e-mail, time zone and language tag (`de-DE`) as the platform knows them, when it does. */
  userProfile(surface: 'slack' | 'teams', userId: string): Promise<UserProfile | undefined>;
}
