import { PANELS_HTML } from './panels.js.js';

/**
 * The sandbox page's static shell; /sandbox/app.js fills it from /sandbox/api/state. Kept as a TS string so
 * `npm run build` (tsc only) ships it in dist/ with the rest of the sandbox.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>TeamViewer ChatOps · sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/sandbox/app.css">
<script src="/sandbox/app.js" defer></script>
</head>
<body>
<div class="app">
  <aside class="sidebar" aria-label="Workspace">
    <div class="ws">
      <div class="ws-name" id="ws-name">sim-helpdesk</div>
      <div class="ws-me"><span class="presence"></span><span id="me-name">…</span></div>
    </div>
    <nav id="channels" class="channels" aria-label="Conversations"></nav>
    <a id="teams-link" class="view-link" href="/sandbox/teams" hidden>Switch to the Microsoft Teams view</a>
    <div class="sidebar-foot">Sandbox: simulated Slack, TeamViewer, service desk and e-mail on this machine. Nothing leaves it.</div>
  </aside>
  <main class="chat">
    <header class="chat-head">
      <h1 id="chat-title">#&nbsp;helpdesk</h1>
      <span id="chat-sub" class="chat-sub"></span>
      <span id="conn" class="conn" title="Connection to the sandbox">connecting…</span>
    </header>
    <div id="timeline" class="timeline" role="log" aria-live="polite"></div>
    <form id="composer-form" class="composer" autocomplete="off">
      <input id="composer" name="text" aria-label="Message" placeholder="Message #helpdesk">
      <button type="submit" class="send" aria-label="Send">Send</button>
    </form>
    <div id="hint" class="hint"></div>
  </main>
${PANELS_HTML}
</div>
<div id="toast" class="toast" role="status" hidden></div>
<dialog id="confirm" class="confirm">
  <h3 id="confirm-title"></h3>
  <p id="confirm-text"></p>
  <div class="confirm-actions">
    <button type="button" id="confirm-deny" class="bk-btn"></button>
    <button type="button" id="confirm-ok" class="bk-btn danger"></button>
  </div>
</dialog>
</body>
</html>
`;
