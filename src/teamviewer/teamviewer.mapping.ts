import type { RemoteConnection } from '../core/domain/connection-log.js';
import type { RemoteSessionInfo, SessionMarker } from '../core/ports/remote-support.port.js';
import { normaliseTeamViewerId, type RemoteDevice } from '../core/domain/device.js';
import type { TvConnectionRecord, TvLegacyDevice, TvManagedDevice, TvSession } from './teamviewer.api-types.js';

/** `custom_api` is free text ≤ 4000 chars, visible only through the API: our correlation lives there (§5.1). */
export function encodeMarker(m: SessionMarker): string {
  return JSON.stringify(m);
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** `origin` only when it names a surface we serve and a conversation; anything else is dropped, not guessed. */
function decodeOrigin(v: unknown): SessionMarker['origin'] {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if ((o.surface === 'slack' || o.surface === 'teams') && nonEmpty(o.conversationId)) return { surface: o.surface, conversationId: o.conversationId };
  return undefined;
}

/**
 * Our marker back from `custom_api`. Older markers lack `origin`/`agent` and malformed optional fields are dropped,
 * so one bad field never costs us the correlation (`key`, `ticket`) that crash recovery depends on.
 */
export function decodeMarker(customApi: string | undefined): SessionMarker | undefined {
  if (!customApi) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(customApi);
  } catch {
    return undefined; // sessions made by other tools carry other text; they are simply not ours
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const v = parsed as Record<string, unknown>;
  if (v.app !== 'teamviewer-chatops' || typeof v.key !== 'string' || typeof v.ticket !== 'string') return undefined;
  const origin = decodeOrigin(v.origin);
  return {
    app: 'teamviewer-chatops',
    itsm: typeof v.itsm === 'string' ? v.itsm : '',
    ticket: v.ticket,
    key: v.key,
    ...(origin ? { origin } : {}),
    ...(nonEmpty(v.agent) ? { agent: v.agent } : {}),
  };
}

/**
 * ISO-8601 UTC, or undefined when the text is no usable instant. TeamViewer sends UTC with `Z`; a zone-less
 * date-time is still UTC (§12 #7: never let the host's zone creep in), a bare date is 00:00Z (§6.1).
 */
export function utcIso(text: unknown): string | undefined {
  if (!nonEmpty(text)) return undefined;
  let t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t = `${t}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) t = `${t.replace(' ', 'T')}Z`;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function customerOf(c: TvSession['end_customer']): RemoteSessionInfo['customer'] {
  if (typeof c !== 'object' || c === null) return undefined;
  const out = { ...(nonEmpty(c.name) ? { name: c.name } : {}), ...(nonEmpty(c.email) ? { email: c.email } : {}) };
  return out.name !== undefined || out.email !== undefined ? out : undefined;
}

/** Times normalised to ISO-8601 UTC; `state` is capitalised in responses (§5.2). */
export function toSessionInfo(s: TvSession): RemoteSessionInfo {
  const marker = decodeMarker(s.custom_api);
  const validUntil = utcIso(s.valid_until);
  const createdAt = utcIso(s.created_at);
  const customer = customerOf(s.end_customer);
  return {
    code: s.code,
    state: String(s.state).toLowerCase() === 'closed' ? 'closed' : 'open',
    ...(validUntil ? { validUntil } : {}),
    ...(s.end_customer_link ? { customerLink: s.end_customer_link } : {}),
    ...(s.supporter_link ? { supporterLink: s.supporter_link } : {}),
    ...(s.webclient_supporter_link ? { webSupporterLink: s.webclient_supporter_link } : {}),
    ...(s.online !== undefined ? { online: s.online } : {}),
    ...(s.assigned_userid ? { assignedUserId: s.assigned_userid } : {}),
    ...(typeof s.description === 'string' && s.description !== '' ? { description: s.description } : {}),
    ...(customer ? { customer } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(marker ? { marker } : {}),
  };
}

/** Trimmed text from a string or a finite number (ids arrive as either, §12 #8); '' otherwise. */
function textOf(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * A connection-report record in core terms. Reports can be incomplete (§12 #8): an empty device name is left out
 * (the reply says "unnamed device"), a numeric device id becomes a string, a missing or unparsable end means
 * "still running / report lagging". Without an id (the dedupe key) or a usable start a record cannot be placed
 * or de-duplicated, so it yields undefined and the caller skips it.
 */
export function toRemoteConnection(r: TvConnectionRecord): RemoteConnection | undefined {
  const id = textOf(r.id);
  const start = utcIso(r.start_date);
  if (!id || !start) return undefined;
  const end = utcIso(r.end_date);
  const deviceId = textOf(r.deviceid);
  const supporterName = nonEmpty(r.username) ? r.username.trim() : nonEmpty(r.userid) ? r.userid : 'Unknown supporter';
  return {
    id,
    supporterName,
    ...(nonEmpty(r.userid) ? { supporterId: r.userid } : {}),
    ...(nonEmpty(r.devicename) ? { deviceName: r.devicename.trim() } : {}),
    ...(deviceId ? { deviceId } : {}),
    start,
    ...(end ? { end } : {}),
    ...(nonEmpty(r.session_code) ? { sessionCode: r.session_code } : {}),
  };
}

/** Legacy device → RemoteDevice; the ID comes from `remotecontrol_id` (`r` + ID), else `teamviewer_id` (§7.1). */
export function fromLegacyDevice(d: TvLegacyDevice): RemoteDevice | undefined {
  const id = normaliseTeamViewerId(d.remotecontrol_id) ?? normaliseTeamViewerId(d.teamviewer_id);
  const name = d.alias?.trim();
  if (!id || !name) return undefined;
  return { teamViewerId: id, names: [name], ...(d.online_state ? { online: d.online_state.toLowerCase() !== 'offline' } : {}) };
}

export function fromManagedDevice(d: TvManagedDevice): RemoteDevice | undefined {
  const id = normaliseTeamViewerId(d.teamviewerId);
  const name = d.name?.trim();
  if (!id || !name) return undefined;
  return { teamViewerId: id, names: [name], ...(d.isOnline !== undefined ? { online: d.isOnline } : {}) };
}
