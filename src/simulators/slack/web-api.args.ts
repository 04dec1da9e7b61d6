/**
 * Web API argument handling shared by the method files. Slack accepts arguments as a query string, a form body
 * (where arrays and objects such as `blocks` arrive as JSON strings, the way `@slack/web-api` sends them) or a JSON
 * body; every answer is HTTP 200 with `ok` true or false.
 */
import type { SimRequest } from '../shared/sim-server.js';
import type { SlackWorld } from './slack.state.js';

export type Args = Record<string, unknown>;
export type SlackResult = { ok: boolean } & Record<string, unknown>;

export interface MethodContext {
  world: SlackWorld;
  /** Simulator-only notes recorded with the call (never sent: real Slack stays silent about these). */
  warnings: string[];
}

export type MethodHandler = (ctx: MethodContext, args: Args) => SlackResult;

const JSON_STRING_ARGS = ['blocks', 'attachments', 'metadata'];

export function slackError(error: string, extra: Record<string, unknown> = {}): SlackResult {
  return { ok: false, error, ...extra };
}

export interface ParsedArgs {
  args: Args;
  /** Token carried in the arguments (form/query only; Slack ignores a `token` inside a JSON body). */
  argToken?: string;
  /** The decoded arguments as recorded for tests (JSON-string args parsed). */
  recorded: Args;
}

export function parseArgs(req: SimRequest): ParsedArgs {
  const args: Args = {};
  for (const [k, v] of req.query) args[k] = v;
  const contentType = req.headers['content-type'] ?? '';
  let argToken: string | undefined = req.query.get('token') ?? undefined;
  if (contentType.includes('application/json')) {
    if (typeof req.json === 'object' && req.json !== null && !Array.isArray(req.json)) Object.assign(args, req.json as Args);
  } else {
    for (const [k, v] of req.form) args[k] = v;
    argToken = req.form.get('token') ?? argToken;
  }
  const recorded: Args = { ...args };
  delete recorded.token;
  for (const key of JSON_STRING_ARGS) {
    const v = recorded[key];
    if (typeof v !== 'string') continue;
    try {
      recorded[key] = JSON.parse(v) as unknown;
    } catch {
      // left as the string the bot sent; the method answers invalid_*_format
    }
  }
  return { args, recorded, ...(argToken !== undefined ? { argToken } : {}) };
}

export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function bool(args: Args, key: string): boolean | undefined {
  const v = args[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  return undefined;
}
