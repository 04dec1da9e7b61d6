import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Store } from '../../core/ports/store.port.js';
import { KeyLock } from '../key-lock.js';
import type { SecretCipher } from '../secret-cipher.js';
import { emptyData, type LowdbData } from './lowdb.schema.js';
import { LowdbLinkFlowRepo, LowdbLinkRepo } from './lowdb.links.js';
import { LowdbIdempotencyRepo, LowdbOutboxRepo } from './lowdb.outbox.js';
import { LowdbSessionRepo } from './lowdb.sessions.js';

export interface LowdbStoreOptions {
  dataDir: string;
  cipher: SecretCipher;
  /** Told about every secret read back, so the log scrubber can mask it wherever it appears. */
  onSecret?: (value: string) => void;
}

/** The shared handle every lowdb repository writes through; lowdb (steno) coalesces overlapping writes. */
export class LowdbHandle {
  constructor(readonly db: Low<LowdbData>) {}
  get data(): LowdbData {
    return this.db.data;
  }
  async save(): Promise<void> {
    await this.db.write();
  }
}

/**
 * The embedded store: one JSON file, one process. Every check-and-set runs synchronously between two awaits, so
 * it is atomic within the process; the file is written before the call resolves. Several replicas need
 * PostgreSQL (the same caveat bolt documents for its MemoryStore).
 */
export async function openLowdbStore(opts: LowdbStoreOptions): Promise<Store> {
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const file = join(opts.dataDir, 'teamviewer-chatops.json');
  const db = new Low<LowdbData>(new JSONFile<LowdbData>(file), emptyData());
  await db.read();
  db.data = { ...emptyData(), ...db.data };
  await db.write();
  await chmod(file, 0o600);
  const handle = new LowdbHandle(db);
  const locks = new KeyLock();
  const onSecret = opts.onSecret ?? (() => undefined);
  return {
    sessions: new LowdbSessionRepo(handle),
    links: new LowdbLinkRepo(handle, opts.cipher, onSecret),
    linkFlow: new LowdbLinkFlowRepo(handle, opts.cipher, onSecret),
    idempotency: new LowdbIdempotencyRepo(handle),
    outbox: new LowdbOutboxRepo(handle),
    withLock: (name, fn) => locks.run(name, fn),
    async ping() {
      await db.read().catch(() => undefined);
      if (!db.data) throw new Error('store not readable');
    },
    async close() {
      await db.write();
    },
  };
}
