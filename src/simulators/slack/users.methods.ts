/**
 * `auth.test`, `conversations.open`, `users.info`, `users.lookupByEmail` (chat-platforms.md §5).
 */
import { userJson } from './message.mapping.js';
import { bool, slackError, str, type Args, type MethodContext, type MethodHandler } from './web-api.args.js';

/** Bolt calls this at start-up with a single token to learn the bot's user id and bot id. */
export const authTest: MethodHandler = ({ world }: MethodContext) => {
  const s = world.state;
  return {
    ok: true,
    url: `https://${s.teamDomain}.slack.com/`,
    team: s.teamDomain,
    user: s.users.get(s.botUserId)?.name ?? 'bot',
    team_id: s.teamId,
    user_id: s.botUserId,
    bot_id: s.botId,
    app_id: s.appId,
    is_enterprise_install: false,
  };
};

/** One user → the bot's DM (D…, stable per user); several → a group DM, which needs `mpim:write`. */
export const conversationsOpen: MethodHandler = ({ world }: MethodContext, args: Args) => {
  const channelArg = str(args, 'channel');
  const usersArg = str(args, 'users');
  if (channelArg && !usersArg) {
    const ch = world.state.channels.get(channelArg);
    if (!ch || !(ch.isIm || ch.isMpim)) return slackError('channel_not_found');
    return { ok: true, no_op: true, already_open: true, channel: { id: ch.id } };
  }
  if (!usersArg) return slackError('users_list_not_supplied');
  const ids = [...new Set(usersArg.split(',').map((u) => u.trim()).filter((u) => u !== ''))];
  if (ids.length > 8) return slackError('too_many_users');
  for (const id of ids) if (!world.state.users.has(id)) return slackError('user_not_found');
  const humans = ids.filter((id) => id !== world.state.botUserId);
  const first = humans[0];
  if (first === undefined) return slackError('cannot_dm_bot');
  let channel;
  let existed: boolean;
  if (humans.length === 1) {
    existed = world.state.dms.has(first);
    channel = world.openDm(first);
  } else {
    if (!world.hasScope('mpim:write')) return slackError('missing_scope', { needed: 'mpim:write', provided: world.state.botScopes.join(',') });
    const before = world.state.channels.size;
    channel = world.openMpim(humans);
    existed = world.state.channels.size === before;
  }
  if (bool(args, 'return_im') === true) {
    const full = { id: channel.id, created: Math.floor(world.clock.now().getTime() / 1000), is_im: channel.isIm, is_mpim: channel.isMpim, user: channel.isIm ? first : undefined, is_open: true };
    return { ok: true, ...(existed ? { no_op: true, already_open: true } : {}), channel: full };
  }
  return { ok: true, ...(existed ? { no_op: true, already_open: true } : {}), channel: { id: channel.id } };
};

export const usersInfo: MethodHandler = ({ world }: MethodContext, args: Args) => {
  const id = str(args, 'user');
  const user = id ? world.state.users.get(id) : undefined;
  if (!user) return slackError('user_not_found');
  return { ok: true, user: userJson(user, { withEmail: world.hasScope('users:read.email'), withLocale: bool(args, 'include_locale') === true, clock: world.clock }) };
};

/** Case-insensitive match on the profile e-mail; unknown → `users_not_found` (note the plural, as Slack spells it). */
export const usersLookupByEmail: MethodHandler = ({ world }: MethodContext, args: Args) => {
  const email = str(args, 'email')?.toLowerCase();
  if (!email) return slackError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: email'] } });
  const user = [...world.state.users.values()].find((u) => u.email?.toLowerCase() === email);
  if (!user) return slackError('users_not_found');
  return { ok: true, user: userJson(user, { withEmail: true, withLocale: false, clock: world.clock }) };
};
