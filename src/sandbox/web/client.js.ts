/**
 * Browser code of the sandbox page: polls /sandbox/api/state, renders the sidebar, the timeline, the inbox and
 * the journal, and sends what Beth types or clicks to /sandbox/api/command and /sandbox/api/click. Served as
 * /sandbox/app.js together with the Block Kit renderer (blocks.js.ts). Same String.raw rules as there.
 */
import { BLOCKS_JS } from './blocks.js.js';
import { PAGE_KIT_JS } from './page-kit.js.js';
import { PANELS_JS } from './panels.js.js';

const APP_JS = String.raw`
const STATE_URL = '/sandbox/api/state';
const ui = { data: null, version: '', channel: '', seen: {}, buttons: [], refreshing: null };

function channelOf(id) { return ui.data ? ui.data.channels.find((c) => c.id === id) : undefined; }
function countAll(c) { return c.messages.length; }

function authorName(m) { return ui.data.users[m.user] || m.user; }
function initials(name) { return name.split(/\s+/).map((w) => w.charAt(0)).join('').slice(0, 2).toUpperCase(); }
function clock(ts) { return new Date(Number(ts.split('.')[0]) * 1000).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }); }

function messageHtml(m, replies) {
  const ctx = { users: ui.data.users, me: ui.data.me.id, msg: m, buttons: ui.buttons };
  const name = authorName(m);
  const body = m.blocks && m.blocks.length ? renderBlocks(m.blocks, ctx) : '<div class="bk-text">' + mrkdwn(m.text, ctx) + '</div>';
  const badge = m.bot && m.user !== 'USLACKBOT' ? '<span class="app-badge">APP</span>' : '';
  const eph = m.ephemeral ? '<div class="eph-note">Only visible to you</div>' : '';
  const thread = replies.length
    ? '<div class="thread"><div class="thread-count">' + replies.length + (replies.length === 1 ? ' reply' : ' replies') + '</div>' + replies.map((r) => messageHtml(r, [])).join('') + '</div>'
    : '';
  return '<div class="msg' + (m.ephemeral ? ' eph' : '') + '" data-ts="' + esc(m.ts) + '">' +
    '<div class="avatar' + (m.bot ? ' bot' : '') + '" aria-hidden="true">' + esc(m.bot && m.user !== 'USLACKBOT' ? 'TV' : initials(name)) + '</div>' +
    '<div class="msg-main">' + eph +
    '<div class="msg-head"><span class="author">' + esc(name) + '</span>' + badge +
    '<span class="msg-time">' + esc(clock(m.ts)) + '</span>' + (m.edited ? '<span class="edited">(edited)</span>' : '') + '</div>' +
    '<div class="msg-body">' + body + '</div>' + thread + '</div></div>';
}

function renderChannels() {
  const nav = $('channels');
  const section = (title, kind) => {
    const items = ui.data.channels.filter((c) => c.kind === kind).map((c) => {
      const unread = c.id === ui.channel ? 0 : countAll(c) - (ui.seen[c.id] || 0);
      const label = kind === 'dm' ? '<span class="presence"></span>' + esc(c.name) + ' <span class="app-badge">APP</span>' : '<span class="hash">#</span>' + esc(c.name);
      return '<button type="button" class="chan' + (c.id === ui.channel ? ' active' : '') + (unread > 0 ? ' unread' : '') + '" data-channel="' + esc(c.id) + '">' +
        label + (unread > 0 ? '<span class="badge">' + unread + '</span>' : '') + '</button>';
    }).join('');
    return '<div class="side-section">' + title + '</div>' + items;
  };
  nav.innerHTML = section('Channels', 'channel') + section('Direct messages', 'dm');
}

function renderTimeline(switched) {
  const c = channelOf(ui.channel);
  const tl = $('timeline');
  const atBottom = tl.scrollHeight - tl.scrollTop - tl.clientHeight < 60;
  ui.buttons = [];
  const tops = c.messages.filter((m) => !m.threadTs || m.threadTs === m.ts || !c.messages.some((p) => p.ts === m.threadTs));
  const html = tops.map((m) => messageHtml(m, c.messages.filter((r) => r.threadTs === m.ts && r.ts !== m.ts))).join('');
  const intro = c.kind === 'dm'
    ? '<div class="intro">This is your direct message with the <b>TeamViewer</b> app. One-time links come here; plain words work as commands (try <code>help</code>).</div>'
    : '<div class="intro">This is the very beginning of <b>#' + esc(c.name) + '</b>. Type <code>/teamviewer start ' + esc(ticketHint()) + '</code> below.</div>';
  tl.innerHTML = intro + html;
  ui.seen[c.id] = countAll(c);
  if (switched || atBottom) tl.scrollTop = tl.scrollHeight;
  $('chat-title').textContent = c.kind === 'dm' ? c.name : '# ' + c.name;
  $('chat-sub').textContent = c.kind === 'dm' ? 'App · direct messages with the bot' : 'Beth Anglin, Fred Luddy and the TeamViewer app';
  $('composer').placeholder = c.kind === 'dm' ? 'Message ' + c.name + ' (e.g. status)' : 'Message #' + c.name + ' (try /teamviewer start ' + ticketHint() + ')';
}

function ticketHint() {
  const j = ui.data.journal;
  return j.length ? j[0].number : 'CASE-1 abel.tuter@example.com';
}

function render(switched) {
  $('ws-name').textContent = ui.data.workspace;
  $('me-name').textContent = ui.data.me.name;
  if (!channelOf(ui.channel)) ui.channel = ui.data.channels[0].id;
  renderTimeline(switched);
  renderChannels();
  renderInbox(ui.data.inbox);
  renderJournal(ui.data.itsm, ui.data.journal);
  $('teams-link').hidden = !ui.data.teamsView;
  $('hint').innerHTML = 'You are <b>' + esc(ui.data.me.name) + '</b>. Commands: <code>/teamviewer start|status|close|share|connect|logs|report|help</code>. Enter sends.';
}

function confirmDialog(c) {
  return new Promise((resolve) => {
    const d = $('confirm');
    $('confirm-title').textContent = (c.title && c.title.text) || 'Are you sure?';
    $('confirm-text').textContent = (c.text && c.text.text) || '';
    $('confirm-ok').textContent = (c.confirm && c.confirm.text) || 'Yes';
    $('confirm-deny').textContent = (c.deny && c.deny.text) || 'Cancel';
    $('confirm-ok').className = 'bk-btn ' + (c.style === 'danger' ? 'danger' : 'primary');
    d.returnValue = '';
    d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true });
    d.showModal();
  });
}

/** A button press, as Slack does it: URL buttons open the link and still send block_actions to the app. */
function press(b) {
  const { el, msg } = b;
  if (el.url) {
    if (isLocal(el.url)) window.open(el.url, '_blank', 'noopener');
    else toast('Sandbox: "' + el.text.text + '" would open ' + hostOf(el.url) + '. The link is simulated, so it stays closed.');
  }
  return post('/sandbox/api/click', { channel: ui.channel, ts: msg.ts, ephemeral: msg.ephemeral, actionId: el.action_id });
}

function wire() {
  $('channels').addEventListener('click', (ev) => {
    const btn = ev.target.closest('button[data-channel]');
    if (!btn || !ui.data) return;
    ui.channel = btn.dataset.channel;
    render(true);
    $('composer').focus();
  });
  $('timeline').addEventListener('click', (ev) => {
    const a = ev.target.closest('a[href]');
    if (a && !isLocal(a.href)) {
      ev.preventDefault();
      toast('Sandbox: this link leads to ' + hostOf(a.href) + ', outside this machine, so it is not opened.');
      return;
    }
    const btn = ev.target.closest('button[data-button]');
    if (!btn) return;
    const b = ui.buttons[Number(btn.dataset.button)];
    if (!b) return;
    if (b.el.confirm) confirmDialog(b.el.confirm).then((ok) => { if (ok) press(b); });
    else press(b);
  });
  $('toast').addEventListener('click', () => { $('toast').hidden = true; });
  $('confirm-ok').addEventListener('click', () => $('confirm').close('ok'));
  $('confirm-deny').addEventListener('click', () => $('confirm').close('deny'));
  $('composer-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = $('composer');
    const text = input.value.trim();
    if (!text || !ui.channel) return;
    input.value = '';
    post('/sandbox/api/command', { channel: ui.channel, text: text });
  });
}

wire();
loop();
$('composer').focus();
`;

export const CLIENT_JS = `'use strict';\n(() => {\n${BLOCKS_JS}\n${PAGE_KIT_JS}\n${PANELS_JS}\n${APP_JS}\n})();\n`;
