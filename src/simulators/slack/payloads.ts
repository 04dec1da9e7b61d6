/**
 * The bodies Slack sends to a Request URL: slash commands (§1), `block_actions` (§3), Events API envelopes and
 * `url_verification` (§4) — field for field as chat-platforms.md lists them.
 */
import { randomAlnum, randomDigits } from '../shared/sim-server.js';
import { messageJson } from './message.mapping.js';
import type { Block, EphemeralMessage, PostedMessage, SlackChannel, SlackSimState, SlackUser } from './slack.types.js';

export interface PayloadContext {
  state: SlackSimState;
  verificationToken: string;
}

/** `trigger_id`s look like `13345224609.738474920.8088930838d88f008e0` and expire in ~3 s (not enforced here). */
export function triggerId(): string {
  return `${randomDigits(11)}.${randomDigits(9)}.${randomAlnum(32).toLowerCase()}`;
}

/** Slack sends `directmessage` as the channel name of a DM and `mpdm-…` for group DMs. */
function channelName(ch: SlackChannel): string {
  return ch.isIm ? 'directmessage' : ch.name;
}

export function slashCommandForm(
  c: PayloadContext,
  a: { user: SlackUser; channel: SlackChannel; command: string; text: string; responseUrl: string; triggerId: string },
): string {
  return new URLSearchParams({
    token: c.verificationToken,
    team_id: c.state.teamId,
    team_domain: c.state.teamDomain,
    channel_id: a.channel.id,
    channel_name: channelName(a.channel),
    user_id: a.user.id,
    user_name: a.user.name,
    command: a.command,
    text: a.text,
    api_app_id: c.state.appId,
    is_enterprise_install: 'false',
    response_url: a.responseUrl,
    trigger_id: a.triggerId,
  }).toString();
}

export interface FoundButton {
  blockId: string;
  element: Record<string, unknown>;
}

/** Buttons live in `actions` blocks and as `section` accessories. */
export function findButton(blocks: Block[] | undefined, actionId: string): FoundButton | undefined {
  for (const block of blocks ?? []) {
    const blockId = typeof block.block_id === 'string' ? block.block_id : '';
    const candidates: unknown[] = [];
    if (Array.isArray(block.elements)) candidates.push(...(block.elements as unknown[]));
    if (block.accessory !== undefined) candidates.push(block.accessory);
    for (const el of candidates) {
      if (typeof el === 'object' && el !== null && (el as Record<string, unknown>).type === 'button' && (el as Record<string, unknown>).action_id === actionId) {
        return { blockId, element: el as Record<string, unknown> };
      }
    }
  }
  return undefined;
}

/**
 * `block_actions` for one button click. For ephemeral messages `message` is left out, as Slack may do
 * (chat-platforms.md §3, optionality M): the bot must cope with `container` alone.
 */
export function blockActionsPayload(
  c: PayloadContext,
  a: { user: SlackUser; channel: SlackChannel; message: PostedMessage | EphemeralMessage; button: FoundButton; responseUrl: string; triggerId: string; actionTs: string },
): Record<string, unknown> {
  const { element } = a.button;
  const action: Record<string, unknown> = {
    type: 'button',
    action_id: element.action_id,
    block_id: a.button.blockId,
    text: element.text,
    action_ts: a.actionTs,
  };
  for (const key of ['value', 'url', 'style', 'confirm'] as const) if (element[key] !== undefined) action[key] = element[key];
  const container: Record<string, unknown> = { type: 'message', message_ts: a.message.ts, channel_id: a.channel.id, is_ephemeral: a.message.isEphemeral };
  if (a.message.threadTs) container.thread_ts = a.message.threadTs;
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: a.user.id, username: a.user.name, name: a.user.name, team_id: a.user.teamId },
    api_app_id: c.state.appId,
    token: c.verificationToken,
    container,
    trigger_id: a.triggerId,
    team: { id: c.state.teamId, domain: c.state.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: a.channel.id, name: channelName(a.channel) },
    state: { values: {} },
    response_url: a.responseUrl,
    actions: [action],
  };
  if (!a.message.isEphemeral) payload.message = messageJson(a.message, c.state);
  return payload;
}

export function eventEnvelope(c: PayloadContext, event: Record<string, unknown>, a: { eventId: string; eventTime: number }): Record<string, unknown> {
  const s = c.state;
  return {
    token: c.verificationToken,
    team_id: s.teamId,
    context_team_id: s.teamId,
    context_enterprise_id: null,
    api_app_id: s.appId,
    event: { ...event, event_ts: event.event_ts ?? event.ts ?? `${a.eventTime}.000000` },
    type: 'event_callback',
    event_id: a.eventId,
    event_time: a.eventTime,
    authorizations: [{ enterprise_id: null, team_id: s.teamId, user_id: s.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ t: s.teamId, e: a.eventId })).toString('base64url')}`,
  };
}

/** Event ids are `Ev` + 9–11 upper-case alphanumerics; they are the bot's dedupe key. */
export function eventId(): string {
  return `Ev${randomAlnum(10).toUpperCase()}`;
}

export function urlVerificationBody(c: PayloadContext, challenge: string): string {
  return JSON.stringify({ token: c.verificationToken, challenge, type: 'url_verification' });
}
