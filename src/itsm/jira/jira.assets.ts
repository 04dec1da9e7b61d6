/**
 * Jira Assets (JSM Premium/Enterprise): the workspace, AQL search by name, one object, its type's attributes, and
 * writing the TeamViewer ID attribute (itsm-apis.md §4.2). Attribute values come keyed by attribute id, so names
 * (`TeamViewer ID`, `Serial Number`) are resolved through the object type's attribute list, cached per type.
 */
import type { Asset, AssetRef } from '../../core/domain/ticket.js';
import { invalidTeamViewerIdMessage, normaliseTeamViewerId } from '../../core/domain/device.js';
import { BotError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Clock } from '../../core/ports/clock.port.js';
import { ASSET_BATCH } from '../../core/ports/itsm.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { jsonOf, type ItsmHttp } from '../itsm.http.js';
import { assetsUnavailable, itsmInvalid } from '../itsm.errors.js';
import type { AssetsAqlPage, AssetsObject, AssetsTypeAttribute, JsmWorkspaces } from './jira.api-types.js';
import { ABSENT_TTL_MS, discovered, discoveredBy } from './jira.cache.js';
import { namesQuery, teamViewerIdOf, typeQuery } from './jira.mapping.js';
import type { JiraConfig } from './jira.schema.js';

const VENDOR = 'jira';
const NAME = 'Jira';
/** Page size asked for; the server may answer fewer per page (then `isLast` says whether more follow). */
const PAGE = 50;
/** Hard stop for a paging loop whose server never says `isLast` (50 names cannot need more). */
const MAX_PAGES = 40;

export interface JiraAssets {
  /** The site's Assets workspace id, or undefined without JSM Premium/Enterprise. */
  workspaceId(): Promise<string | undefined>;
  /** The first object of the configured type among a ticket's Assets field references. */
  linkedAsset(refs: ReadonlyArray<{ workspaceId?: string; objectId: string }>): Promise<Asset | undefined>;
  findByNames(names: readonly string[]): Promise<Asset[]>;
  setTeamViewerId(ref: AssetRef, teamViewerId: string): Promise<void>;
  /** Informational: does the tenant have Assets with the TeamViewer attribute? */
  health(): Promise<{ ok: boolean; detail: string }>;
}

const same = (a: string | undefined, b: string) => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

export function createJiraAssets(deps: { site: ItsmHttp; assets: ItsmHttp; cfg: JiraConfig; logger: Logger; clock: Clock }): JiraAssets {
  const { site, assets, cfg, logger } = deps;
  const attribute = `a text attribute "${cfg.assetField}" on the "${cfg.assetsObjectType}" object type (settings ITSM_ASSET_TEAMVIEWER_FIELD and JIRA_ASSETS_OBJECT_TYPE)`;
  const noWorkspace = () => assetsUnavailable(VENDOR, NAME, `This site has no Assets workspace: Jira Assets needs Jira Service Management Premium or Enterprise, and ${attribute}.`);
  const unavailable = (why: string) => assetsUnavailable(VENDOR, NAME, why);

  const workspaceId = discovered(
    deps.clock,
    async (): Promise<string | undefined> => {
      const res = await site.get('/rest/servicedeskapi/assets/workspace', 'find the Assets workspace', { pass: [404] });
      if (res.status === 404) return undefined;
      return jsonOf<JsmWorkspaces>(res, VENDOR, NAME, 'find the Assets workspace').values?.find((w) => w.workspaceId)?.workspaceId;
    },
    (ws) => (ws ? Number.POSITIVE_INFINITY : ABSENT_TTL_MS),
  );

  const attributesOf = discoveredBy(async (wsAndType: string): Promise<AssetsTypeAttribute[]> => {
    const [ws = '', typeId = ''] = wsAndType.split('|');
    const res = await assets.get(`/workspace/${encodeURIComponent(ws)}/v1/objecttype/${encodeURIComponent(typeId)}/attributes`, 'read the Assets attributes');
    const list = jsonOf<unknown>(res, VENDOR, NAME, 'read the Assets attributes');
    if (!Array.isArray(list)) throw itsmInvalid(VENDOR, NAME, 'read the Assets attributes', res.text);
    return list as AssetsTypeAttribute[];
  });

  async function requireWorkspace(): Promise<string> {
    const ws = await workspaceId();
    if (!ws) throw noWorkspace();
    return ws;
  }

  const valueOf = (obj: AssetsObject, attr: AssetsTypeAttribute | undefined) =>
    attr?.id === undefined ? undefined : obj.attributes?.find((a) => String(a.objectTypeAttributeId) === String(attr.id))?.objectAttributeValues?.[0]?.value;

  async function toAsset(ws: string, obj: AssetsObject): Promise<Asset> {
    const typeId = obj.objectType?.id === undefined ? undefined : String(obj.objectType.id);
    const attrs = typeId ? await attributesOf(`${ws}|${typeId}`) : [];
    const tv = teamViewerIdOf(valueOf(obj, attrs.find((a) => same(a.name, cfg.assetField))));
    const serial = valueOf(obj, attrs.find((a) => same(a.name, 'Serial Number')));
    const name = obj.label ?? valueOf(obj, attrs.find((a) => a.label === true || same(a.name, 'Name')));
    return {
      ref: { system: 'jira', id: String(obj.id), ...(typeId ? { type: typeId } : {}) },
      name: typeof name === 'string' || typeof name === 'number' ? String(name) : `Assets object ${String(obj.id)}`,
      ...(typeof serial === 'string' && serial ? { serial } : {}),
      ...(tv ? { teamViewerId: tv } : {}),
    };
  }

  async function readObject(ws: string, id: string): Promise<AssetsObject | undefined> {
    if (!/^\d+$/.test(id)) throw new ValidationError('That is not a Jira Assets object id.');
    const res = await assets.get(`/workspace/${encodeURIComponent(ws)}/v1/object/${id}`, 'read an Assets object', { pass: [404] });
    return res.status === 404 ? undefined : jsonOf<AssetsObject>(res, VENDOR, NAME, 'read an Assets object');
  }

  /** The TeamViewer attribute of an object type, or assets_unavailable telling the admin to add it. */
  async function teamViewerAttribute(ws: string, typeId: string): Promise<AssetsTypeAttribute & { id: string | number }> {
    const attr = (await attributesOf(`${ws}|${typeId}`)).find((a) => same(a.name, cfg.assetField));
    // Not kept as "missing": once an admin adds the attribute, the next call sees it without a restart.
    if (attr?.id === undefined) attributesOf.forget(`${ws}|${typeId}`);
    if (attr?.id === undefined) throw unavailable(`An admin needs to add ${attribute}; that object type has no such attribute yet.`);
    return attr as AssetsTypeAttribute & { id: string | number };
  }

  async function search(ws: string, qlQuery: string, limit = Number.POSITIVE_INFINITY): Promise<AssetsObject[]> {
    const out: AssetsObject[] = [];
    for (let page = 0, startAt = 0; page < MAX_PAGES && out.length < limit; page++) {
      const q = new URLSearchParams({ startAt: String(startAt), maxResults: String(Math.min(PAGE, limit)), includeAttributes: 'true' });
      const res = await assets.call('POST', `/workspace/${encodeURIComponent(ws)}/v1/object/aql?${q.toString()}`, 'search Jira Assets', { body: { qlQuery }, idempotent: true, pass: [400, 404] });
      // The workspace came from the site, so a 404 here means the Assets base URL points somewhere else.
      if (res.status === 404) throw unavailable(`Jira Assets answered 404 at ${cfg.assetsApiUrl}; check JIRA_ASSETS_API_URL (leave it empty to use the site's own gateway).`);
      if (res.status === 400) {
        const msg = (res.json as { errorMessages?: string[] } | undefined)?.errorMessages?.join(' ') ?? '';
        logger.warn({ status: 400, body: res.text.slice(0, 300) }, 'Assets refused an AQL query');
        throw unavailable(`Jira Assets did not accept the search${msg ? ` (${msg.slice(0, 160)})` : ''}; check that the object type "${cfg.assetsObjectType}" (JIRA_ASSETS_OBJECT_TYPE) exists.`);
      }
      const body = jsonOf<AssetsAqlPage>(res, VENDOR, NAME, 'search Jira Assets');
      const values = Array.isArray(body.values) ? body.values : [];
      out.push(...values);
      startAt += values.length;
      if (body.isLast === true || values.length === 0 || (body.total !== undefined && startAt >= body.total)) break;
    }
    return out;
  }

  return {
    workspaceId,

    async linkedAsset(refs) {
      // Only objects of the configured type count: a ticket may also link services or applications (other fields).
      for (const ref of refs.slice(0, 5)) {
        const ws = ref.workspaceId ?? (await workspaceId());
        if (!ws) return undefined;
        let obj: AssetsObject | undefined;
        try {
          obj = await readObject(ws, ref.objectId);
        } catch (err) {
          // A ticket stays useful without its asset when Assets itself is closed to the integration user.
          if (err instanceof BotError && err.code === 'itsm.forbidden') {
            logger.warn({ objectId: ref.objectId }, 'Assets object not readable; ticket resolved without its asset');
            return undefined;
          }
          throw err;
        }
        if (!obj) logger.warn({ objectId: ref.objectId }, 'linked Assets object not found; check JIRA_ASSETS_API_URL');
        else if (same(obj.objectType?.name, cfg.assetsObjectType)) return toAsset(ws, obj);
      }
      return undefined;
    },

    async findByNames(names) {
      const wanted = new Map<string, string>();
      for (const raw of names) {
        const n = raw.trim();
        if (n && !wanted.has(n.toLowerCase())) wanted.set(n.toLowerCase(), n);
      }
      if (wanted.size === 0) return [];
      const list = [...wanted.values()];
      const queries: string[] = [];
      for (let i = 0; i < list.length; i += ASSET_BATCH) queries.push(namesQuery(cfg.assetsObjectType, list.slice(i, i + ASSET_BATCH)));
      const ws = await requireWorkspace();
      const found = new Map<string, Asset>();
      for (const qlQuery of queries) {
        const objects = await search(ws, qlQuery);
        for (const obj of objects) {
          // AQL `=`/IN ignore case; matching again here keeps the answer exact whatever the server's collation.
          if (obj.id === undefined || obj.label === undefined || !wanted.has(obj.label.toLowerCase())) continue;
          if (obj.objectType?.id !== undefined) await teamViewerAttribute(ws, String(obj.objectType.id));
          found.set(String(obj.id), await toAsset(ws, obj));
        }
      }
      return [...found.values()];
    },

    async setTeamViewerId(ref, teamViewerId) {
      const value = normaliseTeamViewerId(teamViewerId);
      if (!value) throw new ValidationError(invalidTeamViewerIdMessage(teamViewerId));
      const ws = await requireWorkspace();
      let typeId = ref.type;
      if (!typeId) {
        const obj = await readObject(ws, ref.id);
        if (!obj) throw new NotFoundError('itsm.not_found', 'That asset no longer exists in Jira Assets.');
        typeId = obj.objectType?.id === undefined ? undefined : String(obj.objectType.id);
        if (!typeId) throw itsmInvalid(VENDOR, NAME, 'read an Assets object', 'object without objectType.id');
      }
      if (!/^\d+$/.test(ref.id)) throw new ValidationError('That is not a Jira Assets object id.');
      const attr = await teamViewerAttribute(ws, typeId);
      const body = { objectTypeId: typeId, attributes: [{ objectTypeAttributeId: String(attr.id), objectAttributeValues: [{ value }] }] };
      const res = await assets.call('PUT', `/workspace/${encodeURIComponent(ws)}/v1/object/${ref.id}`, 'update an Assets object', { body, idempotent: true, pass: [404] });
      if (res.status === 404) throw new NotFoundError('itsm.not_found', 'That asset no longer exists in Jira Assets.');
      const written = valueOf(jsonOf<AssetsObject>(res, VENDOR, NAME, 'update an Assets object'), attr);
      if (written !== undefined && teamViewerIdOf(written) !== value) {
        throw itsmInvalid(VENDOR, NAME, 'update an Assets object', `attribute reads ${String(written)} after writing ${value}`, res.status);
      }
    },

    async health() {
      try {
        const ws = await workspaceId();
        if (!ws) return { ok: true, detail: 'no Assets workspace (needs JSM Premium or Enterprise): tickets work, TeamViewer IDs cannot be kept in Jira' };
        const [sample] = await search(ws, typeQuery(cfg.assetsObjectType), 1);
        if (sample?.objectType?.id === undefined) return { ok: true, detail: `Assets workspace found; no "${cfg.assetsObjectType}" objects yet` };
        await teamViewerAttribute(ws, String(sample.objectType.id));
        return { ok: true, detail: `"${cfg.assetField}" attribute found on "${cfg.assetsObjectType}"` };
      } catch (err) {
        return { ok: false, detail: err instanceof BotError ? err.publicMessage : String(err) };
      }
    },
  };
}
