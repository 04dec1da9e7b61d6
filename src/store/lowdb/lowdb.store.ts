import { constants } from 'node:fs';
import { access, chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { Store } from '../../core/ports/store.port.js';
import { KeyLock } from '../key-lock.js';
import type { SecretCipher } from '../secret-cipher.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { emptyData, type LowdbData } from './lowdb.schema.js';
import { LowdbConversationRefRepo, LowdbDeviceRepo } from './lowdb.small-repos.js';
import { LowdbJobRunRepo } from './lowdb.jobs.js';
import { LowdbLinkFlowRepo, LowdbLinkRepo } from './lowdb.links.js';
import { LowdbIdempotencyRepo, LowdbOutboxRepo } from './lowdb.outbox.js';
import { LowdbSessionRepo } from './lowdb.sessions.js';

export interface LowdbStoreOptions {
  dataDir: string;
  cipher: SecretCipher;
  /** Told about every secret read back, so the log scrubber can mask it wherever it appears. */
  onSecret?: (value: string) => void;
  /** Take the DATA_DIR lock (default). Only tools that merely read the file while the bot runs should turn it off. */
  lock?: boolean;
}

/** The shared handle every lowdb repository writes through; lowdb (steno) coalesces overlapping writes. */
export class LowdbHandle {
  constructor(
    readonly db: Low<LowdbData>,
    private readonly file: string,
  ) {}
  get data(): LowdbData {
    return this.db.data;
  }
  async save(): Promise<void> {
    await this.db.write();
    // steno writes a new file and renames it over the old one, so the mode falls back to the umask each time.
    await chmod(this.file, 0o600);
  }
}

/**
 * The embedded store: one JSON file, one process. Every check-and-set runs synchronously between two awaits, so
 * it is atomic within the process; the file is written before the call resolves. Several replicas need
 * PostgreSQL (the same caveat bolt documents for its MemoryStore).
 */
export async function openLowdbStore(opts: LowdbStoreOptions): Promise<Store & { dataDirLock?: DataDirLock }> {
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  // `mode` above only applies when mkdir creates the directory; an existing one may be readable by others.
  await chmod(opts.dataDir, 0o700);
  // Before reading: a second process must not even load data that the first one is about to overwrite.
  const dataDirLock = opts.lock === false ? undefined : await acquireDataDirLock(opts.dataDir);
  const file = join(opts.dataDir, 'teamviewer-chatops.json');
  let handle: LowdbHandle;
  try {
    // Compact JSON: lowdb rewrites the whole file on every write, and JSONFile's two-space indentation makes it a
    // third larger for nobody to read (bench:jobs measures the write cost).
    const db = new Low<LowdbData>(new DataFile<LowdbData>(file, { parse: (t) => JSON.parse(t) as LowdbData, stringify: (d) => JSON.stringify(d) }), emptyData());
    await db.read();
    db.data = { ...emptyData(), ...db.data };
    await db.write();
    await chmod(file, 0o600);
    handle = new LowdbHandle(db, file);
  } catch (e) {
    await dataDirLock?.release();
    throw e;
  }
  const locks = new KeyLock();
  const onSecret = opts.onSecret ?? (() => undefined);
  let closed = false;
  return {
    sessions: new LowdbSessionRepo(handle),
    links: new LowdbLinkRepo(handle, opts.cipher, onSecret),
    linkFlow: new LowdbLinkFlowRepo(handle, opts.cipher, onSecret),
    idempotency: new LowdbIdempotencyRepo(handle),
    outbox: new LowdbOutboxRepo(handle),
    jobRuns: new LowdbJobRunRepo(handle),
    devices: new LowdbDeviceRepo(handle),
    conversationRefs: new LowdbConversationRefRepo(handle),
    ...(dataDirLock ? { dataDirLock } : {}),
    withLock: (name, fn) => locks.run(name, fn),
    async ping() {
      // Never db.read() here: it would replace the in-memory data with the file and lose writes still queued.
      await access(opts.dataDir, constants.W_OK);
      await access(file, constants.R_OK | constants.W_OK);
    },
    async close() {
      // Once the lock is gone another process may own the file: a second close must not write it again.
      if (closed) return;
      closed = true;
      try {
        await handle.save();
      } finally {
        await dataDirLock?.release();
      }
    },
  };
}
