/**
 * Browser code shared by the Slack view and the Teams view: element lookup, links that stay on this machine, toasts,
 * JSON POSTs, and the poll of the view's state endpoint. Same String.raw rules as blocks.js.ts. The page script it
 * is bundled with defines STATE_URL, the `ui` object (data, version, refreshing) and render(switched).
 */
export const PAGE_KIT_JS = String.raw`
const POLL_MS = 700;
const $ = (id) => document.getElementById(id);

// http(s) only: javascript://127.0.0.1/%0A… has that hostname too, and window.open would run it.
function isLocal(url) {
  try {
    const u = new URL(url, location.href);
    return (u.protocol === 'http:' || u.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch (e) { return false; }
}

// Only the host: supporter links carry a service-queue token that has no business in screenshots.
function hostOf(url) {
  try { return new URL(url).host; } catch (e) { return 'another site'; }
}

let toastTimer = 0;
function toast(text, tone) {
  const t = $('toast');
  t.textContent = text;
  t.className = 'toast' + (tone ? ' ' + tone : '');
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
}

async function post(path, body) {
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) toast(answer.error || ('The sandbox answered HTTP ' + res.status), 'error');
    else if (answer.notice) toast(answer.notice, answer.ok ? '' : 'error');
  } catch (e) {
    toast('The sandbox is not reachable: is npm run sandbox still running?', 'error');
  }
  refresh();
}

function setConn(ok) {
  const c = $('conn');
  c.textContent = ok ? 'live' : 'offline';
  c.className = 'conn' + (ok ? ' ok' : ' down');
}

function refresh() {
  if (ui.refreshing) return ui.refreshing;
  ui.refreshing = (async () => {
    try {
      const res = await fetch(STATE_URL + '?since=' + encodeURIComponent(ui.version), { cache: 'no-store' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const body = await res.json();
      setConn(true);
      if (!body.unchanged) { ui.data = body; ui.version = body.version; render(false); }
      // Which state is on screen: lets a reader (or the browser test) tell whether the page caught up.
      document.body.dataset.version = ui.version;
    } catch (e) {
      setConn(false);
    } finally {
      ui.refreshing = null;
    }
  })();
  return ui.refreshing;
}

async function loop() {
  await refresh();
  setTimeout(loop, POLL_MS);
}
`;
