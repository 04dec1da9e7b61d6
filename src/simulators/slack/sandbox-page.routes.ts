/**
 * The sandbox's stand-in for the Slack client (style.md §3.10): a plain HTML page to type commands, mention the
 * bot, and click buttons in what it posted. No scripts; every action is a form POST followed by a redirect.
 */
import type { SimRequest, SimResponse } from '../shared/sim-server.js';
import type { Block, Delivery, EphemeralMessage, PostedMessage, SlackSim } from './slack.types.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string => (isObj(v) && typeof v.text === 'string' ? v.text : '');

function renderButton(el: Obj, m: PostedMessage | EphemeralMessage, userId: string): string {
  const label = esc(textOf(el.text));
  const link = typeof el.url === 'string' ? ` <a href="${esc(el.url)}" target="_blank" rel="noreferrer">↗</a>` : '';
  const style = el.style === 'primary' ? 'background:#007a5a;color:#fff' : el.style === 'danger' ? 'background:#e01e5a;color:#fff' : '';
  return `<form method="post" action="/ui/click" style="display:inline">
<input type="hidden" name="channel" value="${esc(m.channel)}"><input type="hidden" name="ts" value="${esc(m.ts)}">
<input type="hidden" name="ephemeral" value="${m.isEphemeral ? '1' : ''}"><input type="hidden" name="user" value="${esc(userId)}">
<input type="hidden" name="action" value="${esc(String(el.action_id))}"><button style="${style}">${label}</button>${link}</form>`;
}

function renderBlocks(blocks: Block[], m: PostedMessage | EphemeralMessage, userId: string): string {
  return blocks
    .map((b) => {
      const buttons = (els: unknown[]): string => els.filter((e): e is Obj => isObj(e) && e.type === 'button').map((e) => renderButton(e, m, userId)).join(' ');
      switch (b.type) {
        case 'header':
          return `<h4>${esc(textOf(b.text))}</h4>`;
        case 'divider':
          return '<hr>';
        case 'context':
          return `<small>${(Array.isArray(b.elements) ? b.elements : []).map((e) => esc(textOf(e))).join(' · ')}</small>`;
        case 'actions':
          return `<div>${buttons(Array.isArray(b.elements) ? b.elements : [])}</div>`;
        case 'section': {
          const fields = Array.isArray(b.fields) ? `<div>${b.fields.map((f) => `<span style="display:inline-block;min-width:14em">${esc(textOf(f))}</span>`).join('')}</div>` : '';
          return `<div style="white-space:pre-wrap">${esc(textOf(b.text))}</div>${fields}${isObj(b.accessory) ? buttons([b.accessory]) : ''}`;
        }
        default:
          return `<div style="white-space:pre-wrap">${esc(typeof b.text === 'string' ? b.text : textOf(b.text))}</div>`;
      }
    })
    .join('\n');
}

function renderMessage(m: PostedMessage | EphemeralMessage, sim: SlackSim, viewer: string): string {
  const author = m.isEphemeral ? `only visible to ${esc(m.userId)}` : esc(sim.state.users.get(m.user)?.name ?? m.user);
  const body = m.blocks?.length ? renderBlocks(m.blocks, m, viewer) : `<div style="white-space:pre-wrap">${esc(m.text)}</div>`;
  const edited = !m.isEphemeral && m.edited ? ' (edited)' : '';
  const thread = m.threadTs && m.threadTs !== m.ts ? ' ↳ thread ' + esc(m.threadTs) : '';
  return `<div style="border-left:3px solid ${m.isEphemeral ? '#999' : '#1264a3'};margin:.5em 0;padding:.2em .6em">
<b>${author}</b> <small>${esc(m.ts)}${thread}${edited}</small>${body}</div>`;
}

function page(sim: SlackSim, q: URLSearchParams, notice: string): string {
  const users = [...sim.state.users.values()].filter((u) => !u.isBot);
  const channels = [...sim.state.channels.values()];
  const viewer = q.get('user') ?? users[0]?.id ?? '';
  const channelId = q.get('channel') ?? channels[0]?.id ?? '';
  const opt = (id: string, label: string, sel: string): string => `<option value="${esc(id)}"${id === sel ? ' selected' : ''}>${esc(label)}</option>`;
  const userOpts = users.map((u) => opt(u.id, `${u.name} (${u.id})`, viewer)).join('');
  const chanOpts = channels.map((c) => opt(c.id, c.isIm ? `DM ${c.name}` : `#${c.name}`, channelId)).join('');
  const visible = [...sim.state.messages.filter((m) => m.channel === channelId && !m.deleted), ...sim.ephemeralsFor(viewer, channelId)].sort((a, b) => (a.ts < b.ts ? -1 : 1));
  const timeline = visible.map((m) => renderMessage(m, sim, viewer)).join('\n') || '<p><i>Nothing here yet.</i></p>';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Slack simulator</title></head>
<body style="font-family:sans-serif;max-width:60em;margin:1em auto">
<h2>Slack simulator</h2>${notice ? `<p style="background:#fff3cd;padding:.4em">${esc(notice)}</p>` : ''}
<form method="get" action="/">View as <select name="user">${userOpts}</select> in <select name="channel">${chanOpts}</select> <button>Show</button></form>
<h3>Timeline</h3>${timeline}
<form method="post" action="/ui/command"><input type="hidden" name="user" value="${esc(viewer)}"><input type="hidden" name="channel" value="${esc(channelId)}">
<input name="command" value="/teamviewer" size="12"> <input name="text" size="50" placeholder="start INC0010023" autofocus> <button>Send command</button></form>
<form method="post" action="/ui/mention"><input type="hidden" name="user" value="${esc(viewer)}"><input type="hidden" name="channel" value="${esc(channelId)}">
@bot <input name="text" size="58" placeholder="status INC0010023"> <button>Mention</button></form>
<p><small>${users.length === 0 ? 'No users yet: the sandbox adds them with addUser(). ' : ''}Web API: ${esc(sim.apiUrl)}</small></p>
</body></html>`;
}

function outcome(d: Delivery): string {
  if (d.networkError) return `The bot could not be reached: ${d.networkError}`;
  if (d.timedOut) return 'The bot did not answer within 3 seconds (operation_timeout).';
  return d.status === 200 ? '' : `The bot answered HTTP ${d.status}.`;
}

/** Routes `GET /` and `POST /ui/*`; answers undefined for anything else. */
export function createSandboxPage(getSim: () => SlackSim): (req: SimRequest) => Promise<SimResponse | undefined> {
  return async (req) => {
    if (req.path !== '/' && !req.path.startsWith('/ui/')) return undefined;
    const sim = getSim();
    if (req.method === 'GET' && req.path === '/') return { status: 200, html: page(sim, req.query, req.query.get('notice') ?? '') };
    if (req.method !== 'POST' || !req.path.startsWith('/ui/')) return undefined;
    const f = req.form;
    const user = f.get('user') ?? '';
    const channel = f.get('channel') ?? '';
    const back = (notice: string): SimResponse => ({ status: 302, redirect: `/?${new URLSearchParams({ user, channel, ...(notice ? { notice } : {}) }).toString()}` });
    try {
      if (req.path === '/ui/command') return back(outcome(await sim.sendCommand({ userId: user, channelId: channel, text: f.get('text') ?? '', command: f.get('command') || '/teamviewer' })));
      if (req.path === '/ui/mention') return back(outcome(await sim.sendMention({ userId: user, channelId: channel, text: f.get('text') ?? '' })));
      if (req.path === '/ui/click') {
        const ts = f.get('ts') ?? '';
        const message = f.get('ephemeral') ? sim.state.ephemerals.find((e) => e.channel === channel && e.ts === ts) : sim.state.messages.find((m) => m.channel === channel && m.ts === ts);
        if (!message) return back('That message is gone.');
        return back(outcome(await sim.clickButton({ userId: user, message, actionId: f.get('action') ?? '' })));
      }
      return { status: 404, text: 'not_found' };
    } catch (err: unknown) {
      return back(err instanceof Error ? err.message : String(err));
    }
  };
}
