import type { CoreDeps } from '../deps.js';
import { identityOf } from '../domain/agent-link.js';
import { mergeDevices, nameKey, normaliseTeamViewerId, type RemoteDevice } from '../domain/device.js';
import type { Asset } from '../domain/ticket.js';
import { BotError, toBotError } from '../errors.js';
import { ASSET_BATCH } from '../ports/itsm.port.js';
import { failureOf } from './job-runner.js';
import { count, newResult, type JobResult } from './job.js';

/**
 * Job `assets` (daily, like the Matrix42 add-on's midnight sync): lists TeamViewer devices in both models, keyed
 * by their numeric ID, matches them to ITSM assets by name and writes the TeamViewer ID field only where it
 * differs. A name that fits several devices or several assets is skipped as ambiguous rather than guessed. The
 * device list is also kept in the store, so `connect` works for assets whose field is still empty.
 */
export async function assetsJob(deps: CoreDeps): Promise<JobResult> {
  const result = newResult('devices', 'matched', 'updated', 'unchanged', 'unmatched', 'ambiguous');
  if (deps.itsm.kind === 'none') return result;

  const devices = await listDevices(deps, result);
  count(result, 'devices', devices.length);

  // name → the TeamViewer IDs going by it; the first spelling seen is the one sent to the ITSM.
  const idsByName = new Map<string, { display: string; ids: Set<string> }>();
  for (const d of devices) {
    for (const n of d.names) {
      const entry = idsByName.get(nameKey(n)) ?? { display: n.trim(), ids: new Set<string>() };
      entry.ids.add(d.teamViewerId);
      idsByName.set(nameKey(n), entry);
    }
  }

  const assetsByName = new Map<string, Asset[]>();
  const names = [...idsByName.values()].map((e) => e.display);
  for (let i = 0; i < names.length; i += ASSET_BATCH) {
    const batch = names.slice(i, i + ASSET_BATCH);
    for (const a of await findBatch(deps, batch, result)) assetsByName.set(nameKey(a.name), [...(assetsByName.get(nameKey(a.name)) ?? []), a]);
  }

  const matchedIds = new Set<string>();
  const pairs: Array<{ asset: Asset & { ref: NonNullable<Asset['ref']> }; id: string }> = [];
  for (const [key, assets] of assetsByName) {
    const ids = idsByName.get(key)?.ids;
    if (!ids) continue; // the ITSM matched more loosely than we do (e.g. trailing spaces): not ours to write
    const [id] = [...ids];
    const [asset] = assets;
    if (ids.size > 1 || assets.length > 1 || !id) {
      ambiguous(deps, result, assets[0]?.name, [...ids], assets.length);
      for (const other of ids) matchedIds.add(other);
      continue;
    }
    if (asset?.ref) pairs.push({ asset: { ...asset, ref: asset.ref }, id });
  }
  // One device going by two names that are two different assets (PC-1 and PC-1.corp): which one is it? Neither.
  const assetsPerId = new Map<string, number>();
  for (const p of pairs) assetsPerId.set(p.id, (assetsPerId.get(p.id) ?? 0) + 1);

  for (const { asset, id } of pairs) {
    matchedIds.add(id);
    if ((assetsPerId.get(id) ?? 0) > 1) {
      ambiguous(deps, result, asset.name, [id], assetsPerId.get(id) ?? 0);
      continue;
    }
    count(result, 'matched');
    if (normaliseTeamViewerId(asset.teamViewerId) === id) {
      count(result, 'unchanged');
      continue;
    }
    try {
      await deps.itsm.setAssetTeamViewerId(asset.ref, id);
      count(result, 'updated');
      deps.logger.info({ asset: asset.name, from: asset.teamViewerId ?? null, to: id }, 'assets: TeamViewer ID written');
    } catch (err) {
      if (toBotError(err).code === 'itsm.assets_unavailable') throw err;
      result.failures.push(failureOf(asset.name, err));
    }
  }
  count(result, 'unmatched', devices.filter((d) => !matchedIds.has(d.teamViewerId)).length);
  return result;
}

/**
 * One lookup per batch. A name the service desk's query language cannot carry (ServiceNow has no escape for `^`)
 * makes the connector refuse the whole batch: then the names are asked one by one, so one odd device name costs
 * only itself.
 */
async function findBatch(deps: CoreDeps, batch: string[], result: JobResult): Promise<Asset[]> {
  try {
    return await deps.itsm.findAssetsByName(batch);
  } catch (err) {
    const e = toBotError(err);
    // No asset store or field at all: every batch would fail the same way, so the run fails with the fix.
    if (e.code === 'itsm.assets_unavailable') throw err;
    if (e.code !== 'command.invalid_args' || batch.length === 1) {
      result.failures.push(failureOf(batch.length === 1 ? (batch[0] ?? '') : `assets ${batch[0] ?? ''}…${batch.at(-1) ?? ''}`, err));
      return [];
    }
  }
  const found: Asset[] = [];
  for (const name of batch) {
    try {
      found.push(...(await deps.itsm.findAssetsByName([name])));
    } catch (err) {
      if (toBotError(err).code === 'itsm.assets_unavailable') throw err;
      if (toBotError(err).code === 'command.invalid_args') deps.logger.info({ name }, 'assets: this device name cannot be looked up in the service desk; skipped');
      else result.failures.push(failureOf(name, err));
    }
  }
  return found;
}

function ambiguous(deps: CoreDeps, result: JobResult, name: string | undefined, ids: string[], assets: number): void {
  count(result, 'ambiguous');
  deps.logger.info({ name, devices: ids, assets }, 'assets: name is ambiguous; not written');
}

/**
 * The company's devices with the script token; otherwise the union of what every linked agent's token sees. An
 * agent whose listing fails is reported, and the devices it saw last time are kept rather than forgotten.
 */
async function listDevices(deps: CoreDeps, result: JobResult): Promise<RemoteDevice[]> {
  const now = deps.clock.now();
  if (deps.remote.companyDeviceAccess) {
    const devices = await deps.remote.listDevices('company');
    await deps.store.devices.replaceAll(devices, now);
    return devices;
  }
  const links = (await deps.store.links.list()).filter((l) => !l.brokenAt);
  if (links.length === 0) {
    throw new BotError('teamviewer.auth_failed', 'No TeamViewer account to read devices with: set TEAMVIEWER_API_TOKEN (a company script token), or link at least one agent.', { kind: 'operational' });
  }
  const seen: RemoteDevice[] = [];
  let failed = 0;
  for (const link of links) {
    try {
      seen.push(...(await deps.remote.listDevices({ agentKey: link.agentKey })));
    } catch (err) {
      failed += 1;
      result.failures.push(failureOf(`devices of ${link.name} (${identityOf(link.agentKey).userId})`, err));
    }
  }
  if (failed === links.length) throw new BotError('teamviewer.unavailable', `No linked agent's TeamViewer account could list devices (${result.failures[0]?.message ?? 'unknown error'}).`, { kind: 'operational' });
  const fresh = mergeDevices(seen);
  await deps.store.devices.replaceAll(failed ? mergeDevices([...fresh, ...(await deps.store.devices.list())]) : fresh, now);
  return fresh;
}
