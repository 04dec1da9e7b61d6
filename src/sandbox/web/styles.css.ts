/** The sandbox page's stylesheet: a chat client's three columns plus the inbox and journal panels. */
export const STYLES_CSS = `
:root { --side: #3f0e40; --side-hi: #1164a3; --line: #e3e3e3; --muted: #616061; --link: #1264a3; --green: #007a5a; --red: #e01e5a; }
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { font: 15px/1.46 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d1c1d; background: #fff; }
code { font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f6f6; border: 1px solid #e8e8e8; border-radius: 3px; padding: 1px 3px; color: #e01e5a; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
.app { display: grid; grid-template-columns: 240px minmax(420px, 1fr) 380px; height: 100vh; }

.sidebar { background: var(--side); color: #cfc3cf; display: flex; flex-direction: column; min-height: 0; }
.ws { padding: 14px 16px 12px; border-bottom: 1px solid #5d2c5d; }
.ws-name { color: #fff; font-weight: 800; font-size: 17px; }
.ws-me { font-size: 13px; display: flex; align-items: center; gap: 6px; }
.presence { display: inline-block; width: 9px; height: 9px; border-radius: 50%; background: #2bac76; margin-right: 6px; }
.channels { flex: 1; overflow: auto; padding: 8px 0; }
.side-section { padding: 10px 16px 4px; font-size: 13px; opacity: .85; }
.chan { display: flex; align-items: center; width: 100%; border: 0; background: none; color: inherit; font: inherit; text-align: left; padding: 4px 16px 4px 24px; cursor: pointer; gap: 4px; }
.chan:hover { background: #350d36; }
.chan.active { background: var(--side-hi); color: #fff; }
.chan.unread { color: #fff; font-weight: 700; }
.chan .hash { opacity: .7; margin-right: 4px; }
.chan .badge { margin-left: auto; background: var(--red); color: #fff; border-radius: 9px; padding: 0 7px; font-size: 12px; font-weight: 700; }
.view-link { display: block; margin: 8px 16px; padding: 6px 10px; border-radius: 6px; background: #5b5fc7; color: #fff; font-size: 13px; font-weight: 700; text-align: center; }
.view-link[hidden] { display: none; }
.sidebar-foot { font-size: 12px; padding: 12px 16px; border-top: 1px solid #5d2c5d; opacity: .8; }

.chat { display: flex; flex-direction: column; min-height: 0; border-right: 1px solid var(--line); }
.chat-head { display: flex; align-items: baseline; gap: 12px; padding: 12px 20px; border-bottom: 1px solid var(--line); }
.chat-head h1 { font-size: 18px; margin: 0; font-weight: 800; }
.chat-sub { color: var(--muted); font-size: 13px; }
.conn { margin-left: auto; font-size: 12px; color: var(--muted); }
.conn.ok::before { content: "● "; color: #2bac76; }
.conn.down { color: var(--red); }
.timeline { flex: 1; overflow-y: auto; padding: 8px 0 16px; }
.intro { color: var(--muted); padding: 12px 20px 16px; font-size: 14px; border-bottom: 1px solid #f2f2f2; margin-bottom: 6px; }

.msg { display: flex; gap: 10px; padding: 8px 20px; }
.msg:hover { background: #f8f8f8; }
.msg.eph { background: #f4f8fb; border-left: 3px solid #1d9bd1; }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #7c6a8b; color: #fff; font-weight: 700; font-size: 13px; display: flex; align-items: center; justify-content: center; }
.avatar.bot { background: #0e8ee9; }
.msg-main { flex: 1; min-width: 0; }
.msg-head { display: flex; align-items: baseline; gap: 6px; }
.author { font-weight: 900; }
.app-badge { font-size: 10px; font-weight: 700; background: #e8e8e8; color: #616061; border-radius: 2px; padding: 0 4px; }
.msg-time, .edited { color: var(--muted); font-size: 12px; }
.eph-note { color: var(--muted); font-size: 12px; margin-bottom: 2px; }
.eph-note::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; border: 2px solid #1d9bd1; margin-right: 6px; vertical-align: middle; }
.thread { margin-top: 6px; border-left: 2px solid #ddd; padding-left: 4px; }
.thread .msg { padding: 4px 8px; }
.thread .avatar { width: 24px; height: 24px; font-size: 10px; }
.thread-count { color: var(--link); font-size: 13px; font-weight: 700; padding: 2px 8px; }

.bk-text, .bk-field { white-space: pre-wrap; overflow-wrap: anywhere; }
.bk-header { font-size: 18px; font-weight: 800; margin: 4px 0 6px; }
.bk-section { display: flex; gap: 12px; margin: 4px 0; }
.bk-section-main { flex: 1; min-width: 0; }
.bk-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 6px; }
.bk-context { display: flex; flex-wrap: wrap; gap: 8px; color: var(--muted); font-size: 13px; margin: 6px 0; }
.bk-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.bk-divider { border: 0; border-top: 1px solid var(--line); margin: 8px 0; }
.bk-unknown, .bk-image { color: var(--muted); font-style: italic; }
.bk-btn { font: inherit; font-size: 14px; font-weight: 700; border: 1px solid #bbb; background: #fff; color: #1d1c1d; border-radius: 4px; padding: 4px 12px; cursor: pointer; }
.bk-btn:hover { background: #f6f6f6; }
.bk-btn.primary { background: var(--green); border-color: var(--green); color: #fff; }
.bk-btn.danger { background: #fff; border-color: var(--red); color: var(--red); }
.bk-btn .ext { font-weight: 400; margin-left: 4px; opacity: .7; }
.mention { background: #e8f5fa; color: var(--link); border-radius: 3px; padding: 0 2px; }
.mention-me { background: #fff2c0; color: #8a6100; }
time { border-bottom: 1px dotted #aaa; }

.composer { display: flex; gap: 8px; margin: 0 20px; border: 1px solid #bbb; border-radius: 8px; padding: 8px; }
.composer input { flex: 1; border: 0; font: inherit; outline: none; }
.composer .send { border: 0; background: var(--green); color: #fff; font-weight: 700; border-radius: 4px; padding: 4px 14px; cursor: pointer; }
.hint { color: var(--muted); font-size: 12px; padding: 6px 20px 12px; }

.panels { display: flex; flex-direction: column; background: #f8f8f8; min-height: 0; }
.panel { flex: 1; display: flex; flex-direction: column; min-height: 0; border-bottom: 1px solid var(--line); }
.panel h2 { font-size: 15px; margin: 0; padding: 12px 16px; border-bottom: 1px solid var(--line); background: #fff; }
.panel h2 small { color: var(--muted); font-weight: 400; }
.panel-body { flex: 1; overflow-y: auto; padding: 10px 12px; }
.empty { color: var(--muted); font-size: 13px; }
.mail, .note { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin-bottom: 10px; font-size: 13px; }
.mail-subject { font-weight: 700; font-size: 14px; margin-bottom: 4px; }
.mail-meta { display: grid; grid-template-columns: auto 1fr; gap: 0 8px; margin: 0 0 6px; color: var(--muted); }
.mail-meta dt { font-weight: 600; }
.mail-meta dd { margin: 0; overflow-wrap: anywhere; }
.mail-body, .note-body { white-space: pre-wrap; overflow-wrap: anywhere; }
.ticket-head { font-weight: 700; font-size: 13px; margin: 4px 0 6px; }
.ticket-no { background: #1d1c1d; color: #fff; border-radius: 3px; padding: 0 5px; }
.note { border-left: 3px solid #e8912d; }
.note-kind { color: #a35a00; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }

.toast { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); max-width: 640px; background: #1d1c1d; color: #fff; padding: 10px 16px; border-radius: 6px; font-size: 14px; box-shadow: 0 4px 12px rgba(0,0,0,.25); cursor: pointer; }
.toast.error { background: #a3123f; }
.confirm { border: 0; border-radius: 8px; padding: 20px 24px; width: 420px; box-shadow: 0 18px 48px rgba(0,0,0,.35); }
.confirm::backdrop { background: rgba(0,0,0,.45); }
.confirm h3 { margin: 0 0 8px; font-size: 20px; }
.confirm-actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 20px; }
.confirm .bk-btn.danger { background: var(--red); color: #fff; }
`;
