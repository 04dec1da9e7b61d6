/**
 * What a Slack user does that reaches the bot: slash commands, button clicks, mentions, DMs, plus raw and
 * Events API deliveries. Each builds the real payload, delivers it signed, records it, and for commands also
 * shows the user what Slack would (the ack body, or `operation_timeout` / `dispatch_failed`).
 */
import { readContent } from './chat.methods.js';
import { deliver, unixSeconds, type DeliveryTarget } from './delivery.js';
import { blockActionsPayload, eventEnvelope, eventId, findButton, slashCommandForm, triggerId, urlVerificationBody, type PayloadContext } from './payloads.js';
import type { ResponseUrlEntry, ResponseUrls } from './response-url.routes.js';
import type { SlackWorld } from './slack.state.js';
import type { Delivery, DeliveryKind, EphemeralMessage, PostedMessage, SlackChannel, SlackUser } from './slack.types.js';

export const DEFAULT_COMMAND = '/teamviewer';

export class SlackInteractions {
  constructor(
    private readonly world: SlackWorld,
    private readonly responseUrls: ResponseUrls,
    private readonly target: DeliveryTarget,
    private readonly payloadCtx: PayloadContext,
  ) {}

  private user(id: string): SlackUser {
    const u = this.world.state.users.get(id);
    if (!u) throw new Error(`Slack simulator: unknown user ${id}; addUser() first`);
    return u;
  }

  private channel(id: string): SlackChannel {
    const ch = this.world.state.channels.get(id);
    if (!ch) throw new Error(`Slack simulator: unknown channel ${id}; addChannel() first`);
    return ch;
  }

  private async send(kind: DeliveryKind, out: Parameters<typeof deliver>[1], extra: Partial<Delivery> = {}): Promise<Delivery> {
    const delivery = { ...(await deliver(this.target, out)), ...extra };
    this.world.state.deliveries.push({ kind, body: out.body, delivery, at: this.world.clock.now() });
    return delivery;
  }

  addUserMessage(m: { userId: string; channelId: string; text: string; threadTs?: string }): PostedMessage {
    this.user(m.userId);
    const ch = this.channel(m.channelId);
    if (!ch.members.includes(m.userId)) ch.members.push(m.userId);
    const threadTs = this.world.resolveThread(ch.id, m.threadTs, []);
    return this.world.postMessage({ channel: ch.id, text: m.text, postedBy: 'user', user: m.userId, via: 'user', ...(threadTs !== undefined ? { threadTs } : {}) });
  }

  async sendCommand(a: { userId: string; channelId: string; text: string; command?: string }): Promise<Delivery> {
    const user = this.user(a.userId);
    const channel = this.channel(a.channelId);
    // Slack's composer is only there for members, so whoever types a command in a channel belongs to it.
    if (!channel.isIm && !channel.members.includes(user.id)) channel.members.push(user.id);
    const command = a.command ?? DEFAULT_COMMAND;
    const entry = this.responseUrls.create({ userId: user.id, channelId: channel.id, kind: 'command' });
    const trigger = triggerId();
    const body = slashCommandForm(this.payloadCtx, { user, channel, command, text: a.text, responseUrl: entry.url, triggerId: trigger });
    const delivery = await this.send('command', { body, contentType: 'application/x-www-form-urlencoded' }, { responseUrl: entry.url, triggerId: trigger });
    this.showCommandOutcome(entry, command, a.text, delivery);
    return delivery;
  }

  /** The invoking user's view of the ack (chat-platforms.md §1 acknowledgement contract). */
  private showCommandOutcome(entry: ResponseUrlEntry, command: string, text: string, d: Delivery): void {
    const failure = (error: string): void => {
      this.world.postEphemeral({ channel: entry.channelId, userId: entry.userId, text: `${command} failed with the error "${error}"`, via: 'slack' });
    };
    if (d.timedOut || d.networkError !== undefined) return failure('operation_timeout');
    if (d.status !== 200) return failure('dispatch_failed');
    if (d.body.trim() === '') return;
    const json = d.json;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      this.responseUrls.apply(entry, {}, d.body, undefined);
      return;
    }
    const args = json as Record<string, unknown>;
    const content = readContent(args, { requireSomething: false });
    if (!content.ok) return failure(String(content.result.error));
    // `in_channel` echoes the typed command to everyone before the response.
    if (args.response_type === 'in_channel') this.world.postMessage({ channel: entry.channelId, text: `${command} ${text}`, postedBy: 'user', user: entry.userId, via: 'user' });
    if (content.text === '' && !content.blocks?.length) return;
    this.responseUrls.apply(entry, { ...args, replace_original: false }, content.text, content.blocks);
  }

  async clickButton(a: { userId: string; message: PostedMessage | EphemeralMessage; actionId: string }): Promise<Delivery> {
    const user = this.user(a.userId);
    const current = a.message.isEphemeral ? this.world.findEphemeral(a.message.channel, a.message.ts) : this.world.findMessage(a.message.channel, a.message.ts);
    if (!current) throw new Error(`Slack simulator: message ${a.message.channel}/${a.message.ts} no longer exists`);
    if (current.isEphemeral && current.userId !== user.id) throw new Error(`Slack simulator: ephemeral ${current.ts} is only visible to ${current.userId}`);
    const button = findButton(current.blocks, a.actionId);
    if (!button) throw new Error(`Slack simulator: no button with action_id "${a.actionId}" in message ${current.ts}`);
    const channel = this.channel(current.channel);
    const entry = this.responseUrls.create({ userId: user.id, channelId: channel.id, kind: 'block_actions', original: { ts: current.ts, isEphemeral: current.isEphemeral } });
    const trigger = triggerId();
    const payload = blockActionsPayload(this.payloadCtx, { user, channel, message: current, button, responseUrl: entry.url, triggerId: trigger, actionTs: this.world.ts.next() });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send('block_actions', { body, contentType: 'application/x-www-form-urlencoded' }, { responseUrl: entry.url, triggerId: trigger });
  }

  async sendEvent(event: Record<string, unknown>, o: { eventId?: string; retryNum?: number; retryReason?: string } = {}): Promise<Delivery> {
    const id = o.eventId ?? eventId();
    const envelope = eventEnvelope(this.payloadCtx, event, { eventId: id, eventTime: unixSeconds(this.world.clock) });
    const headers: Record<string, string> = {};
    if (o.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(o.retryNum);
      headers['x-slack-retry-reason'] = o.retryReason ?? 'http_timeout';
    }
    return this.send('event', { body: JSON.stringify(envelope), contentType: 'application/json', headers }, { eventId: id });
  }

  /** Slack puts `<@BOTID>` into an app_mention's text; it is added when the caller left it out. */
  async sendMention(a: { userId: string; channelId: string; text: string; threadTs?: string }, o: { eventId?: string } = {}): Promise<Delivery> {
    const mention = `<@${this.world.state.botUserId}>`;
    const text = a.text.includes(mention) ? a.text : `${mention} ${a.text}`;
    const msg = this.addUserMessage({ ...a, text });
    const event: Record<string, unknown> = { type: 'app_mention', user: a.userId, text, ts: msg.ts, channel: msg.channel, event_ts: msg.ts, team: this.world.state.teamId };
    if (msg.threadTs) event.thread_ts = msg.threadTs;
    return this.sendEvent(event, o);
  }

  async sendDirectMessage(a: { userId: string; text: string; threadTs?: string }, o: { eventId?: string } = {}): Promise<Delivery> {
    const dm = this.world.openDm(this.user(a.userId).id);
    const msg = this.addUserMessage({ userId: a.userId, channelId: dm.id, text: a.text, ...(a.threadTs !== undefined ? { threadTs: a.threadTs } : {}) });
    const event: Record<string, unknown> = { type: 'message', channel_type: 'im', user: a.userId, text: a.text, ts: msg.ts, channel: dm.id, event_ts: msg.ts, team: this.world.state.teamId };
    if (msg.threadTs) event.thread_ts = msg.threadTs;
    return this.sendEvent(event, o);
  }

  sendUrlVerification(challenge: string): Promise<Delivery> {
    return this.send('url_verification', { body: urlVerificationBody(this.payloadCtx, challenge), contentType: 'application/json' });
  }

  sendRaw(a: { body: string; contentType?: string; sign?: boolean; timestamp?: number; signature?: string; headers?: Record<string, string> }): Promise<Delivery> {
    const contentType = a.contentType ?? (/^\s*[[{]/.test(a.body) ? 'application/json' : 'application/x-www-form-urlencoded');
    return this.send('raw', {
      body: a.body,
      contentType,
      ...(a.sign !== undefined ? { sign: a.sign } : {}),
      ...(a.timestamp !== undefined ? { timestamp: a.timestamp } : {}),
      ...(a.signature !== undefined ? { signature: a.signature } : {}),
      ...(a.headers !== undefined ? { headers: a.headers } : {}),
    });
  }
}
