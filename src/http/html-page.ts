/** Minimal self-contained pages for the browser steps of linking; no scripts, nothing external. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function page(title: string, paragraphs: string[], tone: 'ok' | 'error' = 'ok', lang = 'en'): string {
  const colour = tone === 'ok' ? '#0e8a16' : '#b60205';
  return `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · TeamViewer ChatOps</title>
<style>body{font-family:system-ui,Segoe UI,Helvetica,Arial,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d1d1f;line-height:1.5}h1{font-size:1.4rem;color:${colour}}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}</style>
</head><body><h1>${esc(title)}</h1>${paragraphs.map((p) => `<p>${esc(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`).join('')}</body></html>`;
}
