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
