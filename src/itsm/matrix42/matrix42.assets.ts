/**
 * Computers and their TeamViewer ID (itsm-apis.md §6.5). Queries run on SPSComputerClassBase (where the
 * TeamViewer attribute lives) and pivot to SPSAssetClassBase for name and serial. ASQL answers an unknown
 * attribute with a bare HTTP 500 (§6.6), so a failing query is repeated once without the TeamViewer column: if that
 * one works, the tenant lacks the attribute and the admin is told exactly what to add.
 */
import type { Asset, AssetRef } from '../../core/domain/ticket.js';
import { invalidTeamViewerIdMessage, normaliseTeamViewerId } from '../../core/domain/device.js';
import { ConnectorError, ValidationError } from '../../core/errors.js';
import type { Clock } from '../../core/ports/clock.port.js';
import { ASSET_BATCH } from '../../core/ports/itsm.port.js';
import type { ItsmHttp } from '../itsm.http.js';
import { assetsUnavailable, itsmInvalid } from '../itsm.errors.js';
import type { M42ComputerRow, M42Fragment } from './matrix42.api-types.js';
import { NAME, VENDOR } from './matrix42.auth.js';
import { computerByAssetId, computerColumns, computersByName, DD, teamViewerIdOf, toAsset } from './matrix42.mapping.js';

/** Rows per page; with at most 50 names one page (and an empty second one) is the norm. */
const PAGE_SIZE = 100;
/** A guard against servers that page forever (§6.6); 20 pages is far beyond 50 names. */
const MAX_PAGES = 20;

export interface AssetStore {
  findByName(names: readonly string[]): Promise<Asset[]>;
  /** The computer behind an SPSAssetClassBase fragment (the ticket's asset relation), without failing the ticket. */
  byAssetFragment(assetFragmentId: string, fallbackName: string | undefined): Promise<Asset | undefined>;
  setTeamViewerId(asset: AssetRef, teamViewerId: string): Promise<void>;
  /** Fix text for admins when the TeamViewer attribute is missing. */
  readonly fix: string;
}

/** A 500 after the retries: the one shape an ASQL mistake (such as an unknown attribute) takes. */
const looksLikeAsqlError = (err: unknown) => err instanceof ConnectorError && err.status === 500;
/**
 * How long a missing TeamViewer attribute is believed before asking again: an admin may add it at any time,
 * but every ticket lookup should not pay the failing query (and its retries) meanwhile.
 */
const MISSING_FIELD_RECHECK_MS = 10 * 60_000;

export function createAssetStore(http: ItsmHttp, field: string, clock: Clock): AssetStore {
  const fix =
    field === 'Ud_TeamViewerId'
      ? 'An admin needs to add the attribute `Ud_TeamViewerId` to the data definition SPSComputerClassBase in Matrix42 (or set ITSM_ASSET_TEAMVIEWER_FIELD to the attribute the TeamViewer add-on uses).'
      : `An admin needs to add the attribute \`${field}\` to SPSComputerClassBase in Matrix42, or set ITSM_ASSET_TEAMVIEWER_FIELD to the attribute that holds TeamViewer IDs.`;

  async function page(where: string, withField: boolean, pageNumber: number): Promise<M42ComputerRow[]> {
    const q = new URLSearchParams({ where, columns: computerColumns(withField ? field : undefined), pageSize: String(PAGE_SIZE), pageNumber: String(pageNumber) });
    const res = await http.get(`/data/fragments/${DD.computer}?${q.toString()}`, 'look up computers');
    if (!Array.isArray(res.json)) throw itsmInvalid(VENDOR, NAME, 'look up computers', res.text, res.status);
    return res.json as M42ComputerRow[];
  }

  /**
   * Every row of a query, page by page, until a page is empty or brings no new IDs (§6.6: some servers ignore
   * paging). A short page is not taken as the end, because a server may hand out fewer rows than asked for; that
   * costs one more request. `onePage` is for lookups by id.
   */
  async function all(where: string, onePage = false): Promise<M42ComputerRow[]> {
    const seen = new Map<string, M42ComputerRow>();
    for (let n = 0; n < (onePage ? 1 : MAX_PAGES); n++) {
      const rows = await page(where, true, n);
      let fresh = 0;
      for (const r of rows) {
        if (r.ID && !seen.has(r.ID)) {
          seen.set(r.ID, r);
          fresh++;
        }
      }
      if (rows.length === 0 || fresh === 0) break;
    }
    return [...seen.values()];
  }

  let fieldMissingUntil = 0;
  const fieldKnownMissing = () => clock.now().getTime() < fieldMissingUntil;

  /** Runs `all`; a 500 that goes away without the TeamViewer column means the attribute is missing. */
  async function withFieldCheck(where: string, onePage = false): Promise<M42ComputerRow[]> {
    if (fieldKnownMissing()) throw assetsUnavailable(VENDOR, NAME, fix);
    try {
      return await all(where, onePage);
    } catch (err) {
      if (!looksLikeAsqlError(err)) throw err;
      const probe = await page(where, false, 0).then(
        () => true,
        () => false,
      );
      if (!probe) throw err;
      fieldMissingUntil = clock.now().getTime() + MISSING_FIELD_RECHECK_MS;
      throw assetsUnavailable(VENDOR, NAME, fix);
    }
  }

  async function readField(id: string): Promise<{ exists: boolean; value: string | undefined }> {
    const res = await http.get(`/data/fragments/${DD.computer}/${encodeURIComponent(id)}`, 'read the computer');
    const frag = res.json as M42Fragment | null | undefined;
    if (!frag || typeof frag !== 'object') return { exists: false, value: undefined };
    const key = Object.keys(frag).find((k) => k.toLowerCase() === field.toLowerCase());
    return { exists: true, value: key === undefined ? undefined : teamViewerIdOf(frag[key]) };
  }

  return {
    fix,
    async findByName(names) {
      if (names.length > ASSET_BATCH) throw new ValidationError(`At most ${ASSET_BATCH} device names at a time, please.`);
      const wanted = new Map<string, string>();
      for (const n of names.map((x) => x.trim()).filter(Boolean)) wanted.set(n.toLowerCase(), n);
      if (wanted.size === 0) return [];
      const rows: M42ComputerRow[] = [];
      for (const where of computersByName([...wanted.values()])) rows.push(...(await withFieldCheck(where)));
      // The server compares like its collation does; the port promises case-insensitive equality, so check here.
      const unique = new Map(rows.filter((r) => typeof r.Name === 'string' && wanted.has(r.Name.trim().toLowerCase())).map((r) => [r.ID, r]));
      return [...unique.values()].map(toAsset);
    },

    async byAssetFragment(assetFragmentId, fallbackName) {
      let rows: M42ComputerRow[];
      try {
        rows = await withFieldCheck(computerByAssetId(assetFragmentId), true);
      } catch (err) {
        if (!(err instanceof ConnectorError) || err.code !== 'itsm.assets_unavailable') throw err;
        // A ticket is still worth showing when only the TeamViewer attribute is missing: its computer without it.
        rows = await page(computerByAssetId(assetFragmentId), false, 0);
      }
      const [row] = rows;
      if (row) return toAsset(row);
      // Not a computer (a printer, a phone …): name only, there is no TeamViewer attribute to read or write.
      return fallbackName ? { name: fallbackName } : undefined;
    },

    /**
     * `PUT data/fragments/SPSComputerClassBase` {ID, <field>} changes only that attribute; TimeStamp is left out
     * on purpose (one field, last writer wins). Always read back: 200 + `null` can hide a refused write (§6.6).
     */
    async setTeamViewerId(asset, typed) {
      const teamViewerId = normaliseTeamViewerId(typed);
      if (!teamViewerId) throw new ValidationError(invalidTeamViewerIdMessage(typed));
      const what = 'store the TeamViewer ID on the computer';
      try {
        await http.call('PUT', `/data/fragments/${DD.computer}`, what, { body: { ID: asset.id, [field]: teamViewerId }, idempotent: true });
      } catch (err) {
        if (err instanceof ConnectorError && err.status === 400 && /attribute/i.test(typeof err.details.body === 'string' ? err.details.body : '')) throw assetsUnavailable(VENDOR, NAME, fix);
        if (err instanceof ConnectorError && err.status === 404) throw new ConnectorError('itsm.not_found', `${NAME} has no such computer any more (or the integration user may not see it).`, { vendor: VENDOR, status: 404, reached: true });
        throw err;
      }
      const after = await readField(asset.id);
      if (!after.exists) throw new ConnectorError('itsm.not_found', `${NAME} has no such computer any more (or the integration user may not see it).`, { vendor: VENDOR, reached: true });
      if (after.value !== teamViewerId) {
        throw new ConnectorError('itsm.forbidden', `${NAME} accepted the TeamViewer ID but did not store it. An admin needs to check that the API token's user may edit computers in Matrix42.`, {
          vendor: VENDOR,
          reached: true,
          details: { what, read: after.value ?? null },
        });
      }
    },
  };
}
