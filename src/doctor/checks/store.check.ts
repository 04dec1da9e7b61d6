import { SecretCipher } from '../../store/secret-cipher.js';
import { probe, type CheckContext, type CheckLine, type DoctorCheck } from '../check.js';
import { lowdbLines } from './store-lowdb.probe.js';
import { postgresLines } from './store-postgres.probe.js';

/** The store open-store.ts would pick: PostgreSQL with DATABASE_URL, else the embedded store in DATA_DIR. */
export const storeCheck: DoctorCheck = {
  part: 'Store',
  applies: () => true,
  async run(ctx: CheckContext): Promise<CheckLine[]> {
    const { config } = ctx;
    const cipher = new SecretCipher(config.encryptionKey);
    if (config.databaseUrl) {
      const url = config.databaseUrl;
      // Connect, select 1, two reads of the migrations table and one of the links: a few round trips.
      return probe('Store', 'PostgreSQL', ctx.timeoutMs * 3, 'check DATABASE_URL and that the database server answers', () => postgresLines(url, config.databaseSchema, cipher, ctx.timeoutMs));
    }
    return probe('Store', `DATA_DIR ${config.dataDir}`, ctx.timeoutMs * 2, 'check DATA_DIR', () => lowdbLines(config.dataDir, cipher, ctx.timeoutMs));
  },
};
