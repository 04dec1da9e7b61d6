/** Helpers for the scheduled-job integration tests: run a job the way the scheduler and the CLI do, fake TeamViewer-side events. */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { JobName, JobReport } from '../../src/core/jobs/job.js';
import type { SessionMarker } from '../../src/core/ports/remote-support.port.js';
import type { Stack } from '../../src/sandbox/stack.js';
import type { PostedMessage, TvSession } from '../../src/simulators/index.js';
import { encodeMarker } from '../../src/teamviewer/teamviewer.mapping.js';
import { agentKeyOf } from './security.js';
import { allText, dmsTo } from './stack.js';

/**
 * One pass of `job` through `bot.core.runJob` (the entry point the scheduler and `jobs run` share), then every
 * outbox item it queued is delivered, so ticket notes can be asserted right after.
 */
export async function runJob(stack: Stack, job: JobName): Promise<JobReport> {
  const report = await stack.bot.core.runJob(job);
  await settle(stack);
  return report;
}

/** Delivers everything due in the outbox, including items the background delivery had already claimed. */
export async function settle(stack: Stack): Promise<void> {
  await stack.bot.drainOutbox();
}

/** True when the message has one of our buttons (`ours` without the renderer's `:<index>` suffix). */
export function hasAction(message: PostedMessage, ours: string): boolean {
  return (message.blocks ?? []).some((b) => Array.isArray(b.elements) && (b.elements as Array<Record<string, unknown>>).some((e) => typeof e.action_id === 'string' && e.action_id.startsWith(`${ours}:`)));
}

/** DMs to `userId` whose text or blocks match `re`. */
export function dmsMatching(stack: Stack, userId: string, re: RegExp): PostedMessage[] {
  return dmsTo(stack, userId).filter((m) => re.test(allText(m)));
}

export function workNotesMatching(stack: Stack, sysId: string, re: RegExp): string[] {
  return stack.servicenow.workNotes(sysId).map((n) => n.value).filter((v) => re.test(v));
}

/** The bot's marker, as `start` writes it into `custom_api` for a ticket started from `conversationId`. */
export function markerFor(stack: Stack, userId: string, ticket: string, conversationId: string): SessionMarker {
  return { app: 'teamviewer-chatops', itsm: 'servicenow', ticket, key: randomUUID(), origin: { surface: 'slack', conversationId }, agent: agentKeyOf(stack, userId) };
}

/**
 * What a crash between "created at TeamViewer" and "saved here" leaves: a session the bot created (POST /sessions with
 * the agent's stored token, the bot's group and marker) that the store never heard of. Returns the simulator's session.
 */
export async function createOrphanAtTeamViewer(stack: Stack, userId: string, marker: SessionMarker, validUntil: Date): Promise<TvSession> {
  const link = await stack.bot.store.links.get(agentKeyOf(stack, userId));
  if (!link) throw new Error(`${userId} is not linked`);
  const res = await request(`${stack.tv.apiUrl}/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${link.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      groupname: stack.config.teamviewer.group,
      description: `${marker.ticket}: remote support`,
      assigned_userid: link.tvUserId,
      valid_until: validUntil.toISOString(),
      custom_api: encodeMarker(marker),
      end_customer: { name: 'Abel Tuter', email: 'abel.tuter@example.com' },
    }),
  });
  const body = (await res.body.json()) as { code?: string };
  if (res.statusCode !== 200 || !body.code) throw new Error(`the simulator refused the session: ${res.statusCode} ${JSON.stringify(body)}`);
  return sessionAt(stack, body.code);
}

export function sessionAt(stack: Stack, code: string): TvSession {
  const found = stack.tv.state.sessions.find((x) => x.code === code);
  if (!found) throw new Error(`no simulator session ${code}`);
  return found;
}

/** The TeamViewer session the bot opened for `ticket` (found by its marker). */
export function sessionForTicket(stack: Stack, ticket: string): TvSession {
  const found = stack.tv.state.sessions.find((x) => x.custom_api?.includes(`"ticket":"${ticket}"`));
  if (!found) throw new Error(`no simulator session for ${ticket}`);
  return found;
}

/** Someone closes the session in the TeamViewer console: the state the sim's own PUT would leave, with no API call from the bot. */
export function closeInConsole(stack: Stack, code: string, at: Date): void {
  Object.assign(sessionAt(stack, code), { state: 'Closed', closed_at: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), online: false });
}
