import type { RemoteSessionInfo, SessionMarker } from '../core/ports/remote-support.port.js';
import type { TvSession } from './teamviewer.api-types.js';

/** `custom_api` is free text ≤ 4000 chars, visible only through the API: our correlation lives there (§5.1). */
export function encodeMarker(m: SessionMarker): string {
  return JSON.stringify(m);
}

export function decodeMarker(customApi: string | undefined): SessionMarker | undefined {
  if (!customApi) return undefined;
  try {
    const v = JSON.parse(customApi) as Partial<SessionMarker>;
    if (v.app === 'teamviewer-chatops' && typeof v.key === 'string' && typeof v.ticket === 'string') {
      return { app: v.app, itsm: String(v.itsm ?? ''), ticket: v.ticket, key: v.key };
    }
  } catch {
    // Sessions made by other tools carry other text; they are simply not ours.
  }
  return undefined;
}

/** Times normalised to ISO-8601 UTC; `state` is capitalised in responses (§5.2). */
export function toSessionInfo(s: TvSession): RemoteSessionInfo {
  const marker = decodeMarker(s.custom_api);
  return {
    code: s.code,
    state: s.state.toLowerCase() === 'closed' ? 'closed' : 'open',
    ...(s.valid_until ? { validUntil: new Date(s.valid_until).toISOString() } : {}),
    ...(s.end_customer_link ? { customerLink: s.end_customer_link } : {}),
    ...(s.supporter_link ? { supporterLink: s.supporter_link } : {}),
    ...(s.webclient_supporter_link ? { webSupporterLink: s.webclient_supporter_link } : {}),
    ...(s.online !== undefined ? { online: s.online } : {}),
    ...(s.assigned_userid ? { assignedUserId: s.assigned_userid } : {}),
    ...(marker ? { marker } : {}),
  };
}
