/**
 * What users do in Teams, turned into deliveries: typed messages (recorded, then delivered if Teams would deliver
 * them), `Action.Execute` invokes (a card replacement in the bot's answer is applied to the message) and
 * `Action.Submit` messages.
 */
import { address, executeActivity, messageActivity, submitActivity } from './activities.js';
import { deliverActivity } from './delivery.js';
import type { TeamsIdentity } from './identity.routes.js';
import { isObject } from './jwt.js';
import type { TeamsWorld } from './teams.state.js';
import type { JsonObject, SendInvokeArgs, SendMessageArgs, SendSubmitArgs, TeamsDelivery, TokenFault } from './teams.types.js';

/** Where deliveries go and how they are signed. */
export interface InteractionTarget {
  botUrl: () => string | undefined;
  serviceUrl: () => string;
  authEnabled: boolean;
  timeoutMs: number;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Builds, records and delivers user actions; see the `TeamsSim` methods of the same names. */
export class TeamsInteractions {
  constructor(
    private readonly world: TeamsWorld,
    private readonly identity: TeamsIdentity,
    private readonly target: InteractionTarget,
  ) {}

  /** The JWT a delivery carries: auth on sends a valid one unless a fault is asked for; auth off sends none. */
  token(fault: TokenFault | undefined): string | undefined {
    if (!this.target.authEnabled && fault === undefined) return undefined;
    return this.identity.channelToken(this.target.serviceUrl(), fault);
  }

  async sendActivity(activity: JsonObject, fault?: TokenFault): Promise<TeamsDelivery> {
    const full: JsonObject = {
      channelId: 'msteams',
      serviceUrl: this.target.serviceUrl(),
      recipient: { id: this.world.state.botId, name: this.world.state.botName },
      timestamp: this.world.clock.now().toISOString(),
      ...activity,
    };
    const d = await deliverActivity(this.target.botUrl(), full, this.token(fault), this.target.timeoutMs);
    this.world.state.deliveries.push({ activity: full, status: d.status, ms: d.ms, at: this.world.clock.now(), ...(fault ? { tokenFault: fault } : {}) });
    return d;
  }

  async sendMessage(a: SendMessageArgs): Promise<TeamsDelivery> {
    const user = this.world.user(a.from);
    const conv = this.world.conversation(a.conversation);
    const mentionBot = a.mentionBot ?? conv.conversationType !== 'personal';
    const at = address(this.world, conv, this.world.nextActivityId(), a.replyToId);
    const activity = messageActivity(this.world, this.target.serviceUrl(), { user, conv, at, text: a.text, mentionBot, ...(a.replyToId !== undefined ? { replyToId: a.replyToId } : {}) });
    this.world.record({ id: at.id, addressedTo: at.conversationId, from: 'user', userId: user.id, via: 'user', activity, ...(a.replyToId !== undefined ? { replyToId: a.replyToId } : {}) });
    if (conv.conversationType === 'personal' && !user.installed) {
      // Writing to the bot in a personal chat means the app is installed (Teams installs it on first open).
      user.installed = true;
    }
    if (conv.conversationType !== 'personal' && !mentionBot && !conv.receivesAllMessages) {
      return { status: 0, body: '', ms: 0, timedOut: false, skipped: 'bot_not_mentioned', activity };
    }
    return this.sendActivity(activity, a.tokenFault);
  }

  async sendInvoke(a: SendInvokeArgs): Promise<TeamsDelivery> {
    const user = this.world.user(a.from);
    const conv = this.world.conversation(a.conversation);
    const at = address(this.world, conv, this.world.nextActivityId(), a.replyToId);
    const activity = executeActivity(this.world, this.target.serviceUrl(), { user, conv, at, replyToId: a.replyToId, verb: a.verb, data: a.data ?? {} });
    const d = await this.sendActivity(activity, a.tokenFault);
    this.applyCardReplacement(a.replyToId, d);
    return d;
  }

  async sendSubmit(a: SendSubmitArgs): Promise<TeamsDelivery> {
    const user = this.world.user(a.from);
    const conv = this.world.conversation(a.conversation);
    const at = address(this.world, conv, this.world.nextActivityId(), a.replyToId);
    return this.sendActivity(submitActivity(this.world, this.target.serviceUrl(), { user, conv, at, replyToId: a.replyToId, data: a.data }), a.tokenFault);
  }

  /**
   * An invoke answered `{statusCode:200, type:'application/vnd.microsoft.card.adaptive', value:card}` replaces the
   * card in the message that holds it (chat-platforms.md §11); other answers leave the message alone.
   */
  private applyCardReplacement(messageId: string, d: TeamsDelivery): void {
    const target = this.world.findMessage(messageId);
    const body = d.json;
    if (!target || target.deleted || d.status !== 200 || !isObject(body)) return;
    if (body.statusCode !== 200 || body.type !== ADAPTIVE_CARD || !isObject(body.value)) return;
    this.world.update(target, { ...target.activity, attachments: [{ contentType: ADAPTIVE_CARD, content: body.value }] }, 'invokeResponse');
  }
}
