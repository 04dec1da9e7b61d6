/** Wire shapes of the TeamViewer Web API as teamviewer-api.md documents them. Timestamps stay strings (§12 #7). */
export interface TvTokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
}

export interface TvAccount {
  userid: string;
  name: string;
  email?: string;
}

export interface TvSession {
  code: string;
  /** Capitalised in responses: "Open" / "Closed". */
  state: string;
  groupid?: string;
  online?: boolean;
  description?: string;
  end_customer?: { name?: string; email?: string };
  assigned_userid?: string;
  end_customer_link?: string;
  supporter_link?: string;
  webclient_supporter_link?: string;
  custom_api?: string;
  created_at?: string;
  valid_until?: string;
  closed_at?: string;
}

export interface TvSessionList {
  sessions?: TvSession[];
  next_offset?: string;
  sessions_remaining?: number;
}

export interface TvError {
  error?: string;
  error_description?: string;
  error_code?: number;
}

/**
 * One `GET /reports/connections` record (§6.1). Every field is optional on purpose: reports can be incomplete
 * (empty device name, numeric device id, no group; §12 #8), so the mapping checks what it uses.
 */
export interface TvConnectionRecord {
  id?: string;
  userid?: string;
  username?: string;
  deviceid?: string | number;
  devicename?: string;
  groupid?: string;
  groupname?: string;
  contact_id?: string;
  start_date?: string;
  end_date?: string;
  fee?: number;
  currency?: string;
  billing_state?: string;
  notes?: string;
  support_session_type?: number;
  session_code?: string;
  assigned_userid?: string;
  assigned_at?: string;
  session_created_at?: string;
  valid_until?: string;
  description?: string;
  custom_api?: string;
}

export interface TvConnectionList {
  records?: TvConnectionRecord[];
  records_remaining?: number;
  /** Report id of the last record; pass it back as `offset_id` (that record is excluded). */
  next_offset?: string;
}

/** `GET /ping` (§4); parsed defensively, since a bad token may also come back as 401 or an odd body. */
export interface TvPing {
  token_valid?: boolean;
}

/** A legacy Computers & Contacts device (§7.2). */
export interface TvLegacyDevice {
  remotecontrol_id?: string;
  device_id?: string;
  alias?: string;
  online_state?: string;
  teamviewer_id?: number | string;
}

export interface TvLegacyDeviceList {
  devices?: TvLegacyDevice[];
  /** Seen in one Swagger-derived client only (§7.2, L): followed when present. */
  continuation_token?: string;
}

/** A managed (device-group) device (§7.3). */
export interface TvManagedDevice {
  id?: string;
  teamviewerId?: number | string;
  name?: string;
  isOnline?: boolean;
}

export interface TvManagedDeviceList {
  resources?: TvManagedDevice[];
  nextPaginationToken?: string;
}
