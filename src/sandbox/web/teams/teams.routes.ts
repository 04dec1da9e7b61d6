/**
 * The sandbox's Teams view at /sandbox/teams, mounted with the Slack view when the sandbox runs simulated Teams.
 * What Beth types becomes a Teams-shaped activity the simulator delivers to POST /api/messages; a card button an
 * `Action.Execute` invoke or an `Action.Submit` message. What the page shows is simulator state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Route } from '../../../http/server.js';
import type { TeamsDelivery, TeamsMessage } from '../../../simulators/index.js';
import type { StackWorld, TeamsWorld } from '../../stack.js';
import { HttpError, json, pageGuard, readJson, viewRoutes } from '../http-guard.js';
import { TEAMS_CLIENT_JS } from './teams-client.js.js';
import { TEAMS_CSS } from './teams-page.css.js';
import { TEAMS_PAGE_HTML } from './teams-page.html.js';
import { teamsConversations, teamsSnapshot } from './teams-state.js';

const MENTION = /^@teamviewer\b\s*/i;
const Data = z.record(z.string(), z.unknown());
const MessageBody = z.object({ conversation: z.string().max(200), text: z.string().trim().min(1).max(4000) });
const ActionBody = z.object({ messageId: z.string().min(1).max(64), kind: z.enum(['execute', 'submit']), verb: z.string().max(256).optional(), data: Data });

/** What Teams would show when the bot did not take the activity. */
function outcome(d: TeamsDelivery): string | undefined {
  if (d.skipped === 'bot_not_mentioned') return 'Posted. The app only gets channel messages that @mention it: try @TeamViewer help.';
  if (d.networkError !== undefined) return `The bot could not be reached: ${d.networkError}`;
  if (d.timedOut) return 'The bot did not answer in time.';
  return d.status === 200 ? undefined : `The bot answered HTTP ${d.status}.`;
}

/** The text of an invoke answer of type message, which Teams shows to the user who pressed the button. */
function invokeText(d: TeamsDelivery): string | undefined {
  const body = d.json as { type?: unknown; value?: unknown } | undefined;
  return body?.type === 'application/vnd.microsoft.activity.message' && typeof body.value === 'string' ? body.value : undefined;
}

/** Every action of a card, ShowCard sub-cards included, so a press can be checked against what was on screen. */
function cardActions(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const n of node) cardActions(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o);
    for (const [k, v] of Object.entries(o)) if (k !== 'fallback' && k !== 'data') cardActions(v, out);
  }
  return out;
}

export function teamsRoutes(world: StackWorld, teams: TeamsWorld): Route[] {
  const { sim, agent } = teams;
  const guarded = pageGuard(world.publicUrl, '/sandbox/teams');
  const reply = (res: ServerResponse, d: TeamsDelivery, extra?: string) => {
    const notice = outcome(d);
    json(res, 200, { ok: notice === undefined || d.skipped !== undefined, notice: notice ?? extra });
  };

  const message = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = MessageBody.safeParse(await readJson(req));
    if (!parsed.success) throw new HttpError(400, 'expected {conversation, text}');
    const conv = teamsConversations(teams).find((c) => c.id === parsed.data.conversation);
    if (!conv) throw new HttpError(404, 'unknown conversation');
    const mention = MENTION.test(parsed.data.text);
    const text = parsed.data.text.replace(MENTION, '');
    if (!text) throw new HttpError(400, 'say what the bot should do, e.g. @TeamViewer help');
    reply(res, await sim.sendMessage({ from: agent, conversation: conv, text, mentionBot: mention }));
  };

  const action = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = ActionBody.safeParse(await readJson(req));
    if (!parsed.success) throw new HttpError(400, 'expected {messageId, kind, verb?, data}');
    const { messageId, kind, verb, data } = parsed.data;
    const ours = new Set(teamsConversations(teams).map((c) => c.id));
    const msg: TeamsMessage | undefined = sim.message(messageId);
    if (!msg || msg.deleted || msg.from !== 'bot' || !ours.has(msg.conversationId)) throw new HttpError(409, 'That message is gone.');
    // Teams only sends what the card offers; a card updated in the meantime no longer has the old button.
    const wanted = JSON.stringify(data);
    const found = cardActions(msg.attachments).some((a) => a.type === (kind === 'execute' ? 'Action.Execute' : 'Action.Submit') && (kind === 'submit' || a.verb === verb) && JSON.stringify(a.data ?? {}) === wanted);
    if (!found) throw new HttpError(409, 'That card has changed; the button is no longer there.');
    if (kind === 'submit') return reply(res, await sim.sendSubmit({ from: agent, conversation: msg.conversationId, replyToId: msg.id, data }));
    const d = await sim.sendInvoke({ from: agent, conversation: msg.conversationId, replyToId: msg.id, verb: verb ?? '', data });
    reply(res, d, invokeText(d));
  };

  return [
    ...viewRoutes(guarded, '/sandbox/teams', { html: TEAMS_PAGE_HTML, js: TEAMS_CLIENT_JS, css: TEAMS_CSS, snapshot: () => teamsSnapshot(world, teams) }),
    { method: 'POST', path: '/sandbox/teams/api/message', handler: guarded('write', message) },
    { method: 'POST', path: '/sandbox/teams/api/action', handler: guarded('write', action) },
  ];
}
