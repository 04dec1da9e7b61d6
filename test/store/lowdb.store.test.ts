import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, readDataDirLock, StoreBusyError } from '../../src/store/lowdb/data-dir-lock.js';
import { openLowdbStore } from '../../src/store/lowdb/lowdb.store.js';
import { SecretCipher } from '../../src/store/secret-cipher.js';
import { describeStoreContract } from './store.contract.js';
import { at, createdSession, endedSession, ids, iso, logs, MIN, summary } from './store.fixtures.js';

const cipher = new SecretCipher(randomBytes(32));
const dirs: string[] = [];
const newDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'tvco-store-'));
  dirs.push(d);
  return d;
};
const lockPath = (dir: string) => join(dir, 'teamviewer-chatops.lock');
const dataPath = (dir: string) => join(dir, 'teamviewer-chatops.json');
const exists = (p: string) => stat(p).then(() => true, () => false);

describeStoreContract('lowdb', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tvco-contract-'));
  const store = await openLowdbStore({ dataDir: dir, cipher });
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('lowdb store', () => {
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('rebuilds its indexes from the file after a reopen', async () => {
    const dir = await newDir();
    const first = await openLowdbStore({ dataDir: dir, cipher });
    const expired = await createdSession(first, {}, 5 * MIN);
    const live = await createdSession(first, {}, 60 * MIN);
    const queued = await endedSession(first, { logs: logs(20 * MIN) });
    const summarized = await endedSession(first, { logs: logs(20 * MIN) });
    await first.sessions.saveSummary(summarized.id, summary());
    await first.jobRuns.tryAcquire('logs', 'a', at(0), MIN);
    await first.close();

    const again = await openLowdbStore({ dataDir: dir, cipher });
    expect(ids(await again.sessions.listExpired(at(10 * MIN), 10))).toEqual([expired.id]);
    expect(ids(await again.sessions.listAwaitingSummary(at(20 * MIN), 10))).toEqual([queued.id]);
    expect(ids(await again.sessions.listPendingManagerPosts(10))).toEqual([summarized.id]);
    expect((await again.sessions.findByIdempotencyKey(live.idempotencyKey))?.id).toBe(live.id);
    expect((await again.sessions.findLiveByTicket(live.ticketKey, at(10 * MIN)))?.id).toBe(live.id);
    expect(await again.jobRuns.tryAcquire('logs', 'b', at(1), MIN)).toBe(false);
    await again.close();
  });

  it('opens a file written before job runs existed', async () => {
    const dir = await newDir();
    const old = { version: 1, sessions: [], links: [], linkTickets: [], oauthStates: [], idempotency: {}, outbox: [] };
    await writeFile(dataPath(dir), JSON.stringify(old));
    const store = await openLowdbStore({ dataDir: dir, cipher });
    expect(await store.jobRuns.list()).toEqual([]);
    expect(await store.jobRuns.tryAcquire('logs', 'a', at(0), MIN)).toBe(true);
    await store.close();
    expect(JSON.parse(await readFile(dataPath(dir), 'utf8'))).toMatchObject({ jobRuns: [{ job: 'logs' }] });
  });

  it('does not write the file when a purge deletes nothing', async () => {
    const dir = await newDir();
    const store = await openLowdbStore({ dataDir: dir, cipher });
    await createdSession(store);
    await unlink(dataPath(dir));
    expect(await store.sessions.purgeEndedBefore(at(60 * MIN))).toBe(0);
    expect(await store.idempotency.purgeExpired(at(60 * MIN))).toBe(0);
    expect(await store.outbox.purgeFailedBefore(at(60 * MIN))).toBe(0);
    expect(await store.linkFlow.purgeExpired(at(60 * MIN))).toBe(0);
    expect(await exists(dataPath(dir))).toBe(false);
    await store.close();
  });

  it('keeps the notice that a broken link was reported across a reopen, even when the tokens cannot be read', async () => {
    const dir = await newDir();
    const store = await openLowdbStore({ dataDir: dir, cipher });
    await store.links.put({ agentKey: 'slack:T1:U1', tvUserId: 'u1', name: 'Ada', accessToken: 'a', refreshToken: 'r', expiresAt: iso(MIN), linkedAt: iso(0), brokenAt: iso(1), brokenNotifiedAt: iso(2) });
    await store.close();
    const otherKey = await openLowdbStore({ dataDir: dir, cipher: new SecretCipher(randomBytes(32)) });
    expect(await otherKey.links.list()).toMatchObject([{ agentKey: 'slack:T1:U1', accessToken: '', brokenAt: iso(1), brokenNotifiedAt: iso(2) }]);
    await otherKey.close();
  });
});

describe('DATA_DIR lock', () => {
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('is written privately when the store opens and removed when it closes', async () => {
    const dir = await newDir();
    const store = await openLowdbStore({ dataDir: dir, cipher });
    expect((await stat(lockPath(dir))).mode & 0o777).toBe(0o600);
    const info = await readDataDirLock(dir);
    expect(info).toMatchObject({ pid: process.pid, instance: store.dataDirLock?.info.instance });
    await store.close();
    await store.close();
    expect(await exists(lockPath(dir))).toBe(false);
    expect(await readDataDirLock(dir)).toBeUndefined();
  });

  it('refuses a second store on the same directory while the first holds it', async () => {
    const dir = await newDir();
    const first = await openLowdbStore({ dataDir: dir, cipher });
    await first.dataDirLock?.setControlSocket('/run/tvco.sock');
    const refused = openLowdbStore({ dataDir: dir, cipher });
    await expect(refused).rejects.toBeInstanceOf(StoreBusyError);
    await expect(refused).rejects.toMatchObject({
      pid: process.pid,
      controlSocket: '/run/tvco.sock',
      message: `Another teamviewer-chatops process (pid ${process.pid}) is using DATA_DIR ${dir}. Stop it first, or use DATABASE_URL to run several processes.`,
    });
    await first.close();
    const second = await openLowdbStore({ dataDir: dir, cipher });
    await second.close();
  });

  it('refuses a lock held by another live process', async () => {
    const dir = await newDir();
    await writeFile(lockPath(dir), JSON.stringify({ pid: process.ppid, instance: 'other', startedAt: iso(0) }));
    await expect(openLowdbStore({ dataDir: dir, cipher })).rejects.toMatchObject({ name: 'StoreBusyError', pid: process.ppid });
    expect((await readDataDirLock(dir))?.instance).toBe('other');
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = await newDir();
    await writeFile(lockPath(dir), JSON.stringify({ pid: 999999, instance: 'dead', startedAt: iso(0) }));
    const store = await openLowdbStore({ dataDir: dir, cipher });
    expect(await readDataDirLock(dir)).toMatchObject({ pid: process.pid, instance: store.dataDirLock?.info.instance });
    await store.close();
  });

  it('takes over a lock that came with a copied data directory', async () => {
    const dir = await newDir();
    const original = await openLowdbStore({ dataDir: dir, cipher });
    const session = await createdSession(original);
    const copy = await newDir();
    await cp(dir, copy, { recursive: true });
    const fromCopy = await openLowdbStore({ dataDir: copy, cipher });
    expect((await fromCopy.sessions.get(session.id))?.id).toBe(session.id);
    expect((await readDataDirLock(copy))?.instance).toBe(fromCopy.dataDirLock?.info.instance);
    expect((await readDataDirLock(dir))?.instance).toBe(original.dataDirLock?.info.instance);
    await Promise.all([original.close(), fromCopy.close()]);
    expect(await exists(lockPath(dir))).toBe(false);
    expect(await exists(lockPath(copy))).toBe(false);
  });

  it('takes over a lock file that is not a lock', async () => {
    const dir = await newDir();
    await writeFile(lockPath(dir), '');
    const lock = await acquireDataDirLock(dir);
    expect((await readDataDirLock(dir))?.instance).toBe(lock.info.instance);
    await lock.release();
  });

  it('leaves alone a lock file that another holder has taken over meanwhile', async () => {
    const dir = await newDir();
    const lock = await acquireDataDirLock(dir);
    await writeFile(lockPath(dir), JSON.stringify({ pid: 999999, instance: 'someone-else', startedAt: iso(0) }));
    await lock.release();
    await lock.release();
    expect((await readDataDirLock(dir))?.instance).toBe('someone-else');
  });

  it('lets only one of two concurrent openers in', async () => {
    const dir = await newDir();
    const results = await Promise.allSettled([acquireDataDirLock(dir), acquireDataDirLock(dir)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(StoreBusyError);
    for (const r of results) if (r.status === 'fulfilled') await r.value.release();
  });

  it('can be turned off for tools that only read', async () => {
    const dir = await newDir();
    const store = await openLowdbStore({ dataDir: dir, cipher, lock: false });
    expect(store.dataDirLock).toBeUndefined();
    expect(await exists(lockPath(dir))).toBe(false);
    await store.close();
  });
});
