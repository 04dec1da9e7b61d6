/**
 * `POST|GET /api/<method>`: token check, scope check, dispatch, and the call journal in `state.apiCalls`.
 * Rate limits are not simulated here: a 429 with `Retry-After` comes from fault injection (`sim.fail`).
 */
import type { SimRequest, SimResponse } from '../shared/sim-server.js';
import { chatPostEphemeral, chatPostMessage, chatUpdate } from './chat.methods.js';
import type { SlackWorld } from './slack.state.js';
import { authTest, conversationsOpen, usersInfo, usersLookupByEmail } from './users.methods.js';
import { parseArgs, slackError, type MethodHandler, type SlackResult } from './web-api.args.js';

interface MethodSpec {
  handler: MethodHandler;
  /** Bot scope the method needs (chat-platforms.md §5). */
  scope?: string;
}

const METHODS: Record<string, MethodSpec> = {
  'auth.test': { handler: authTest },
  'chat.postMessage': { handler: chatPostMessage, scope: 'chat:write' },
  'chat.update': { handler: chatUpdate, scope: 'chat:write' },
  'chat.postEphemeral': { handler: chatPostEphemeral, scope: 'chat:write' },
  'conversations.open': { handler: conversationsOpen, scope: 'im:write' },
  'users.info': { handler: usersInfo, scope: 'users:read' },
  'users.lookupByEmail': { handler: usersLookupByEmail, scope: 'users:read.email' },
};

export const SUPPORTED_METHODS = Object.keys(METHODS);

function bearer(req: SimRequest): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

export function createWebApiRoute(world: SlackWorld, botToken: string): (req: SimRequest, method: string) => SimResponse {
  return (req, method) => {
    const { args, recorded, argToken } = parseArgs(req);
    const spec = METHODS[method];
    const warnings: string[] = [];
    let result: SlackResult;
    const token = bearer(req) ?? argToken;
    if (!spec) {
      result = slackError('unknown_method', { req_method: method });
    } else if (token !== botToken) {
      // Real Slack says `not_authed` when no token is sent at all; the brief fixes `invalid_auth` for both cases.
      result = slackError('invalid_auth');
    } else if (spec.scope && !world.hasScope(spec.scope)) {
      result = slackError('missing_scope', { needed: spec.scope, provided: world.state.botScopes.join(',') });
    } else {
      result = spec.handler({ world, warnings }, args);
    }
    world.state.apiCalls.push({
      method,
      args: recorded,
      at: req.at,
      ok: result.ok,
      warnings,
      ...(typeof result.error === 'string' ? { error: result.error } : {}),
    });
    return {
      status: 200,
      headers: {
        'x-oauth-scopes': world.state.botScopes.join(','),
        ...(spec?.scope ? { 'x-accepted-oauth-scopes': spec.scope } : {}),
      },
      json: result,
    };
  };
}
