import type { MessageRef } from '../core/domain/remote-session.js';
import { ConnectorError } from '../core/errors.js';
import type { ChatNotifier, ConversationTarget, Reply } from '../core/ports/chat.port.js';

type Surface = 'slack' | 'teams';

/** One ChatNotifier for the core, passing each call to the platform the conversation lives on. */
export class ChatRouter implements ChatNotifier {
  constructor(private readonly by: Partial<Record<Surface, ChatNotifier>>) {}

  private on(surface: Surface): ChatNotifier {
    const n = this.by[surface];
    if (!n) throw new ConnectorError('chat.failed', `${surface === 'slack' ? 'Slack' : 'Microsoft Teams'} is not configured on this bot.`, { vendor: surface, reached: false });
    return n;
  }

  post(target: ConversationTarget, reply: Reply): Promise<MessageRef> {
    return this.on(target.surface).post(target, reply);
  }
  update(ref: MessageRef, reply: Reply): Promise<void> {
    return this.on(ref.surface).update(ref, reply);
  }
  postPrivate(target: ConversationTarget, userId: string, reply: Reply): Promise<void> {
    return this.on(target.surface).postPrivate(target, userId, reply);
  }
  directMessage(surface: Surface, userId: string, reply: Reply): Promise<MessageRef> {
    return this.on(surface).directMessage(surface, userId, reply);
  }
  userProfile(surface: Surface, userId: string) {
    return this.on(surface).userProfile(surface, userId);
  }
}
