/**
 * CIs and their TeamViewer ID (itsm-apis.md §5.5): `getsearchresults` on the configured CI type with one eq
 * filter per name (ORed by CSM), paged with the SR-152489 guard (§5.6), and `savebusinessobject` for the
 * TeamViewer field.
 */
import type { Asset, AssetRef } from '../../core/domain/ticket.js';
import { invalidTeamViewerIdMessage, normaliseTeamViewerId } from '../../core/domain/device.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { ASSET_BATCH } from '../../core/ports/itsm.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { itsmInvalid } from '../itsm.errors.js';
import { assertNoError, NAME, VENDOR, type CwApi } from './cherwell.api.js';
import type { CwRecord, CwSaveResult, CwSearchResults } from './cherwell.api-types.js';
import { missingTeamViewerField, type CiSetup, type Discovery } from './cherwell.discovery.js';
import { assertAssetName, CI_SERIAL_FIELD, fieldIn, fieldValues, isNotFound, MAX_PAGES, nameSearch, PATHS, teamViewerIdOf, vendorError } from './cherwell.mapping.js';
import type { CherwellConfig } from './cherwell.schema.js';

export interface CherwellAssets {
  findByName(names: readonly string[]): Promise<Asset[]>;
  setTeamViewerId(asset: AssetRef, teamViewerId: string): Promise<void>;
}

export function createAssets(api: CwApi, discovery: Discovery, cfg: CherwellConfig, logger: Logger): CherwellAssets {
  async function withField(): Promise<CiSetup & { teamViewerFieldId: string }> {
    const ci = await discovery.ci();
    if (!ci.teamViewerFieldId) throw missingTeamViewerField(cfg);
    return { ...ci, teamViewerFieldId: ci.teamViewerFieldId };
  }

  function toAsset(rec: CwRecord, busObId: string): Asset | undefined {
    const v = fieldValues(rec.fields);
    const name = v.get(cfg.assetNameField);
    if (!rec.busObRecId || !name) return undefined;
    const serial = v.get(CI_SERIAL_FIELD);
    const teamViewerId = teamViewerIdOf(v.get(cfg.assetField));
    return { ref: { system: 'cherwell', id: rec.busObRecId, type: busObId }, name, ...(serial ? { serial } : {}), ...(teamViewerId ? { teamViewerId } : {}) };
  }

  return {
    async findByName(names) {
      if (names.length > ASSET_BATCH) throw new ValidationError(`At most ${ASSET_BATCH} asset names can be looked up at once.`);
      const wanted = new Map<string, string>();
      for (const raw of names) {
        const n = assertAssetName(raw.trim());
        if (n && !wanted.has(n.toLowerCase())) wanted.set(n.toLowerCase(), n);
      }
      if (wanted.size === 0) return [];
      const ci = await withField();
      const busObId = ci.schema.busObId;
      const fields = [ci.nameFieldId, ci.teamViewerFieldId, ...(ci.serialFieldId ? [ci.serialFieldId] : [])];
      const what = 'search configuration items';
      const found = new Map<string, Asset>();
      let seen = 0;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const body = assertNoError(await api.post<CwSearchResults>(PATHS.search, nameSearch(busObId, ci.nameFieldId, [...wanted.values()], fields, page), what, true), what);
        const rows = body.businessObjects ?? [];
        const total = body.totalRows ?? 0;
        for (const rec of rows) {
          const asset = toAsset(rec, busObId);
          // The server's eq may be looser or stricter about case than we are; the rule here is ours.
          if (asset?.ref && wanted.has(asset.name.toLowerCase())) found.set(asset.ref.id, asset);
        }
        seen += rows.length;
        if (rows.length === 0) {
          // CSM bug SR-152489 (itsm-apis.md §5.6): totalRows > 0 with an empty page; stop rather than loop.
          if (seen < total) logger.warn({ vendor: VENDOR, seen, total }, 'Cherwell search reported more rows than it returned; stopping');
          break;
        }
        if (seen >= total) break;
      }
      return [...found.values()];
    },

    async setTeamViewerId(asset, teamViewerId) {
      const id = normaliseTeamViewerId(teamViewerId);
      if (!id) throw new ValidationError(invalidTeamViewerIdMessage(teamViewerId));
      if (asset.system !== 'cherwell' || !asset.id) throw new ValidationError('That asset does not come from Cherwell.');
      const ci = await discovery.ci();
      const busObId = asset.type ?? ci.schema.busObId;
      const schema = busObId === ci.schema.busObId ? ci.schema : await discovery.schemaOf(busObId);
      const fieldId = schema.fieldIds.get(cfg.assetField);
      if (!fieldId) throw missingTeamViewerField({ ...cfg, ciType: schema.name });
      const what = 'store the TeamViewer ID on the configuration item';
      const body = { busObId, busObRecId: asset.id, fields: [fieldIn(fieldId, cfg.assetField, id)], persist: true };
      // Setting a field to a value is safe to repeat, so the HTTP client may retry it.
      const res = await api.post<CwSaveResult>(PATHS.save, body, what, true);
      const invalid = res.fieldValidationErrors ?? [];
      if (res.hasError && isNotFound(res)) throw new NotFoundError('itsm.not_found', `${NAME} has no configuration item ${asset.id} any more.`);
      if (res.hasError || invalid.length > 0) {
        throw itsmInvalid(VENDOR, NAME, what, [vendorError(res), ...invalid.map((e) => `${e.fieldId ?? ''} ${e.error ?? ''}`)].join('; '), 200);
      }
    },
  };
}
