import type { MessageRef } from './domain/remote-session.js';
import type { ConversationTarget } from './ports/chat.port.js';

/** Who acts, as the chat surface knows them. */
export interface Actor {
  surface: 'slack' | 'teams';
  tenantId: string;
  userId: string;
  /** `surface:tenant:user`, the key of the agent's TeamViewer link. */
  key: string;
  name?: string;
  /** The language tag the platform sent with this request (Teams `locale`, e.g. `de-DE`); Slack sends none. */
  locale?: string;
}

/** One inbound user action, platform-neutral (style.md §3.3 "Inbound"). */
export interface Interaction {
  correlationId: string;
  actor: Actor;
  conversation: ConversationTarget & { kind: 'channel' | 'dm' | 'unknown' };
  input: { kind: 'command'; text: string } | { kind: 'action'; actionId: string; value?: string; message?: MessageRef };
  /** How to write the verb in help for this surface (`/teamviewer`, `@TeamViewer`). */
  commandPrefix: string;
}
