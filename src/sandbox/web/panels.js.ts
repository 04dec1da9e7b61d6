/**
 * Browser code shared by the Slack view and the Teams view: the customer's inbox and the ticket journal panels.
 * Same String.raw rules as blocks.js.ts; needs esc() and $() from the page script it is bundled with.
 * Globals it defines: renderInbox, renderJournal.
 */
export const PANELS_JS = String.raw`
function renderInbox(mails) {
  $('inbox').innerHTML = mails.length ? mails.map((m) =>
    '<article class="mail">' +
    '<div class="mail-subject">' + esc(m.subject || '(no subject)') + '</div>' +
    '<dl class="mail-meta"><dt>From</dt><dd>' + esc(m.fromName ? m.fromName + ' <' + m.from + '>' : m.from) + '</dd>' +
    '<dt>To</dt><dd class="mail-to">' + esc(m.to.join(', ')) + '</dd>' +
    (m.cc.length ? '<dt>Cc</dt><dd>' + esc(m.cc.join(', ')) + '</dd>' : '') +
    '<dt>Date</dt><dd>' + esc(new Date(m.receivedAt).toLocaleString()) + '</dd></dl>' +
    '<div class="mail-body">' + esc(m.text) + '</div></article>').join('')
    : '<p class="empty">No e-mail yet. The requester\u2019s invitation arrives here when a session starts.</p>';
}

function renderJournal(itsm, tickets) {
  $('itsm-kind').textContent = '(' + itsm + ')';
  if (!tickets.length) { $('journal').innerHTML = '<p class="empty">No service desk in this sandbox (SANDBOX_ITSM=none).</p>'; return; }
  const withNotes = tickets.filter((t) => t.notes.length);
  $('journal').innerHTML = withNotes.length ? withNotes.map((t) =>
    '<div class="ticket"><div class="ticket-head"><span class="ticket-no">' + esc(t.number) + '</span> ' + esc(t.title) + '</div>' +
    t.notes.map((n) => '<article class="note"><div class="note-kind">Internal note</div><div class="note-body">' + esc(n) + '</div></article>').join('') + '</div>').join('')
    : '<p class="empty">No notes yet. Tickets: ' + tickets.map((t) => esc(t.number)).join(', ') + '.</p>';
}
`;

/** The two panels' markup, the same in both views; PANELS_JS fills #inbox and #journal. */
export const PANELS_HTML = `  <aside class="panels">
    <section class="panel" aria-labelledby="inbox-title">
      <h2 id="inbox-title">Customer inbox <small>(SMTP)</small></h2>
      <div id="inbox" class="panel-body"></div>
    </section>
    <section class="panel" aria-labelledby="journal-title">
      <h2 id="journal-title">Ticket journal <small id="itsm-kind"></small></h2>
      <div id="journal" class="panel-body"></div>
    </section>
  </aside>`;
