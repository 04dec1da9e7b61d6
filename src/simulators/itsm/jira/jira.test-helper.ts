/** Test-only: a tiny HTTP client against a running Jira simulator. */
import type { JiraSim } from './jira.simulator.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // Parsed JSON bodies are open-ended vendor shapes; tests read them field by field.
  body: Record<string, unknown>;
}

export function basic(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}

export async function call(sim: JiraSim, path: string, init: { method?: string; body?: unknown; auth?: string | null } = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const auth = init.auth === undefined ? basic(sim.env.JIRA_EMAIL ?? '', sim.env.JIRA_API_TOKEN ?? '') : init.auth;
  if (auth !== null) headers.authorization = auth;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  return { status: res.status, headers: res.headers, text, body };
}
