/** TeamViewer devices as the `assets` job and `connect` see them (teamviewer-api.md §7). */

export interface RemoteDevice {
  /** The numeric TeamViewer ID as digits: the key both device models share. */
  teamViewerId: string;
  /** Every name the device goes by (managed name, legacy alias), most authoritative first; never empty. */
  names: string[];
  online?: boolean;
}

/** A TeamViewer ID as typed or stored: digits only, 6 to 12 of them (IDs are 9–10 digits today). */
export function normaliseTeamViewerId(v: string | number | undefined | null): string | undefined {
  if (v === undefined || v === null) return undefined;
  const digits = String(v).replace(/[\s-]/g, '').replace(/^r/i, '');
  return /^\d{6,12}$/.test(digits) ? digits : undefined;
}

/**
 * What an asset's TeamViewer ID field holds, as connectors hand it to the core: a valid ID as digits, anything else
 * non-empty as typed (trimmed), so `connect` can tell the agent that the field holds a malformed value rather than
 * none. One rule for every connector.
 */
export function storedTeamViewerId(raw: unknown): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const text = String(raw).trim();
  if (!text) return undefined;
  return normaliseTeamViewerId(text) ?? text.slice(0, 64);
}

/** The one message for a value that is not a TeamViewer ID, shown when a write is refused before any I/O. */
export function invalidTeamViewerIdMessage(raw: string): string {
  return `"${raw.slice(0, 30)}" is not a TeamViewer ID (6 to 12 digits, like 123 456 789).`;
}

/** "123 456 789" — how TeamViewer itself shows IDs, easier to read out on the phone. */
export function formatTeamViewerId(id: string): string {
  return id.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Case- and space-insensitive key for matching device names to asset names. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Merges device lists (legacy + managed, several agents) into one entry per TeamViewer ID, keeping every name
 * each ID was seen under. Tenants mid-migration hold the same device in both models (teamviewer-api.md §7.1).
 */
export function mergeDevices(lists: Iterable<RemoteDevice>): RemoteDevice[] {
  const byId = new Map<string, RemoteDevice>();
  for (const d of lists) {
    const seen = byId.get(d.teamViewerId);
    if (!seen) {
      byId.set(d.teamViewerId, { teamViewerId: d.teamViewerId, names: [...d.names], ...(d.online !== undefined ? { online: d.online } : {}) });
      continue;
    }
    for (const n of d.names) if (!seen.names.some((m) => nameKey(m) === nameKey(n))) seen.names.push(n);
    if (d.online) seen.online = true;
  }
  return [...byId.values()];
}
