/** Entry point of the Slack simulator (style.md §3.10). */
export * from './slack.simulator.js';
export { renderDateTokens } from './date-tokens.js';
