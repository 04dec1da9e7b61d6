/**
 * `response_url` webhooks (chat-platforms.md §1): one per command or click, valid 30 minutes and for 5 uses, then
 * 404 with `expired_url` / `used_url`. Bolt 5's `respond()` throws on any non-2xx, so these statuses matter.
 */
import { randomAlnum, type SimRequest, type SimResponse } from '../shared/sim-server.js';
import { readContent } from './chat.methods.js';
import type { SlackWorld } from './slack.state.js';
import type { EphemeralMessage, PostedMessage } from './slack.types.js';

export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_USES = 5;

interface Original {
  ts: string;
  isEphemeral: boolean;
}

export interface ResponseUrlEntry {
  id: string;
  url: string;
  userId: string;
  channelId: string;
  kind: 'command' | 'block_actions';
  createdAt: Date;
  uses: number;
  /** What `replace_original` / `delete_original` act on: the clicked message, or the last reply sent through this URL. */
  original?: Original;
}

export class ResponseUrls {
  private readonly entries = new Map<string, ResponseUrlEntry>();

  constructor(
    private readonly world: SlackWorld,
    private readonly baseUrl: () => string,
  ) {}

  create(a: { userId: string; channelId: string; kind: 'command' | 'block_actions'; original?: Original }): ResponseUrlEntry {
    const id = randomAlnum(32);
    const entry: ResponseUrlEntry = {
      id,
      url: `${this.baseUrl()}/response/${id}`,
      userId: a.userId,
      channelId: a.channelId,
      kind: a.kind,
      createdAt: this.world.clock.now(),
      uses: 0,
      ...(a.original ? { original: a.original } : {}),
    };
    this.entries.set(id, entry);
    return entry;
  }

  get(id: string): ResponseUrlEntry | undefined {
    return this.entries.get(id);
  }

  handle(req: SimRequest, id: string): SimResponse {
    const entry = this.entries.get(id);
    if (!entry) return { status: 404, text: 'no_service' };
    const reject = (status: number, result: string): SimResponse => {
      this.record(entry, req, status, result);
      return { status, text: result };
    };
    if (req.method !== 'POST') return reject(405, 'invalid_method');
    if (this.world.clock.now().getTime() - entry.createdAt.getTime() > RESPONSE_URL_TTL_MS) return reject(404, 'expired_url');
    if (entry.uses >= RESPONSE_URL_MAX_USES) return reject(404, 'used_url');
    const body = req.json;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return reject(400, 'invalid_payload');
    const args = body as Record<string, unknown>;
    const content = readContent(args, { requireSomething: false });
    if (!content.ok) return reject(400, String(content.result.error));
    if (args.delete_original === true) {
      entry.uses += 1;
      const target = this.findOriginal(entry);
      if (target) target.deleted = true;
      this.record(entry, req, 200, 'ok', target?.ts);
      return { status: 200, json: { ok: true } };
    }
    if (content.text === '' && !content.blocks?.length) return reject(400, 'no_text');
    entry.uses += 1;
    const ts = this.apply(entry, args, content.text, content.blocks);
    this.record(entry, req, 200, 'ok', ts);
    return { status: 200, json: { ok: true } };
  }

  /** Shows what a command's ack body or a response_url post displays, and remembers it as the new original. */
  apply(entry: ResponseUrlEntry, args: Record<string, unknown>, text: string, blocks: PostedMessage['blocks']): string {
    const world = this.world;
    if (args.replace_original === true) {
      const target = this.findOriginal(entry);
      if (target) {
        world.replaceContent(target, { text, ...(blocks ? { blocks } : {}) });
        return target.ts;
      }
    }
    const warnings: string[] = [];
    const threadTs = world.resolveThread(entry.channelId, typeof args.thread_ts === 'string' ? args.thread_ts : undefined, warnings);
    const common = { channel: entry.channelId, text, ...(blocks ? { blocks } : {}), ...(threadTs !== undefined ? { threadTs } : {}) };
    if (args.response_type === 'in_channel') {
      const msg = world.postMessage({ ...common, postedBy: 'bot', via: 'response_url' });
      entry.original = { ts: msg.ts, isEphemeral: false };
      return msg.ts;
    }
    const eph = world.postEphemeral({ ...common, userId: entry.userId, via: 'response_url' });
    entry.original = { ts: eph.ts, isEphemeral: true };
    return eph.ts;
  }

  private findOriginal(entry: ResponseUrlEntry): PostedMessage | EphemeralMessage | undefined {
    const o = entry.original;
    if (!o) return undefined;
    return o.isEphemeral ? this.world.findEphemeral(entry.channelId, o.ts) : this.world.findMessage(entry.channelId, o.ts);
  }

  private record(entry: ResponseUrlEntry, req: SimRequest, status: number, result: string, messageTs?: string): void {
    this.world.state.responseUrlPosts.push({
      responseUrlId: entry.id,
      url: entry.url,
      userId: entry.userId,
      channelId: entry.channelId,
      body: req.json ?? req.text,
      status,
      result,
      at: req.at,
      ...(messageTs !== undefined ? { messageTs } : {}),
    });
  }
}
