/**
 * The sandbox's chat page, mounted on the bot's own server at /sandbox by the sandbox composition (never by
 * main.ts). Everything the page does goes through the simulators' APIs: a typed command becomes a signed Slack
 * request to POST /slack/events, a click a signed `block_actions`; what it shows is simulator state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Route } from '../../http/server.js';
import type { Delivery } from '../../simulators/index.js';
import type { StackWorld } from '../stack.js';
import { CLIENT_JS } from './client.js.js';
import { HttpError, json, pageGuard, readJson, viewRoutes } from './http-guard.js';
import { PAGE_HTML } from './page.html.js';
import { snapshot, pageChannels, ensureAgentDm } from './state.js';
import { STYLES_CSS } from './styles.css.js';
import { teamsRoutes } from './teams/teams.routes.js';

export { allowedOrigins, PAGE_CSP } from './http-guard.js';
const SLASH = /^(\/\S+)\s*([\s\S]*)$/;
const MENTION = /^@teamviewer\b\s*/i;

const CommandBody = z.object({ channel: z.string().max(64), text: z.string().trim().min(1).max(4000) });
const ClickBody = z.object({ channel: z.string().max(64), ts: z.string().max(32), ephemeral: z.boolean(), actionId: z.string().min(1).max(255) });

/** What Slack would tell the user when the bot did not take the request. */
function outcome(d: Delivery): string | undefined {
  if (d.networkError !== undefined) return `The bot could not be reached: ${d.networkError}`;
  if (d.timedOut) return 'The bot did not answer within 3 seconds (operation_timeout).';
  return d.status === 200 ? undefined : `The bot answered HTTP ${d.status} (dispatch_failed).`;
}

export function sandboxRoutes(world: StackWorld): Route[] {
  ensureAgentDm(world);
  const { slack, people } = world;
  const me = people.agent;
  const guarded = pageGuard(world.publicUrl, '/sandbox');

  const command = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = CommandBody.safeParse(await readJson(req));
    if (!parsed.success) throw new HttpError(400, 'expected {channel, text}');
    const { channel, text } = parsed.data;
    const target = pageChannels(world).find((c) => c.id === channel);
    if (!target) throw new HttpError(404, 'unknown conversation');
    const slash = SLASH.exec(text);
    if (slash) {
      const [, cmd = '', rest = ''] = slash;
      if (cmd !== '/teamviewer') return json(res, 200, { ok: false, notice: `${cmd} is not a valid command here: the sandbox workspace has /teamviewer installed.` });
      const d = await slack.sendCommand({ userId: me, channelId: channel, text: rest, command: cmd });
      return json(res, 200, { ok: outcome(d) === undefined, notice: outcome(d) });
    }
    if (target.kind === 'dm') {
      const d = await slack.sendDirectMessage({ userId: me, text });
      return json(res, 200, { ok: outcome(d) === undefined, notice: outcome(d) });
    }
    if (MENTION.test(text)) {
      const d = await slack.sendMention({ userId: me, channelId: channel, text: text.replace(MENTION, '') });
      return json(res, 200, { ok: outcome(d) === undefined, notice: outcome(d) });
    }
    // A plain channel message: the app does not subscribe to channel messages, so only people see it.
    slack.addUserMessage({ userId: me, channelId: channel, text });
    json(res, 200, { ok: true });
  };

  const click = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = ClickBody.safeParse(await readJson(req));
    if (!parsed.success) throw new HttpError(400, 'expected {channel, ts, ephemeral, actionId}');
    const { channel, ts, ephemeral, actionId } = parsed.data;
    const message = ephemeral
      ? slack.ephemeralsFor(me, channel).find((e) => e.ts === ts)
      : slack.state.messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
    if (!message) throw new HttpError(409, 'That message is gone.');
    try {
      const d = await slack.clickButton({ userId: me, message, actionId });
      json(res, 200, { ok: outcome(d) === undefined, notice: outcome(d) });
    } catch (err) {
      // The simulator refuses clicks Slack would not allow (button no longer there, someone else's ephemeral).
      throw new HttpError(409, err instanceof Error ? err.message : String(err));
    }
  };

  return [
    ...viewRoutes(guarded, '/sandbox', { html: PAGE_HTML, js: CLIENT_JS, css: STYLES_CSS, snapshot: () => snapshot(world) }),
    { method: 'POST', path: '/sandbox/api/command', handler: guarded('write', command) },
    { method: 'POST', path: '/sandbox/api/click', handler: guarded('write', click) },
    ...(world.teams ? teamsRoutes(world, world.teams) : []),
  ];
}
