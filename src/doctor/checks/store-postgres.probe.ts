import pg from 'pg';
import type { SecretCipher } from '../../store/secret-cipher.js';
import { MIGRATIONS } from '../../store/postgres/migrations.js';
import { fail, info, ok, reasonOf, warn, withDeadline, type CheckLine } from '../check.js';
import { keyLine } from './store-lowdb.probe.js';

const PART = 'Store';

/** host:port/database of DATABASE_URL, never its password. */
function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

/** PostgreSQL's SQLSTATE classes that mean "your settings", with the fix for each. */
function connectFailure(err: unknown, at: string): CheckLine {
  const code = (err as { code?: string }).code;
  const msg = reasonOf(err);
  if (code === '28P01' || code === '28000') return fail(PART, `PostgreSQL at ${at} refused the sign-in (${msg})`, 'correct the user name or password in DATABASE_URL (postgres://user:password@host:5432/database, password URL-encoded)');
  if (code === '3D000') return fail(PART, `PostgreSQL at ${at}: ${msg}`, 'create the database, or correct its name at the end of DATABASE_URL');
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
    return fail(PART, `PostgreSQL at ${at} not reachable (${code})`, 'check host and port in DATABASE_URL, and that the database server accepts connections from this machine');
  }
  return fail(PART, `PostgreSQL at ${at}: ${msg}`, 'check DATABASE_URL (README, "Running several replicas")');
}

/**
 * Connects once, runs `select 1`, and reads `schema_migrations` to compare with this version's migrations. It
 * applies nothing: the bot migrates at start, under its advisory lock. The one connection is closed afterwards.
 */
export async function postgresLines(url: string, schema: string | undefined, cipher: SecretCipher, timeoutMs: number): Promise<CheckLine[]> {
  const at = where(url);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: 'teamviewer-chatops:doctor',
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A connection dropped while idle emits here; unhandled, it would end the process before the report.
  client.on('error', () => undefined);
  try {
    await withDeadline(client.connect(), timeoutMs + 1000);
  } catch (err) {
    await client.end().catch(() => undefined);
    return [connectFailure(err, at)];
  }
  try {
    await client.query('select 1');
    const lines = [ok(PART, `PostgreSQL at ${at} answers (select 1)${schema ? `, schema ${schema}` : ''}`)];
    const { rows } = await client.query<{ t: string | null }>(`select to_regclass('schema_migrations')::text as t`);
    if (!rows[0]?.t) {
      lines.push(info(PART, `no tables yet${schema ? ` in schema ${schema}` : ''}: the bot creates them (${MIGRATIONS.length} migration${MIGRATIONS.length === 1 ? '' : 's'}) at its first start`));
      return lines;
    }
    const applied = new Set((await client.query<{ id: string }>('select id from schema_migrations')).rows.map((r) => r.id));
    const pending = MIGRATIONS.filter((m) => !applied.has(m.id)).map((m) => m.id);
    const unknown = [...applied].filter((id) => !MIGRATIONS.some((m) => m.id === id));
    if (pending.length > 0) lines.push(info(PART, `migration${pending.length === 1 ? '' : 's'} ${pending.join(', ')} pending: the bot applies ${pending.length === 1 ? 'it' : 'them'} when it starts`));
    else lines.push(ok(PART, `all ${MIGRATIONS.length} migration${MIGRATIONS.length === 1 ? '' : 's'} of this version applied`));
    if (unknown.length > 0) lines.push(warn(PART, `the database has migrations this version does not know (${unknown.join(', ')}): a newer release ran here`, 'run the newer release, or expect this one to ignore what they added'));
    // Only a probe of the key: a table this version cannot read is the migration lines' finding, not this one's.
    const link = await client
      .query<{ agent_key: string; access_token_sealed: string; n: string }>(`select agent_key, access_token_sealed, (select count(*) from agent_links)::text as n from agent_links limit 1`)
      .catch(() => undefined);
    const first = link?.rows[0];
    if (first) lines.push(keyLine(cipher, first.access_token_sealed, `link:${first.agent_key}:access`, Number(first.n)));
    return lines;
  } catch (err) {
    return [fail(PART, `PostgreSQL at ${at}: ${reasonOf(err)}`, 'check that the DATABASE_URL user may read the bot\'s tables (and DATABASE_SCHEMA, if set)')];
  } finally {
    await client.end().catch(() => undefined);
  }
}
