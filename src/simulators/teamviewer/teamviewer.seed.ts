/**
 * Builders behind the simulator's test helpers (`addUser`, `addConnection`, `addDevice`, …). They refuse input the
 * real service could never produce, so a test cannot quietly set up an impossible world.
 */
import type { ConnectionRecord, LegacyDevice, ManagedDevice, OnlineState, TeamViewerSimState, TvGroup, TvSession, TvUser } from './teamviewer.model.js';
import { findOrCreateGroup, isoSeconds, newDeviceId, newGuid, newTeamViewerId, newUserid } from './teamviewer.state.js';

export interface AddUserInput {
  /** `u` + digits; generated when omitted. */
  userid?: string;
  name: string;
  email: string;
  companyAdmin?: boolean;
}

export interface AddGroupInput {
  name: string;
  ownerUserid?: string;
  sharedWith?: Array<{ userid: string; permissions?: 'read' | 'readwrite' | 'full' }>;
}

export interface AddConnectionInput {
  /** Session code (with or without dashes); omitted for a plain remote-control connection. */
  code?: string;
  /** The supporter who connected. */
  userid: string;
  deviceName?: string;
  deviceId?: string;
  start: Date;
  /** Omitted while the connection is still running. */
  end?: Date;
  /** Group of a connection without a code. */
  groupid?: string;
}

export interface AddDeviceInput {
  alias: string;
  /** Owner of the group the device is filed in; defaults to the first user. */
  userid?: string;
  /** An existing group; otherwise `groupname` (created if missing) or the owner's "My computers". */
  groupid?: string;
  groupname?: string;
  teamviewerId?: number;
  onlineState?: OnlineState;
  description?: string;
  lastSeen?: Date;
}

export interface AddManagedDeviceInput {
  name: string;
  teamviewerId?: number;
  isOnline?: boolean;
  /** Users whose tokens list the device; defaults to the first user. */
  managerUserids?: string[];
  description?: string;
  lastSeen?: Date;
}

export function buildUser(state: TeamViewerSimState, u: AddUserInput): TvUser {
  const userid = u.userid ?? newUserid(state);
  if (!/^u\d+$/.test(userid) || userid === 'u0') throw new Error(`userid ${userid} must look like u1234567 (u0 is reserved).`);
  if (state.users.some((existing) => existing.userid === userid)) throw new Error(`userid ${userid} already exists.`);
  if (!u.name || !u.email.includes('@')) throw new Error('A TeamViewer user needs a name and an e-mail address.');
  return { userid, name: u.name, email: u.email, active: true, companyAdmin: u.companyAdmin ?? false };
}

function groupOf(state: TeamViewerSimState, groupid: string | undefined): TvGroup | undefined {
  if (groupid === undefined) return undefined;
  const group = state.groups.find((g) => g.id === groupid);
  if (!group) throw new Error(`No TeamViewer simulator group ${groupid}.`);
  return group;
}

export function buildConnection(state: TeamViewerSimState, rec: AddConnectionInput, user: TvUser, session: TvSession | undefined): ConnectionRecord {
  if (rec.end && rec.end.getTime() < rec.start.getTime()) throw new Error('A connection cannot end before it starts.');
  const group = groupOf(state, session?.groupid ?? rec.groupid);
  const sessionFields: Partial<ConnectionRecord> = session
    ? {
        session_code: session.code,
        assigned_userid: session.assigned_userid,
        assigned_at: session.assigned_at,
        session_created_at: session.created_at,
        description: session.description,
        custom_api: session.custom_api,
        valid_until: session.valid_until,
      }
    : {};
  return {
    id: newGuid(),
    userid: user.userid,
    username: user.name,
    ...(rec.deviceId !== undefined ? { deviceid: rec.deviceId } : {}),
    // Reports often lack a device name (teamviewer-api.md §12 #8), so the default is the empty string.
    devicename: rec.deviceName ?? '',
    ...(group ? { groupid: group.id, groupname: group.name } : {}),
    start_date: isoSeconds(rec.start),
    ...(rec.end ? { end_date: isoSeconds(rec.end) } : {}),
    support_session_type: session ? 2 : 1,
    ...sessionFields,
    billing_state: 'Bill',
    fee: 0,
    currency: 'EUR',
  };
}

export function buildLegacyDevice(state: TeamViewerSimState, d: AddDeviceInput, owner: TvUser): LegacyDevice {
  const group = groupOf(state, d.groupid) ?? findOrCreateGroup(state, d.groupname ?? 'My computers', owner.userid);
  const teamviewerId = d.teamviewerId ?? newTeamViewerId(state);
  return {
    remotecontrol_id: `r${teamviewerId}`,
    device_id: newDeviceId(state),
    alias: d.alias,
    groupid: group.id,
    description: d.description ?? '',
    online_state: d.onlineState ?? 'Online',
    assigned_to: false,
    supported_features: 'remote_control',
    ...(d.lastSeen ? { last_seen: isoSeconds(d.lastSeen) } : {}),
    teamviewer_id: teamviewerId,
  };
}

export function buildManagedDevice(state: TeamViewerSimState, d: AddManagedDeviceInput, managerUserids: string[]): ManagedDevice {
  return {
    id: newGuid(),
    teamviewerId: d.teamviewerId ?? newTeamViewerId(state),
    name: d.name,
    isOnline: d.isOnline ?? true,
    ...(d.lastSeen ? { last_seen: isoSeconds(d.lastSeen) } : {}),
    teamViewerVersion: '15.61.3',
    deviceDescription: d.description ?? '',
    managerUserids,
  };
}
