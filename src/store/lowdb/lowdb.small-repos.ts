import { nameKey, type RemoteDevice } from '../../core/domain/device.js';
import type { DeviceRepo } from '../../core/ports/store.port.js';
import type { LowdbHandle } from './lowdb.store.js';

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
