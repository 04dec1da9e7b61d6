/**
 * Browser code of the Teams view: polls /sandbox/teams/api/state, renders the rail, the channel's posts with their
 * reply threads or the 1:1 chat, the inbox and the journal, and sends what Beth types or presses to
 * /sandbox/teams/api/message and /sandbox/teams/api/action. Served as /sandbox/teams/app.js with the card renderer
 * (cards.js.ts) and the shared panels (../panels.js.ts). Same String.raw rules as there.
 */
import { PAGE_KIT_JS } from '../page-kit.js.js';
import { PANELS_JS } from '../panels.js.js';
import { CARDS_JS } from './cards.js.js';

const APP_JS = String.raw`
const STATE_URL = '/sandbox/teams/api/state';
const ui = { data: null, version: '', conv: '', seen: {}, actions: [], open: {}, refreshing: null };

function convOf(id) { return ui.data ? ui.data.conversations.find((c) => c.id === id) : undefined; }
function initials(name) {
  const words = String(name).trim().split(/\s+/);
  return (words.length > 1 ? words.map((w) => w.charAt(0)).join('') : words[0]).slice(0, 2).toUpperCase();
}
function clock(iso) { return new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }); }

/** What a person typed: shown as typed, only the bot mention Teams put in is highlighted. */
function userText(text) {
  return '<p>' + esc(text.trim()).replace(/&lt;at&gt;([^&]{1,200})&lt;\/at&gt;/g, '<span class="mention">$1</span>').replace(/\n/g, '<br>') + '</p>';
}

function messageHtml(m) {
  const ctx = { msg: m, actions: ui.actions, open: ui.open };
  const mine = !m.bot && m.author === ui.data.me.name;
  const text = m.text ? '<div class="tm-text">' + (m.bot ? cardMarkdown(m.text) : userText(m.text)) + '</div>' : '';
  const cards = m.cards.map((c) => renderCard(c, ctx)).join('');
  return '<div class="tm-msg' + (m.bot ? ' bot' : '') + (mine ? ' mine' : '') + '" data-id="' + esc(m.id) + '">' +
    '<div class="tm-avatar" aria-hidden="true">' + esc(m.bot ? 'TV' : initials(m.author)) + '</div>' +
    '<div class="tm-bubble"><div class="tm-msg-head"><span class="author">' + esc(m.author) + '</span>' +
    (m.bot ? '<span class="app-badge">Bot</span>' : '') + '<span class="msg-time">' + esc(clock(m.postedAt)) + '</span>' +
    (m.edited ? '<span class="edited">Edited</span>' : '') + '</div>' + text + cards + '</div></div>';
}

function renderConversations() {
  const item = (c) => {
    const unread = c.id === ui.conv ? 0 : c.messages.length - (ui.seen[c.id] || 0);
    const label = c.kind === 'chat' ? '<span class="tm-conv-avatar">TV</span>' + esc(c.name) : '<span class="tm-conv-avatar team">' + esc(initials(c.team || 'T')) + '</span>' + esc(c.team || '') + ' \u203a ' + esc(c.name);
    return '<button type="button" class="tm-conv' + (c.id === ui.conv ? ' active' : '') + (unread > 0 ? ' unread' : '') + '" data-conv="' + esc(c.id) + '">' + label +
      (unread > 0 ? '<span class="badge">' + unread + '</span>' : '') + '</button>';
  };
  const section = (title, kind) => '<div class="side-section">' + title + '</div>' + ui.data.conversations.filter((c) => c.kind === kind).map(item).join('');
  $('conversations').innerHTML = section('Teams', 'channel') + section('Chat', 'chat');
}

function ticketHint() {
  const j = ui.data.journal;
  return j.length ? j[0].number : 'CASE-1 abel.tuter@example.com';
}

function renderTimeline(switched) {
  const c = convOf(ui.conv);
  const tl = $('timeline');
  const atBottom = tl.scrollHeight - tl.scrollTop - tl.clientHeight < 60;
  ui.actions.length = 0;
  let html;
  if (c.kind === 'channel') {
    const posts = c.messages.filter((m) => !m.threadRootId || m.threadRootId === m.id || !c.messages.some((p) => p.id === m.threadRootId));
    html = posts.map((p) => {
      const replies = c.messages.filter((r) => r.threadRootId === p.id && r.id !== p.id);
      return '<article class="tm-post">' + messageHtml(p) + (replies.length ? '<div class="tm-replies">' + replies.map(messageHtml).join('') + '</div>' : '') + '</article>';
    }).join('');
  } else {
    html = c.messages.map(messageHtml).join('');
  }
  const intro = c.kind === 'chat'
    ? '<div class="intro">Your chat with the <b>TeamViewer</b> bot. One-time links come here; plain words work as commands (try <code>help</code>).</div>'
    : '<div class="intro">Welcome to <b>' + esc(c.name) + '</b> in team ' + esc(c.team || '') + '. Post <code>@TeamViewer start ' + esc(ticketHint()) + '</code> below.</div>';
  tl.innerHTML = intro + html;
  ui.seen[c.id] = c.messages.length;
  if (switched || atBottom) tl.scrollTop = tl.scrollHeight;
  $('chat-title').textContent = c.name;
  $('title-icon').textContent = c.kind === 'chat' ? 'TV' : initials(c.team || 'T');
  $('chat-sub').textContent = c.kind === 'chat' ? 'Bot · 1:1 chat' : 'Team ' + (c.team || '') + ' · Posts';
  $('composer').placeholder = c.kind === 'chat' ? 'Type a message (e.g. start ' + ticketHint() + ')' : 'Start a post (try @TeamViewer start ' + ticketHint() + ')';
}

function render(switched) {
  $('me-name').textContent = ui.data.me.name;
  if (!convOf(ui.conv)) ui.conv = ui.data.conversations[0].id;
  renderTimeline(switched);
  renderConversations();
  renderInbox(ui.data.inbox);
  renderJournal(ui.data.itsm, ui.data.journal);
  $('hint').innerHTML = 'You are <b>' + esc(ui.data.me.name) + '</b>. In the channel: <code>@TeamViewer start|status|close|share|connect|logs|report|help</code>; in the chat the words alone. Enter sends.';
}

/** A card action, as Teams does it: OpenUrl opens (here: only local pages), ShowCard unfolds, the rest go to the bot. */
function press(entry) {
  const { a, msg, key } = entry;
  if (a.type === 'Action.ShowCard') { ui.open[key] = !ui.open[key]; render(false); return; }
  if (a.type === 'Action.OpenUrl') {
    if (isLocal(a.url)) window.open(a.url, '_blank', 'noopener');
    else toast('Sandbox: "' + a.title + '" would open ' + hostOf(a.url) + '. The link is simulated, so it stays closed.');
    return;
  }
  if (a.type !== 'Action.Execute' && a.type !== 'Action.Submit') { toast('Sandbox: ' + a.type + ' is not simulated.'); return; }
  Object.keys(ui.open).forEach((k) => { if (k.startsWith(msg.id + '#')) delete ui.open[k]; });
  const body = a.type === 'Action.Execute' ? { messageId: msg.id, kind: 'execute', verb: a.verb || '', data: a.data || {} } : { messageId: msg.id, kind: 'submit', data: a.data || {} };
  post('/sandbox/teams/api/action', body);
}

function wire() {
  $('conversations').addEventListener('click', (ev) => {
    const btn = ev.target.closest('button[data-conv]');
    if (!btn || !ui.data) return;
    ui.conv = btn.dataset.conv;
    render(true);
    $('composer').focus();
  });
  $('timeline').addEventListener('click', (ev) => {
    const link = ev.target.closest('a[href]');
    if (link && !isLocal(link.href)) {
      ev.preventDefault();
      toast('Sandbox: this link leads to ' + hostOf(link.href) + ', outside this machine, so it is not opened.');
      return;
    }
    const btn = ev.target.closest('button[data-action]');
    const entry = btn ? ui.actions[Number(btn.dataset.action)] : undefined;
    if (entry) press(entry);
  });
  $('toast').addEventListener('click', () => { $('toast').hidden = true; });
  $('composer-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = $('composer');
    const text = input.value.trim();
    if (!text || !ui.conv) return;
    input.value = '';
    post('/sandbox/teams/api/message', { conversation: ui.conv, text: text });
  });
}

wire();
loop();
$('composer').focus();
`;

export const TEAMS_CLIENT_JS = `'use strict';\n(() => {\n${CARDS_JS}\n${PAGE_KIT_JS}\n${PANELS_JS}\n${APP_JS}\n})();\n`;
