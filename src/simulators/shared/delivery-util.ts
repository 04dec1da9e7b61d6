/** Small helpers the simulators' delivery code shares (Slack → bot, Teams → bot). */

/** The body as JSON when it looks like JSON (object, array or string), else undefined. */
export function tryJson(text: string): unknown {
  if (!/^\s*[[{"]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A network error in one line, with its cause (undici hides the useful part there). */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
