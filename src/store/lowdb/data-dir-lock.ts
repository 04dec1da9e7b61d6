import { randomUUID } from 'node:crypto';
import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { KeyLock } from '../key-lock.js';

/**
 * One process per DATA_DIR. lowdb keeps the whole file in memory and rewrites it on every change, so a second
 * process writing the same file silently drops the first one's writes. The lock file turns that into an error
 * at startup, and tells the CLI where the running bot listens (`controlSocket`).
 */
export const LOCK_FILE = 'teamviewer-chatops.lock';

const lockInfoSchema = z.object({
  pid: z.number().int().positive(),
  instance: z.string().min(1),
  startedAt: z.string(),
  controlSocket: z.string().optional(),
});

export type DataDirLockInfo = z.infer<typeof lockInfoSchema>;

export interface DataDirLock {
  readonly path: string;
  readonly info: DataDirLockInfo;
  /** Records where this process accepts CLI commands, for `readDataDirLock`. */
  setControlSocket(path: string): Promise<void>;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): Promise<void>;
}

export class StoreBusyError extends Error {
  constructor(
    readonly pid: number,
    dataDir: string,
    readonly controlSocket?: string,
  ) {
    super(`Another teamviewer-chatops process (pid ${pid}) is using DATA_DIR ${dataDir}. Stop it first, or use DATABASE_URL to run several processes.`);
    this.name = 'StoreBusyError';
  }
}

/**
 * Lock files this process holds, path → instance id. A lock naming our own pid that is not in here was copied
 * from another data directory (tests copy a whole DATA_DIR to simulate a crash) or left by an earlier process
 * that had our pid (a container's pid 1 after a restart): it is stale.
 */
const held = new Map<string, string>();
/** Serialises acquisitions of one path within the process, so `held` is settled whenever a lock is judged. */
const acquiring = new KeyLock();

const hasCode = (e: unknown, code: string) => e instanceof Error && (e as NodeJS.ErrnoException).code === code;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else, which still makes the lock live.
    return !hasCode(e, 'ESRCH');
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (e) {
    if (!hasCode(e, 'ENOENT')) throw e;
  }
}

async function readRaw(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (hasCode(e, 'ENOENT')) return undefined;
    throw e;
  }
}

function parse(raw: string | undefined): DataDirLockInfo | undefined {
  if (raw === undefined) return undefined;
  try {
    const r = lockInfoSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** The lock as written by whichever process holds (or last held) it; undefined when there is none. */
export async function readDataDirLock(dataDir: string): Promise<DataDirLockInfo | undefined> {
  return parse(await readRaw(join(dataDir, LOCK_FILE)));
}

async function createExclusive(path: string, info: DataDirLockInfo): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (e) {
    if (hasCode(e, 'EEXIST')) return false;
    throw e;
  }
  try {
    await fh.writeFile(JSON.stringify(info));
  } catch (e) {
    // An empty lock file would look like a process caught mid-write to the next opener: don't leave one.
    await fh.close();
    await unlinkIfPresent(path);
    throw e;
  }
  await fh.close();
  return true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const path = resolve(dataDir, LOCK_FILE);
  return acquiring.run(path, () => acquire(dataDir, path));
}

async function acquire(dataDir: string, path: string): Promise<DataDirLock> {
  const info: DataDirLockInfo = { pid: process.pid, instance: randomUUID(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, info)) {
      held.set(path, info.instance);
      return makeLock(path, info);
    }
    let raw = await readRaw(path);
    if (raw === undefined) continue;
    let other = parse(raw);
    if (!other) {
      // Possibly another process between creating the file and writing it: look once more before calling it junk.
      await sleep(50);
      raw = await readRaw(path);
      if (raw === undefined) continue;
      other = parse(raw);
    }
    if (other && isAlive(other.pid) && (other.pid !== process.pid || held.get(path) === other.instance)) {
      throw new StoreBusyError(other.pid, dataDir, other.controlSocket);
    }
    // Stale. Only remove the exact file judged stale, so a process that replaced it meanwhile keeps its lock.
    if ((await readRaw(path)) === raw) await unlinkIfPresent(path);
  }
  throw new Error(`Could not take the lock ${path}: other processes keep replacing it.`);
}

function makeLock(path: string, initial: DataDirLockInfo): DataDirLock {
  let info = initial;
  let released = false;
  const stillOurs = async () => parse(await readRaw(path))?.instance === info.instance;
  return {
    path,
    get info() {
      return info;
    },
    async setControlSocket(socket: string) {
      if (released || !(await stillOurs())) return;
      info = { ...info, controlSocket: socket };
      // Write beside and rename, so that a reader never sees half a file.
      const tmp = `${path}.${info.instance}.tmp`;
      await writeFile(tmp, JSON.stringify(info), { mode: 0o600 });
      await rename(tmp, path);
    },
    async release() {
      if (released) return;
      released = true;
      if (held.get(path) === info.instance) held.delete(path);
      if (await stillOurs()) await unlinkIfPresent(path);
    },
  };
}
