/**
 * The PostgreSQL schema, as ordered migrations. They live in TypeScript rather than in `.sql` files because the
 * build (`tsc -p tsconfig.build.json`) copies nothing but compiled code into `dist/`. Never edit a migration that
 * has shipped: add the next one. `migrate.ts` applies the missing ones in this order and records each id.
 */
export interface Migration {
  /** `NNN_name`; recorded in `schema_migrations`, compared as a string, so keep the zero padding. */
  readonly id: string;
  readonly sql: string;
}

const TERMINAL = `('closed', 'expired', 'failed')`;

const m001 = `
-- Sessions: the whole SessionRecord in \`record\`; the columns beside it are derived from it by the trigger below,
-- so no writer can let them drift apart, and a compare-and-set UPDATE only has to write \`record\`.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  -- Insertion order: findLatestByTicket breaks createdAt ties by it, listByAgent returns in it (as lowdb does).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  ticket_key text NOT NULL,
  agent_key text NOT NULL,
  state text NOT NULL CHECK (state IN ('requested', 'created', 'closed', 'expired', 'failed')),
  idempotency_key text NOT NULL UNIQUE,
  valid_until timestamptz,
  created_at timestamptz NOT NULL,
  -- closedAt, or updatedAt when a session never closed (failed, or expired without a close): purge's clock.
  ended_at timestamptz NOT NULL,
  -- Set only while the session awaits its connection summary (awaitsSummary): the logs job's queue.
  logs_next_attempt_at timestamptz,
  summarized_at timestamptz,
  manager_post_pending boolean NOT NULL DEFAULT false,
  -- createdAt together with every connection start, for the report's range query (listSummarized).
  summary_span tstzrange,
  record jsonb NOT NULL
);

-- One live session per ticket, enforced here rather than by each replica. "Live" also depends on the clock (a
-- created session past validUntil is not), which an index cannot express: the index covers the non-terminal
-- states, and reserve marks stale created sessions expired in the same transaction before it inserts.
CREATE UNIQUE INDEX sessions_one_active_per_ticket ON sessions (ticket_key) WHERE state IN ('requested', 'created');
CREATE INDEX sessions_ticket ON sessions (ticket_key, created_at DESC, seq DESC);
CREATE INDEX sessions_agent ON sessions (agent_key, state);
CREATE INDEX sessions_expiring ON sessions (valid_until) WHERE state = 'created';
CREATE INDEX sessions_awaiting_summary ON sessions (logs_next_attempt_at) WHERE logs_next_attempt_at IS NOT NULL;
CREATE INDEX sessions_pending_manager_post ON sessions (summarized_at) WHERE manager_post_pending;
CREATE INDEX sessions_summary_span ON sessions USING gist (summary_span) WHERE summary_span IS NOT NULL;
CREATE INDEX sessions_ended ON sessions (ended_at) WHERE state IN ${TERMINAL};

CREATE FUNCTION sessions_derive() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r jsonb := NEW.record;
  first_start timestamptz;
  last_start timestamptz;
BEGIN
  NEW.id := r->>'id';
  NEW.ticket_key := r->>'ticketKey';
  NEW.agent_key := r#>>'{agent,key}';
  NEW.state := r->>'state';
  NEW.idempotency_key := r->>'idempotencyKey';
  NEW.valid_until := (r->>'validUntil')::timestamptz;
  NEW.created_at := (r->>'createdAt')::timestamptz;
  NEW.ended_at := COALESCE(r->>'closedAt', r->>'updatedAt')::timestamptz;
  NEW.logs_next_attempt_at := CASE
    WHEN NEW.state IN ('closed', 'expired') AND r ? 'logs' AND NOT r ? 'summary' THEN (r#>>'{logs,nextAttemptAt}')::timestamptz
  END;
  NEW.summarized_at := (r#>>'{summary,summarizedAt}')::timestamptz;
  NEW.manager_post_pending := COALESCE(r#>>'{summary,managerPost}' = 'pending', false);
  IF r ? 'summary' THEN
    SELECT min((c->>'start')::timestamptz), max((c->>'start')::timestamptz) INTO first_start, last_start
      FROM jsonb_array_elements(COALESCE(r#>'{summary,connections}', '[]'::jsonb)) AS c;
    NEW.summary_span := tstzrange(LEAST(NEW.created_at, first_start), GREATEST(NEW.created_at, last_start), '[]');
  ELSE
    NEW.summary_span := NULL;
  END IF;
  RETURN NEW;
END
$fn$;

CREATE TRIGGER sessions_derive BEFORE INSERT OR UPDATE OF record ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_derive();

-- Agent links: the tokens only ever as SecretCipher output; the rest of the link (no secrets) as JSON.
CREATE TABLE agent_links (
  agent_key text PRIMARY KEY,
  access_token_sealed text NOT NULL,
  refresh_token_sealed text NOT NULL,
  link jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE link_tickets (
  token_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  ticket jsonb NOT NULL
);
CREATE INDEX link_tickets_expiry ON link_tickets (expires_at);

CREATE TABLE oauth_states (
  state_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  code_verifier_sealed text NOT NULL,
  -- The record without its verifier.
  state jsonb NOT NULL
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

CREATE TABLE idempotency_keys (
  key text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

CREATE TABLE outbox (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL,
  session_id text NOT NULL,
  payload jsonb NOT NULL,
  attempts integer NOT NULL,
  -- NULL until first handed out, so an item reads back exactly as enqueued.
  claims integer,
  next_attempt_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
  last_error text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE status = 'pending';
CREATE INDEX outbox_failed ON outbox (created_at) WHERE status = 'failed';

CREATE TABLE job_runs (
  job text PRIMARY KEY,
  owner text,
  lease_until timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_outcome text CHECK (last_outcome IN ('ok', 'partial', 'failed')),
  last_summary text
);

-- The device list in sync order; name_keys are nameKey() of every name, computed by the app so that matching is
-- the same JavaScript lower-casing as the embedded store's, whatever the database's collation.
CREATE TABLE devices (
  position integer PRIMARY KEY,
  device jsonb NOT NULL,
  name_keys text[] NOT NULL
);
CREATE INDEX devices_name_keys ON devices USING gin (name_keys);

-- One row at most: when the device list was last replaced.
CREATE TABLE device_sync (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  synced_at timestamptz NOT NULL
);

CREATE TABLE conversation_refs (
  key text PRIMARY KEY,
  ref jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;

/** The scheduled tick a run was started for: replicas' schedulers all fire for it, and it must run once. */
const m002 = `ALTER TABLE job_runs ADD COLUMN last_slot text;`;

export const MIGRATIONS: readonly Migration[] = [
  { id: '001_initial', sql: m001 },
  { id: '002_job_slot', sql: m002 },
];
