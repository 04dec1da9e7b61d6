/**
 * Computer CIs and their TeamViewer ID column (itsm-apis.md §3.2 "Find computer CI", "Store TeamViewer ID").
 * The column is admin-added (§10 q4); ServiceNow silently ignores unknown columns in reads and writes, so its
 * absence shows only as a missing key, and a field-level write ACL only as a value that did not change.
 */
import type { Asset, AssetRef } from '../../core/domain/ticket.js';
import { invalidTeamViewerIdMessage, normaliseTeamViewerId } from '../../core/domain/device.js';
import { ConnectorError, NotFoundError, ValidationError } from '../../core/errors.js';
import { ASSET_BATCH } from '../../core/ports/itsm.port.js';
import { assetsUnavailable } from '../itsm.errors.js';
import { COMPUTER_TABLE, assertAssetName, assetFields, hasField, isIdentifier, namesQuery, toAsset, val } from './servicenow.mapping.js';
import { NAME, VENDOR, type SnTable } from './servicenow.table.js';

/** The asset half of the port, for ServiceNow computer CIs. */
export interface SnAssets {
  findAssetsByName(names: readonly string[]): Promise<Asset[]>;
  setAssetTeamViewerId(asset: AssetRef, teamViewerId: string): Promise<void>;
}

/** What an admin must do when the TeamViewer column is missing. */
export function missingColumnFix(assetField: string): string {
  return `An admin needs to add a string column \`${assetField}\` to ${COMPUTER_TABLE} (or set ITSM_ASSET_TEAMVIEWER_FIELD to the column that holds TeamViewer IDs) and let the integration user read and write it.`;
}

/** Asset lookups and TeamViewer ID writes against `cmdb_ci_computer` and its configured column. */
export function createAssets(table: SnTable, assetField: string): SnAssets {
  return {
    async findAssetsByName(names) {
      // Checked up front, so a hostile name fails the whole call before anything is sent.
      const wanted = new Map<string, string>();
      for (const raw of names) {
        const name = raw.trim();
        if (name && !wanted.has(assertAssetName(name).toLowerCase())) wanted.set(name.toLowerCase(), name);
      }
      const list = [...wanted.values()];
      const found = new Map<string, Asset>();
      for (let i = 0; i < list.length; i += ASSET_BATCH) {
        const batch = list.slice(i, i + ASSET_BATCH);
        const rows = await table.allRows(COMPUTER_TABLE, { sysparm_query: namesQuery(batch), sysparm_fields: assetFields(assetField) }, 'look up computers');
        if (rows.length > 0 && !rows.some((r) => hasField(r, assetField))) throw assetsUnavailable(VENDOR, NAME, missingColumnFix(assetField));
        for (const row of rows) {
          const asset = toAsset(row, assetField);
          // `=` is case-insensitive on most instances; matching here too keeps a case-sensitive one from widening
          // the answer and drops anything the query returned that was not asked for.
          if (wanted.has(asset.name.toLowerCase()) && asset.ref?.id) found.set(asset.ref.id, asset);
        }
      }
      return [...found.values()];
    },

    async setAssetTeamViewerId(asset, teamViewerId) {
      const id = normaliseTeamViewerId(teamViewerId);
      if (!id) throw new ValidationError(invalidTeamViewerIdMessage(teamViewerId));
      // The CI's own class when we know it (a write through the parent table cannot set child columns).
      const cls = asset.type && isIdentifier(asset.type) && asset.type.startsWith('cmdb_ci') ? asset.type : COMPUTER_TABLE;
      const record = await table.patch(cls, asset.id, { [assetField]: id }, { sysparm_fields: `sys_id,${assetField}` }, 'write the TeamViewer ID of a computer', true);
      if (!record) throw new NotFoundError('itsm.not_found', `That computer no longer exists in ${NAME}.`);
      if (!hasField(record, assetField)) throw assetsUnavailable(VENDOR, NAME, missingColumnFix(assetField));
      if (val(record, assetField) !== id) {
        throw new ConnectorError(
          'itsm.forbidden',
          `${NAME} accepted the TeamViewer ID but did not store it, which is what a field-level write ACL does. An admin needs to let the integration user write ${cls}.${assetField}.`,
          { vendor: VENDOR, status: 200, reached: true, details: { table: cls, field: assetField } },
        );
      }
    },
  };
}
