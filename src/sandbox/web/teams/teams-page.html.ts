import { PANELS_HTML } from '../panels.js.js';

/**
 * The Teams view's static shell; /sandbox/teams/app.js fills it from /sandbox/teams/api/state. It shares the Slack
 * view's stylesheet for the inbox, journal and toast, and adds its own for the Teams look.
 */
export const TEAMS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>TeamViewer ChatOps · sandbox · Microsoft Teams</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/sandbox/app.css">
<link rel="stylesheet" href="/sandbox/teams/app.css">
<script src="/sandbox/teams/app.js" defer></script>
</head>
<body class="tm">
<div class="tm-app">
  <nav class="tm-rail" aria-label="Apps">
    <span class="tm-rail-item">Activity</span>
    <span class="tm-rail-item" id="rail-chat">Chat</span>
    <span class="tm-rail-item" id="rail-teams">Teams</span>
    <a class="tm-rail-item tm-rail-slack" href="/sandbox" title="Back to the Slack view">Slack view</a>
  </nav>
  <aside class="tm-list" aria-label="Teams and chats">
    <div class="tm-list-head"><span id="me-name">…</span><span class="presence"></span></div>
    <nav id="conversations" class="tm-convs" aria-label="Conversations"></nav>
    <a class="tm-back" href="/sandbox">Back to the Slack view</a>
    <div class="tm-foot">Sandbox: simulated Teams, TeamViewer, service desk and e-mail on this machine. Nothing leaves it.</div>
  </aside>
  <main class="tm-main">
    <header class="tm-head">
      <div class="tm-title-icon" id="title-icon" aria-hidden="true">IT</div>
      <div><h1 id="chat-title">Helpdesk</h1><div id="chat-sub" class="chat-sub"></div></div>
      <span id="conn" class="conn" title="Connection to the sandbox">connecting…</span>
    </header>
    <div id="timeline" class="tm-timeline" role="log" aria-live="polite"></div>
    <form id="composer-form" class="tm-composer" autocomplete="off">
      <input id="composer" name="text" aria-label="Message" placeholder="Start a post">
      <button type="submit" class="tm-send" aria-label="Send">Send</button>
    </form>
    <div id="hint" class="hint"></div>
  </main>
${PANELS_HTML}
</div>
<div id="toast" class="toast" role="status" hidden></div>
</body>
</html>
`;
