/** The Teams view's own stylesheet, on top of the Slack view's (panels, toast, mentions): Teams' rail, list and cards. */
export const TEAMS_CSS = `
body.tm { background: #f5f5f5; font-family: "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif; color: #242424; }
.tm-app { display: grid; grid-template-columns: 68px 260px minmax(440px, 1fr) 380px; height: 100vh; }
.tm-rail { background: #ebebeb; display: flex; flex-direction: column; align-items: center; gap: 4px; padding-top: 10px; border-right: 1px solid #e0e0e0; }
.tm-rail-item { width: 60px; padding: 8px 0; font-size: 11px; text-align: center; color: #616161; border-radius: 6px; }
#rail-teams { color: #5b5fc7; font-weight: 700; background: #fff; }
.tm-rail-slack { margin-top: auto; margin-bottom: 12px; color: #4a154b; font-weight: 700; }
.tm-list { background: #fafafa; display: flex; flex-direction: column; min-height: 0; border-right: 1px solid #e0e0e0; }
.tm-list-head { display: flex; align-items: center; gap: 8px; padding: 14px 16px; font-weight: 700; font-size: 16px; border-bottom: 1px solid #e0e0e0; }
.tm-convs { flex: 1; overflow: auto; padding: 6px 0; }
.tm-list .side-section { color: #616161; font-weight: 600; }
.tm-conv { display: flex; align-items: center; gap: 8px; width: calc(100% - 16px); margin: 2px 8px; border: 0; background: none; font: inherit; font-size: 14px; text-align: left; padding: 6px 8px; border-radius: 6px; cursor: pointer; color: #242424; }
.tm-conv:hover { background: #f0f0f0; }
.tm-conv.active { background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.12); font-weight: 600; }
.tm-conv.unread { font-weight: 700; }
.tm-conv .badge { margin-left: auto; background: #c4314b; color: #fff; border-radius: 9px; padding: 0 7px; font-size: 12px; }
.tm-conv-avatar { flex: none; width: 28px; height: 28px; border-radius: 50%; background: #5b5fc7; color: #fff; font-size: 11px; font-weight: 700; display: flex; align-items: center; justify-content: center; }
.tm-conv-avatar.team { border-radius: 6px; background: #c19c00; }
.tm-back { display: block; margin: 8px 16px; padding: 6px 10px; border-radius: 6px; background: #4a154b; color: #fff; font-size: 13px; font-weight: 700; text-align: center; }
.tm-foot { font-size: 12px; padding: 12px 16px; color: #616161; border-top: 1px solid #e0e0e0; }

.tm-main { display: flex; flex-direction: column; min-height: 0; background: #f5f5f5; border-right: 1px solid #e0e0e0; }
.tm-head { display: flex; align-items: center; gap: 12px; padding: 10px 20px; background: #fff; border-bottom: 1px solid #e0e0e0; }
.tm-head h1 { font-size: 18px; margin: 0; font-weight: 700; }
.tm-title-icon { width: 32px; height: 32px; border-radius: 6px; background: #c19c00; color: #fff; font-weight: 700; font-size: 12px; display: flex; align-items: center; justify-content: center; }
.tm-timeline { flex: 1; overflow-y: auto; padding: 12px 20px 16px; }
.tm-timeline .intro { border: 0; padding: 8px 0 14px; }
.tm-post { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.1); margin-bottom: 14px; }
.tm-replies { border-top: 1px solid #ebebeb; padding-left: 40px; background: #fcfcfc; border-radius: 0 0 6px 6px; }
.tm-msg { display: flex; gap: 10px; padding: 10px 14px; }
.tm-avatar { flex: none; width: 32px; height: 32px; border-radius: 50%; background: #8f6fb8; color: #fff; font-weight: 700; font-size: 12px; display: flex; align-items: center; justify-content: center; }
.tm-msg.bot .tm-avatar { background: #0e72ed; border-radius: 6px; }
.tm-bubble { flex: 1; min-width: 0; }
.tm-msg-head { display: flex; align-items: baseline; gap: 8px; font-size: 13px; margin-bottom: 2px; }
.tm-msg-head .author { font-weight: 700; }
.tm-text p, .ac-text p { margin: 0 0 4px; overflow-wrap: anywhere; }
.tm-timeline > .tm-msg { max-width: 760px; }
.tm-timeline > .tm-msg .tm-bubble { background: #fff; border-radius: 6px; padding: 8px 12px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.tm-timeline > .tm-msg.mine { margin-left: auto; flex-direction: row-reverse; }
.tm-timeline > .tm-msg.mine .tm-bubble { background: #e8ebfa; }
.tm-timeline > .tm-msg.mine .tm-avatar { display: none; }

.ac-card { border: 1px solid #e0e0e0; border-radius: 6px; padding: 12px 14px; margin: 6px 0 2px; background: #fff; max-width: 640px; }
.ac-text { margin: 2px 0 6px; font-size: 14px; }
.ac-size-medium { font-size: 17px; }
.ac-size-large { font-size: 20px; }
.ac-size-small { font-size: 12px; }
.ac-weight-bolder { font-weight: 700; }
.ac-subtle { color: #616161; }
.ac-container { margin: 0 0 8px; }
.ac-style-emphasis { background: #f5f5f5; margin: -12px -14px 10px; padding: 10px 14px; border-radius: 6px 6px 0 0; }
.ac-style-good { background: #e7f2da; margin: -12px -14px 10px; padding: 10px 14px; border-radius: 6px 6px 0 0; }
.ac-style-warning { background: #fbf6d9; margin: -12px -14px 10px; padding: 10px 14px; border-radius: 6px 6px 0 0; }
.ac-style-attention { background: #fcf4f6; margin: -12px -14px 10px; padding: 10px 14px; border-radius: 6px 6px 0 0; }
.ac-card > .ac-container:last-child { margin-bottom: -12px; border-radius: 6px; }
.ac-facts { border-collapse: collapse; margin: 4px 0 8px; font-size: 14px; }
.ac-facts th { text-align: left; font-weight: 700; padding: 2px 16px 2px 0; vertical-align: top; white-space: nowrap; }
.ac-facts td { padding: 2px 0; overflow-wrap: anywhere; }
.ac-facts p { margin: 0; }
.ac-columns { display: flex; gap: 12px; }
.ac-column { flex: 1 1 0; min-width: 0; }
.ac-column.ac-auto { flex: 0 0 auto; }
.ac-image { max-width: 100%; }
.ac-image-off, .ac-unknown { color: #616161; font-style: italic; }
.ac-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 2px; }
.ac-btn { font: inherit; font-size: 14px; font-weight: 600; border: 1px solid #d1d1d1; background: #fff; color: #242424; border-radius: 4px; padding: 5px 12px; cursor: pointer; }
.ac-btn:hover { background: #f5f5f5; }
.ac-btn.positive { background: #5b5fc7; border-color: #5b5fc7; color: #fff; }
.ac-btn.destructive { color: #c4314b; border-color: #c4314b; }
.ac-btn.open { background: #ebebeb; }
.ac-btn .ext { font-weight: 400; margin-left: 4px; opacity: .7; }
.ac-showcard { border-top: 1px solid #ebebeb; margin-top: 10px; padding-top: 10px; }
.tm .mention { background: none; color: #5b5fc7; font-weight: 600; padding: 0; }

.tm-composer { display: flex; gap: 8px; margin: 0 20px; background: #fff; border: 1px solid #d1d1d1; border-bottom: 2px solid #5b5fc7; border-radius: 6px; padding: 8px; }
.tm-composer input { flex: 1; border: 0; font: inherit; outline: none; }
.tm-send { border: 0; background: #5b5fc7; color: #fff; font-weight: 700; border-radius: 4px; padding: 4px 14px; cursor: pointer; }
`;
