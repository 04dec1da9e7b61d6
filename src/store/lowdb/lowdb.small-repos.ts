import { nameKey, type RemoteDevice } from '../../core/domain/device.js';
import type { ConversationRefRepo, DeviceRepo } from '../../core/ports/store.port.js';
import type { LowdbHandle } from './lowdb.store.js';

export class LowdbConversationRefRepo implements ConversationRefRepo {
  constructor(private readonly h: LowdbHandle) {}

  async put(key: string, ref: Record<string, unknown>) {
    // Every inbound turn refreshes its references: skip the whole-file write when nothing changed.
    if (JSON.stringify(this.h.data.conversationRefs[key]) === JSON.stringify(ref)) return;
    this.h.data.conversationRefs[key] = structuredClone(ref);
    await this.h.save();
  }

  async get(key: string) {
    const ref = this.h.data.conversationRefs[key];
    return ref ? structuredClone(ref) : undefined;
  }
}

export class LowdbDeviceRepo implements DeviceRepo {
  constructor(private readonly h: LowdbHandle) {}

  async replaceAll(devices: RemoteDevice[], syncedAt: Date) {
    this.h.data.devices = { syncedAt: syncedAt.toISOString(), list: devices.map((d) => structuredClone(d)) };
    await this.h.save();
  }

  async findByName(name: string) {
    const key = nameKey(name);
    return this.h.data.devices.list.filter((d) => d.names.some((n) => nameKey(n) === key)).map((d) => structuredClone(d));
  }

  async list() {
    return this.h.data.devices.list.map((d) => structuredClone(d));
  }

  async syncedAt() {
    return this.h.data.devices.syncedAt;
  }
}
