/**
 * What a Slack client shows for `<!date^epoch^format|fallback>` tokens: each viewer sees the instant in their own
 * zone and locale (chat-platforms.md: date formatting). The simulator applies it so tests and the sandbox page
 * can show a message as a given user sees it.
 */
const TOKEN = /<!date\^(\d+)\^([^|>]*)(?:\^[^|>]*)?\|([^>]*)>/g;

export function renderDateTokens(text: string, viewer: { tz: string; locale?: string }): string {
  const locale = viewer.locale ?? 'en-US';
  return text.replace(TOKEN, (_m, epoch: string, format: string) => {
    const at = new Date(Number(epoch) * 1000);
    const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: viewer.tz, ...o }).format(at);
    return format
      .replace(/\{date_num\}/g, fmt({ year: 'numeric', month: '2-digit', day: '2-digit' }))
      .replace(/\{date_short_pretty\}|\{date_short\}/g, fmt({ month: 'short', day: 'numeric', year: 'numeric' }))
      .replace(/\{date_long_pretty\}|\{date_long\}|\{date_pretty\}|\{date\}/g, fmt({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }))
      .replace(/\{time_secs\}/g, fmt({ hour: 'numeric', minute: '2-digit', second: '2-digit' }))
      .replace(/\{time\}/g, fmt({ hour: 'numeric', minute: '2-digit' }));
  });
}
