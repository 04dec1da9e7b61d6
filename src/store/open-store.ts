import type { Store } from '../core/ports/store.port.js';
import type { Logger } from '../core/ports/logger.port.js';
import type { DataDirLock } from './lowdb/data-dir-lock.js';
import { openLowdbStore } from './lowdb/lowdb.store.js';
import { openPostgresStore } from './postgres/postgres.store.js';
import type { SecretCipher } from './secret-cipher.js';

export interface OpenStoreOptions {
  /** DATABASE_URL: PostgreSQL when set, else the embedded store in `dataDir`. */
  databaseUrl?: string;
  /** DATABASE_SCHEMA; PostgreSQL's default search path when unset. */
  databaseSchema?: string;
  dataDir: string;
  cipher: SecretCipher;
  onSecret: (value: string) => void;
  logger: Logger;
}

/** The one place that picks the store (interface.md: `DATABASE_URL` → PostgreSQL, else lowdb under DATA_DIR). */
export async function openStore(o: OpenStoreOptions): Promise<Store & { dataDirLock?: DataDirLock }> {
  if (o.databaseUrl) return openPostgresStore({ url: o.databaseUrl, ...(o.databaseSchema ? { schema: o.databaseSchema } : {}), cipher: o.cipher, onSecret: o.onSecret, logger: o.logger.child({ component: 'store.postgres' }) });
  return openLowdbStore({ dataDir: o.dataDir, cipher: o.cipher, onSecret: o.onSecret });
}
