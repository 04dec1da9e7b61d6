/**
 * What the TeamViewer simulator keeps. Wire-shaped records use TeamViewer's snake_case field names so tests can
 * compare them with responses directly; simulator-only bookkeeping (tokens, codes, ownership) is camelCase.
 * Contract: /work/shared/docs/teamviewer-api.md.
 */

/** A TeamViewer account in the simulated company. */
export interface TvUser {
  /** `u` + digits, e.g. `u1234567`. */
  userid: string;
  name: string;
  email: string;
  active: boolean;
  /** Company administrators may call `/managed/devices/company`. */
  companyAdmin: boolean;
}

/** A legacy Computers & Contacts group (`g…`); session codes are filed in these. */
export interface TvGroup {
  /** `g` + digits. */
  id: string;
  name: string;
  ownerUserid: string;
  sharedWith: Array<{ userid: string; permissions: 'read' | 'readwrite' | 'full' }>;
  policy_id?: string;
}

export type SessionState = 'Open' | 'Closed';
export type SupportSessionType = 'Default' | 'Pilot';

export interface EndCustomer {
  name?: string;
  email?: string;
}

/** A session code exactly as the API returns it, plus who created it (never sent on the wire). */
export interface TvSession {
  /** `sNNN-NNN-NNN`. */
  code: string;
  /** Capitalised in responses (teamviewer-api.md §5.2). */
  state: SessionState;
  groupid: string;
  /** True once the customer has opened the link (see `customerJoins`). */
  online: boolean;
  description?: string;
  end_customer?: EndCustomer;
  waiting_message?: string;
  assigned_userid?: string;
  assigned_at?: string;
  end_customer_link: string;
  supporter_link: string;
  webclient_supporter_link: string;
  custom_api?: string;
  /** ISO-8601 UTC with `Z`, like every timestamp below. */
  created_at: string;
  valid_until: string;
  closed_at?: string;
  support_session_type: SupportSessionType;
  sms_invite_number?: string;
  createdByUserid: string;
}

export type BillingState = 'Bill' | 'Billed' | 'DoNotBill';

/** One row of `GET /reports/connections` (teamviewer-api.md §6.1). */
export interface ConnectionRecord {
  /** GUID; the bot's dedupe key. */
  id: string;
  userid: string;
  username: string;
  deviceid?: string;
  devicename: string;
  groupid?: string;
  groupname?: string;
  start_date: string;
  /** Absent while the connection is still running. */
  end_date?: string;
  /** 1 RemoteConnection, 2 RemoteSupportActive (session code), 3 RemoteSupportActiveSdk. */
  support_session_type: 1 | 2 | 3;
  session_code?: string;
  assigned_userid?: string;
  assigned_at?: string;
  session_created_at?: string;
  description?: string;
  custom_api?: string;
  valid_until?: string;
  billing_state: BillingState;
  notes?: string;
  fee: number;
  currency: string;
}

export type OnlineState = 'Online' | 'Busy' | 'Away' | 'Offline';

/** A legacy Computers & Contacts device entry (teamviewer-api.md §7.2). */
export interface LegacyDevice {
  /** `r` + TeamViewer ID. */
  remotecontrol_id: string;
  /** `d` + digits. */
  device_id: string;
  alias: string;
  groupid: string;
  description: string;
  online_state: OnlineState;
  assigned_to: boolean;
  supported_features: string;
  policy_id?: string;
  last_seen?: string;
  teamviewer_id: number;
}

/** A device in the newer device-group model (teamviewer-api.md §7.3). */
export interface ManagedDevice {
  /** GUID. */
  id: string;
  teamviewerId: number;
  name: string;
  isOnline: boolean;
  last_seen?: string;
  teamviewerPolicyId?: string;
  teamViewerVersion: string;
  deviceDescription: string;
  /** Users whose tokens list this device on `/managed/devices`. */
  managerUserids: string[];
}

export interface AuthorizationCodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  userid: string;
  issuedAt: Date;
  expiresAt: Date;
  used: boolean;
}

export interface AccessTokenRecord {
  token: string;
  userid: string;
  clientId: string;
  /** Every token descending from one authorization shares this; revoke ends the whole grant. */
  grantId: string;
  refreshToken: string;
  issuedAt: Date;
  expiresAt: Date;
  revoked: boolean;
  revokedAt?: Date;
}

export interface RefreshTokenRecord {
  token: string;
  userid: string;
  clientId: string;
  grantId: string;
  issuedAt: Date;
  used: boolean;
  usedAt?: Date;
  /** The refresh token that replaced this one on rotation. */
  replacedBy?: string;
  revoked: boolean;
  revokedAt?: Date;
}

/** Everything the simulator holds; tests read it to assert what the bot sent. */
export interface TeamViewerSimState {
  companyName: string;
  users: TvUser[];
  groups: TvGroup[];
  sessions: TvSession[];
  connections: ConnectionRecord[];
  devices: LegacyDevice[];
  managedDevices: ManagedDevice[];
  authorizationCodes: AuthorizationCodeRecord[];
  accessTokens: AccessTokenRecord[];
  refreshTokens: RefreshTokenRecord[];
  /** Who auto-consent logs in as; undefined means the first user. */
  consentUserid?: string;
}
