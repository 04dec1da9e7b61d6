import { describe, expect, it } from 'vitest';
import type { SessionMarker } from '../core/ports/remote-support.port.js';
import type { TvConnectionRecord } from './teamviewer.api-types.js';
import { decodeMarker, encodeMarker, toRemoteConnection, toSessionInfo, utcIso } from './teamviewer.mapping.js';

describe('toRemoteConnection', () => {
  it('maps a complete record, times as ISO-8601 UTC', () => {
    expect(
      toRemoteConnection({
        id: 'a1',
        userid: 'u1000001',
        username: 'Ada Agent',
        deviceid: 'd123',
        devicename: 'LAPTOP-7',
        start_date: '2025-03-01T09:05:00Z',
        end_date: '2025-03-01T09:25:00Z',
        session_code: 's123-456-789',
      }),
    ).toEqual({
      id: 'a1',
      supporterName: 'Ada Agent',
      supporterId: 'u1000001',
      deviceName: 'LAPTOP-7',
      deviceId: 'd123',
      start: '2025-03-01T09:05:00.000Z',
      end: '2025-03-01T09:25:00.000Z',
      sessionCode: 's123-456-789',
    });
  });

  it('tolerates an incomplete record: empty device name, numeric device id, no group, no end, no username (§12 #8)', () => {
    const rec = { id: 'b2', userid: 'u1000001', deviceid: 987654321, devicename: '', start_date: '2025-03-01T09:05:00' } as unknown as TvConnectionRecord;
    expect(toRemoteConnection(rec)).toEqual({ id: 'b2', supporterName: 'u1000001', supporterId: 'u1000001', deviceId: '987654321', start: '2025-03-01T09:05:00.000Z' });
    expect(toRemoteConnection({ id: 'c3', start_date: '2025-03-01T09:05:00+01:00', end_date: 'soon' })).toEqual({
      id: 'c3',
      supporterName: 'Unknown supporter',
      start: '2025-03-01T08:05:00.000Z',
    });
  });

  it('skips records it cannot place or de-duplicate (no id, no usable start)', () => {
    expect(toRemoteConnection({ start_date: '2025-03-01T09:05:00Z' })).toBeUndefined();
    expect(toRemoteConnection({ id: 'd4' })).toBeUndefined();
    expect(toRemoteConnection({ id: 'd4', start_date: 'yesterday' })).toBeUndefined();
  });
});

describe('utcIso', () => {
  it('reads zone-less date-times and bare dates as UTC, never the host zone (§12 #7)', () => {
    expect(utcIso('2025-03-01')).toBe('2025-03-01T00:00:00.000Z');
    expect(utcIso('2025-03-01T23:59:59')).toBe('2025-03-01T23:59:59.000Z');
    expect(utcIso('2025-03-01T23:59:59.5Z')).toBe('2025-03-01T23:59:59.500Z');
    expect(utcIso('')).toBeUndefined();
    expect(utcIso(42)).toBeUndefined();
  });
});

describe('session marker', () => {
  const base: SessionMarker = { app: 'teamviewer-chatops', itsm: 'servicenow', ticket: 'INC42', key: 'k-1' };

  it('round-trips the new optional origin and agent', () => {
    const m: SessionMarker = { ...base, origin: { surface: 'teams', conversationId: '19:abc@thread' }, agent: 'teams:t1:o1' };
    expect(decodeMarker(encodeMarker(m))).toEqual(m);
  });

  it('still reads older markers without them', () => {
    expect(decodeMarker(JSON.stringify(base))).toEqual(base);
    expect(decodeMarker(JSON.stringify({ app: 'teamviewer-chatops', ticket: 'INC42', key: 'k-1' }))).toEqual({ ...base, itsm: '' });
  });

  it('drops malformed origin or agent but keeps the correlation', () => {
    for (const bad of [{ surface: 'discord', conversationId: 'C1' }, { surface: 'slack' }, { surface: 'slack', conversationId: '' }, 'slack:C1', null]) {
      expect(decodeMarker(JSON.stringify({ ...base, origin: bad, agent: 7 }))).toEqual(base);
    }
    expect(decodeMarker(JSON.stringify({ ...base, origin: { surface: 'slack', conversationId: 'C1', extra: 1 }, agent: 'slack:T1:U1' }))).toEqual({
      ...base,
      origin: { surface: 'slack', conversationId: 'C1' },
      agent: 'slack:T1:U1',
    });
  });

  it('is not ours for other text, other apps or missing keys', () => {
    for (const text of [undefined, '', 'INC42', '"x"', 'null', '[]', JSON.stringify({ ...base, app: 'other' }), JSON.stringify({ app: 'teamviewer-chatops', ticket: 'INC42' })]) {
      expect(decodeMarker(text)).toBeUndefined();
    }
  });
});

describe('toSessionInfo', () => {
  it('fills description, customer (from end_customer) and createdAt; ignores unusable times', () => {
    const info = toSessionInfo({
      code: 's1',
      state: 'Open',
      description: 'INC42 Printer',
      end_customer: { name: 'Jane Doe', email: '' },
      created_at: '2025-03-01T09:00:00Z',
      valid_until: 'never',
    });
    expect(info).toEqual({ code: 's1', state: 'open', description: 'INC42 Printer', customer: { name: 'Jane Doe' }, createdAt: '2025-03-01T09:00:00.000Z' });
    expect(toSessionInfo({ code: 's2', state: 'Closed', end_customer: {} })).toEqual({ code: 's2', state: 'closed' });
  });
});
