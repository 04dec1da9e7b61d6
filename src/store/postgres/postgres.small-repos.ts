import { nameKey, type RemoteDevice } from '../../core/domain/device.js';
import type { ConversationRefRepo, DeviceRepo } from '../../core/ports/store.port.js';
import { isoOf, json, type PgDb } from './postgres.db.js';

export class PgConversationRefRepo implements ConversationRefRepo {
  constructor(private readonly db: PgDb) {}

  async put(key: string, ref: Record<string, unknown>) {
    // Every inbound turn refreshes its references: an unchanged one costs no row version.
    await this.db.query(
      `INSERT INTO conversation_refs (key, ref) VALUES ($1, $2::jsonb)
       ON CONFLICT (key) DO UPDATE SET ref = EXCLUDED.ref, updated_at = now() WHERE conversation_refs.ref IS DISTINCT FROM EXCLUDED.ref`,
      [key, json(ref)],
    );
  }

  async get(key: string) {
    const { rows } = await this.db.query<{ ref: Record<string, unknown> }>('SELECT ref FROM conversation_refs WHERE key = $1', [key]);
    return rows[0]?.ref;
  }
}

export class PgDeviceRepo implements DeviceRepo {
  constructor(private readonly db: PgDb) {}

  async replaceAll(devices: RemoteDevice[], syncedAt: Date) {
    const rows = devices.map((device) => ({ device, keys: device.names.map(nameKey) }));
    await this.db.tx(async (c) => {
      // Two replicas replacing at once would each delete only the rows they can see and then both insert: the
      // table lock makes the second wait and delete the first one's list. Readers are not blocked (MVCC).
      await c.query('LOCK TABLE devices IN EXCLUSIVE MODE');
      await c.query('DELETE FROM devices');
      await c.query(
        `INSERT INTO devices (position, device, name_keys)
         SELECT e.ord::int, e.value->'device', ARRAY(SELECT jsonb_array_elements_text(e.value->'keys'))
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ord)`,
        [json(rows)],
      );
      await c.query(
        `INSERT INTO device_sync (singleton, synced_at) VALUES (true, $1) ON CONFLICT (singleton) DO UPDATE SET synced_at = EXCLUDED.synced_at`,
        [syncedAt.toISOString()],
      );
    });
  }

  async findByName(name: string) {
    const { rows } = await this.db.query<{ device: RemoteDevice }>('SELECT device FROM devices WHERE name_keys @> ARRAY[$1::text] ORDER BY position', [nameKey(name)]);
    return rows.map((r) => r.device);
  }

  async list() {
    const { rows } = await this.db.query<{ device: RemoteDevice }>('SELECT device FROM devices ORDER BY position');
    return rows.map((r) => r.device);
  }

  async syncedAt() {
    const { rows } = await this.db.query<{ synced_at: Date }>('SELECT synced_at FROM device_sync');
    return rows[0] ? isoOf(rows[0].synced_at) : undefined;
  }
}
