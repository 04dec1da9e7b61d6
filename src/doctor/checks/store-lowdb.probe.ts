import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Agent, request } from 'undici';
import type { SecretCipher } from '../../store/secret-cipher.js';
import { LOCK_FILE, readDataDirLock } from '../../store/lowdb/data-dir-lock.js';
import { fail, info, ok, warn, withDeadline, type CheckLine } from '../check.js';

const PART = 'Store';
/** The embedded store's file name (lowdb.store.ts). */
const DATA_FILE = 'teamviewer-chatops.json';
const RUN_AS = 'run doctor as the OS user the bot runs as, or give that user the directory';

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** DATA_DIR itself: there and writable, or creatable by the bot at its first start. */
async function directoryLine(dir: string): Promise<{ line: CheckLine; exists: boolean }> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) return { line: fail(PART, `DATA_DIR ${dir} is a file, not a directory`, 'point DATA_DIR at a directory (the bot creates it when missing)'), exists: false };
  } catch (e) {
    if (errnoOf(e) !== 'ENOENT') return { line: fail(PART, `DATA_DIR ${dir} cannot be inspected (${errnoOf(e) ?? String(e)})`, RUN_AS), exists: false };
    let parent = dirname(dir);
    while (!(await stat(parent).then(() => true, () => false))) parent = dirname(parent);
    if (await writable(parent)) return { line: ok(PART, `DATA_DIR ${dir} does not exist yet; the bot creates it at its first start (${parent} is writable)`), exists: false };
    return { line: fail(PART, `DATA_DIR ${dir} does not exist and ${parent} is not writable`, `create ${dir} for the bot's OS user, or point DATA_DIR somewhere it may write`), exists: false };
  }
  if (!(await writable(dir))) return { line: fail(PART, `DATA_DIR ${dir} is not writable`, RUN_AS), exists: true };
  return { line: ok(PART, `DATA_DIR ${dir} exists and is writable`), exists: true };
}

interface StoredLinkLike {
  agentKey?: unknown;
  accessTokenSealed?: unknown;
}

/**
 * Above this many stored sessions the embedded store's card latency has about doubled (`npm run bench`, store step:
 * whole-file writes grow with the file). Measured on a 2-core VM; a warning, not a failure.
 */
export const LOWDB_COMFORT_SESSIONS = 2_000;

/** The data file, read only: never through lowdb, which would write it back (and must not while a bot owns it). */
async function dataFileLines(dir: string, cipher: SecretCipher): Promise<CheckLine[]> {
  const file = join(dir, DATA_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return [ok(PART, `no ${DATA_FILE} yet: the bot creates it at its first start`)];
    return [fail(PART, `${file} cannot be read (${errnoOf(e) ?? String(e)})`, RUN_AS)];
  }
  let data: { sessions?: unknown; links?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch (e) {
    return [fail(PART, `${file} is not valid JSON (${(e as Error).message}); the bot will not start with it`, 'restore the file from your last backup of DATA_DIR')];
  }
  const sessions = Array.isArray(data.sessions) ? data.sessions.length : 0;
  const links = (Array.isArray(data.links) ? data.links : []) as StoredLinkLike[];
  const lines = [ok(PART, `${file} is readable: ${sessions} session${sessions === 1 ? '' : 's'}, ${links.length} linked agent${links.length === 1 ? '' : 's'}`)];
  if (sessions > LOWDB_COMFORT_SESSIONS) {
    const mb = (Buffer.byteLength(text) / 1e6).toFixed(1);
    lines.push(warn(PART, `${sessions} stored sessions (${mb} MB): every change rewrites the whole file, so commands slow down as it grows (about twice as slow from ~2,000 sessions; docs/performance.md)`, 'move to PostgreSQL (DATABASE_URL; admin guide, "Upgrades and backups"), or shorten RETENTION'));
  }
  const sample = links.find((l) => typeof l.agentKey === 'string' && typeof l.accessTokenSealed === 'string');
  if (sample) lines.push(keyLine(cipher, sample.accessTokenSealed as string, `link:${sample.agentKey as string}:access`, links.length));
  return lines;
}

/** ENCRYPTION_KEY against one stored token: a changed key silently breaks every link (README "Security"). */
export function keyLine(cipher: SecretCipher, sealed: string, aad: string, links: number): CheckLine {
  try {
    cipher.open(sealed, aad);
    return ok(PART, 'ENCRYPTION_KEY opens the stored TeamViewer tokens');
  } catch {
    return fail(PART, `ENCRYPTION_KEY does not open the stored tokens of ${links} linked agent${links === 1 ? '' : 's'}: they were sealed with another key`, 'set ENCRYPTION_KEY back to the key the bot used before; keeping the new key means every agent has to link again');
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user, which still makes the lock live.
    return errnoOf(e) === 'EPERM';
  }
}

/** Who owns DATA_DIR, from its lock file, and whether that bot answers on its control socket. Takes no lock. */
async function lockLine(dir: string, timeoutMs: number): Promise<CheckLine> {
  const lock = await readDataDirLock(dir).catch(() => undefined);
  if (!lock) return info(PART, `no bot holds DATA_DIR right now (no ${LOCK_FILE}); only one process may use it at a time`);
  if (!isAlive(lock.pid)) return info(PART, `${LOCK_FILE} names pid ${lock.pid}, which is not running here: a stale lock the next start clears (or a bot on another host sharing DATA_DIR, which must not happen)`);
  const who = `a running bot (pid ${lock.pid}, since ${lock.startedAt}) holds DATA_DIR`;
  if (!lock.controlSocket) return warn(PART, `${who} but has no control socket, so \`jobs run\` cannot reach it`, 'use a shorter DATA_DIR path (Unix sockets allow about 100 bytes)');
  const dispatcher = new Agent({ connect: { socketPath: lock.controlSocket } });
  try {
    const res = await withDeadline(request('http://localhost/jobs', { dispatcher, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }), timeoutMs);
    await res.body.dump();
    if (res.statusCode === 200) return ok(PART, `${who} and answers on its control socket`);
    return warn(PART, `${who}; its control socket answered HTTP ${res.statusCode}`, 'restart the bot');
  } catch (e) {
    return warn(PART, `${who}, but its control socket does not answer (${errnoOf(e) ?? (e as Error).message})`, 'restart the bot; `jobs run` needs that socket');
  } finally {
    await dispatcher.destroy();
  }
}

/** The embedded store under DATA_DIR, inspected without taking the lock away from a running bot. */
export async function lowdbLines(dataDir: string, cipher: SecretCipher, timeoutMs: number): Promise<CheckLine[]> {
  const dir = resolve(dataDir);
  const { line, exists } = await directoryLine(dir);
  if (!exists) return [line];
  const [file, lock] = await Promise.all([dataFileLines(dir, cipher), lockLine(dir, timeoutMs)]);
  return [line, ...file, lock];
}
