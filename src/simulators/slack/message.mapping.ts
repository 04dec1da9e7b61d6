/**
 * Slack's JSON shapes for stored messages and users, as the Web API returns them and as `block_actions` payloads
 * carry them. Kept apart from the state so the wire format is in one place.
 */
import type { SimClock } from '../shared/sim-server.js';
import type { EphemeralMessage, PostedMessage, SlackSimState, SlackUser } from './slack.types.js';

export function messageJson(m: PostedMessage | EphemeralMessage, state: SlackSimState): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'message', text: m.text, ts: m.ts };
  if (m.isEphemeral) {
    Object.assign(out, { user: state.botUserId, bot_id: state.botId, app_id: state.appId, team: state.teamId });
  } else {
    out.user = m.user;
    out.team = state.teamId;
    if (m.postedBy === 'bot') {
      Object.assign(out, {
        bot_id: m.botId ?? state.botId,
        app_id: m.appId ?? state.appId,
        bot_profile: { id: state.botId, app_id: state.appId, name: state.users.get(state.botUserId)?.name ?? 'bot', deleted: false, team_id: state.teamId },
      });
    }
    if (m.edited) out.edited = { ...m.edited };
    if (m.replyBroadcast && m.threadTs) out.subtype = 'thread_broadcast';
    if (m.metadata !== undefined) out.metadata = m.metadata;
  }
  if (m.blocks) out.blocks = m.blocks;
  if (m.threadTs) {
    out.thread_ts = m.threadTs;
    if (!m.isEphemeral) {
      const parent = state.messages.find((p) => p.channel === m.channel && p.ts === m.threadTs);
      if (parent && parent.ts !== m.ts) out.parent_user_id = parent.user;
    }
  }
  return out;
}

/** Current UTC offset of an IANA zone in seconds, as Slack's `tz_offset`. */
export function tzOffsetSeconds(tz: string, at: Date): number {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    if (!m) return 0;
    const sign = m[1] === '-' ? -1 : 1;
    return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  } catch {
    return 0;
  }
}

function tzLabel(tz: string, at: Date): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? tz;
  } catch {
    return tz;
  }
}

/**
 * `users.info` / `users.lookupByEmail` user object. `profile.email` only with `users:read.email` (chat-platforms.md
 * §5); `locale` only when the caller asked with `include_locale=true`, as Slack does.
 */
export function userJson(u: SlackUser, o: { withEmail: boolean; withLocale: boolean; clock: SimClock }): Record<string, unknown> {
  const now = o.clock.now();
  const profile: Record<string, unknown> = {
    real_name: u.realName,
    real_name_normalized: u.realName,
    display_name: u.name,
    display_name_normalized: u.name,
    team: u.teamId,
  };
  if (o.withEmail && u.email !== undefined) profile.email = u.email;
  const out: Record<string, unknown> = {
    id: u.id,
    team_id: u.teamId,
    name: u.name,
    deleted: false,
    real_name: u.realName,
    tz: u.tz,
    tz_label: tzLabel(u.tz, now),
    tz_offset: tzOffsetSeconds(u.tz, now),
    is_admin: false,
    is_owner: false,
    is_bot: u.isBot,
    is_app_user: false,
    updated: Math.floor(now.getTime() / 1000),
    profile,
  };
  if (o.withLocale) out.locale = u.locale ?? 'en-US';
  return out;
}
