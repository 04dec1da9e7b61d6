/**
 * Devices in both models (teamviewer-api.md §7): legacy Computers & Contacts entries on `/devices`, and managed
 * devices on `/managed/devices` with `paginationToken` paging. A tenant mid-migration can hold the same TeamViewer ID
 * in both; the simulator lets tests set that up deliberately.
 */
import type { SimResponse } from '../shared/sim-server.js';
import { API_PREFIX, apiError, invalidRequest, notFound, pageFrom, type Route, type TvDeps } from './teamviewer.http.js';
import type { LegacyDevice, ManagedDevice, TvUser } from './teamviewer.model.js';
import { canSeeGroup } from './teamviewer.state.js';

const ONLINE_STATES = ['online', 'busy', 'away', 'offline'];
const TOKEN_PREFIX = 'page:';

function legacyVisible(deps: TvDeps, device: LegacyDevice, caller: TvUser): boolean {
  const group = deps.state.groups.find((g) => g.id === device.groupid);
  return group !== undefined && canSeeGroup(group, caller.userid);
}

function listLegacy(deps: TvDeps, query: URLSearchParams, caller: TvUser): SimResponse {
  const online = query.get('online_state')?.toLowerCase();
  if (online && !ONLINE_STATES.includes(online)) return invalidRequest('online_state must be online, busy, away or offline.');
  const groupid = query.get('groupid');
  const rcid = query.get('remotecontrol_id');
  if (rcid && !/^r\d+$/.test(rcid)) return invalidRequest('remotecontrol_id must look like r123456789.');
  const devices = deps.state.devices
    .filter((d) => legacyVisible(deps, d, caller))
    .filter((d) => !online || d.online_state.toLowerCase() === online)
    .filter((d) => !groupid || d.groupid === groupid)
    .filter((d) => !rcid || d.remotecontrol_id === rcid);
  // Assumption: teamviewer-api.md §14.8 (VERIFY) — /devices answers in one response, with no continuation_token.
  return { status: 200, json: { devices } };
}

function managedWire(device: ManagedDevice, detail: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    id: device.id,
    teamviewerId: device.teamviewerId,
    name: device.name,
    isOnline: device.isOnline,
    ...(device.last_seen !== undefined ? { last_seen: device.last_seen } : {}),
    ...(device.teamviewerPolicyId !== undefined ? { teamviewerPolicyId: device.teamviewerPolicyId } : {}),
  };
  return detail ? { ...wire, teamViewerVersion: device.teamViewerVersion, deviceDescription: device.deviceDescription } : wire;
}

/** Opaque to clients, as real pagination tokens are; the simulator only needs the start index. */
function decodePaginationToken(token: string): number | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) return undefined;
  const index = Number(text.slice(TOKEN_PREFIX.length));
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

const encodePaginationToken = (index: number): string => Buffer.from(`${TOKEN_PREFIX}${index}`).toString('base64url');

function pageManaged(deps: TvDeps, devices: ManagedDevice[], query: URLSearchParams): SimResponse {
  const token = query.get('paginationToken');
  const start = token ? decodePaginationToken(token) : 0;
  if (start === undefined) return invalidRequest('paginationToken is not valid.');
  const { page, remaining } = pageFrom(devices, start, deps.config.pageSize);
  return {
    status: 200,
    json: {
      resources: page.map((d) => managedWire(d, false)),
      ...(token ? { currentPaginationToken: token } : {}),
      ...(remaining > 0 ? { nextPaginationToken: encodePaginationToken(start + page.length) } : {}),
    },
  };
}

const managedVisible = (device: ManagedDevice, caller: TvUser): boolean =>
  caller.companyAdmin || device.managerUserids.includes(caller.userid);

export function deviceRoutes(deps: TvDeps): Route[] {
  const { state } = deps;
  return [
    { method: 'GET', pattern: `${API_PREFIX}/devices`, handle: ({ req, user }) => listLegacy(deps, req.query, user) },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/devices/:deviceid`,
      handle: ({ params, user }) => {
        const device = state.devices.find((d) => d.device_id === params.deviceid && legacyVisible(deps, d, user));
        // The single-device call keeps the list wrapper (teamviewer-api.md §7.2).
        return device ? { status: 200, json: { devices: [device] } } : notFound('Device not found.');
      },
    },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/managed/devices`,
      handle: ({ req, user }) => pageManaged(deps, state.managedDevices.filter((d) => d.managerUserids.includes(user.userid)), req.query),
    },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/managed/devices/company`,
      handle: ({ req, user }) => {
        if (!user.companyAdmin) {
          return apiError(403, 'forbidden', 'Listing company-managed devices needs a company administrator with Device Groups read permission.');
        }
        return pageManaged(deps, state.managedDevices, req.query);
      },
    },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/managed/devices/:id`,
      handle: ({ params, user }) => {
        const device = state.managedDevices.find((d) => d.id === params.id && managedVisible(d, user));
        return device ? { status: 200, json: managedWire(device, true) } : notFound('Managed device not found.');
      },
    },
  ];
}
