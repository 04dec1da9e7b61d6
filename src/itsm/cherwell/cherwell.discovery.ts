/**
 * Start-up discovery, done lazily and cached per part (itsm-apis.md §5.3 step 1, §9 "Discovery cache"): BO
 * names → busObIds, field names → fieldIds, the journal relationship and note type by display name. A failed
 * part is retried on next use; a missing CI type or TeamViewer field never blocks ticket lookups.
 */
import { ConnectorError } from '../../core/errors.js';
import { assetsUnavailable, itsmInvalid } from '../itsm.errors.js';
import { assertNoError, NAME, VENDOR, type CwApi } from './cherwell.api.js';
import type { CwRelationship, CwSchema, CwSummary } from './cherwell.api-types.js';
import { CI_SERIAL_FIELD, CUSTOMER_BUSOB, JOURNAL_BUSOB, JOURNAL_FIELDS, journalRelationship, NOTE_TYPE_DISPLAY, PATHS } from './cherwell.mapping.js';
import type { CherwellConfig } from './cherwell.schema.js';

export interface BoSchema {
  busObId: string;
  name: string;
  /** Field name → fieldId exactly as the schema gives it. */
  fieldIds: Map<string, string>;
  relationships: CwRelationship[];
}

export interface JournalSetup {
  relationshipId: string;
  /** The Journal group BO the note is saved as (Variant A). */
  busObId: string;
  /** busObId of the "Journal - Note" member, written into JournalTypeID. */
  noteTypeId: string;
  typeFieldId: string;
  detailsFieldId: string;
}

export interface CiSetup {
  schema: BoSchema;
  nameFieldId: string;
  /** Undefined when nobody added the TeamViewer field to this CI type (asset methods then refuse). */
  teamViewerFieldId?: string;
  serialFieldId?: string;
}

export interface Discovery {
  ticket(): Promise<BoSchema>;
  journal(): Promise<JournalSetup>;
  /** busObId of CustomerInternal, for incidents without CustomerTypeID. */
  customerBusObId(): Promise<string>;
  ci(): Promise<CiSetup>;
  schemaOf(busObId: string): Promise<BoSchema>;
}

/** Caches a successful promise; a failure is forgotten so the next call tries again. */
function lazy<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= fn().catch((err: unknown) => {
      p = undefined;
      throw err;
    });
    return p;
  };
}

const setupError = (what: string, fix: string) => new ConnectorError('itsm.invalid_response', `${NAME} is not set up the way the bot expects: ${what}. ${fix}`, { vendor: VENDOR, reached: true });

export function createDiscovery(api: CwApi, cfg: CherwellConfig): Discovery {
  const schemas = new Map<string, () => Promise<BoSchema>>();

  /** The summary of a BO by internal name, or undefined when the system has none. */
  async function summary(name: string): Promise<CwSummary | undefined> {
    const body = await api.get<CwSummary[] | CwSummary>(PATHS.summary(name), `look up the ${name} business object`);
    const list = Array.isArray(body) ? body : [body];
    const found = list.find((s) => !s.hasError && s.name?.toLowerCase() === name.toLowerCase()) ?? list.find((s) => !s.hasError && s.busObId);
    return found?.busObId ? found : undefined;
  }

  function schemaOf(busObId: string): Promise<BoSchema> {
    let get = schemas.get(busObId);
    if (!get) {
      get = lazy(async () => {
        const what = 'read a business object schema';
        const s = assertNoError(await api.get<CwSchema>(PATHS.schema(busObId), what), what);
        const fieldIds = new Map<string, string>();
        for (const f of s.fieldDefinitions ?? []) if (f.name && f.fieldId) fieldIds.set(f.name, f.fieldId);
        if (fieldIds.size === 0) throw itsmInvalid(VENDOR, NAME, what, `schema of ${busObId} lists no fields`);
        return { busObId, name: s.name ?? busObId, fieldIds, relationships: s.relationships ?? [] };
      });
      schemas.set(busObId, get);
    }
    return get();
  }

  const ticket = lazy(async () => {
    const s = await summary(cfg.ticketBusOb);
    if (!s?.busObId) throw setupError(`it has no business object named ${cfg.ticketBusOb}`, 'An admin needs to check CHERWELL_TICKET_BO (default Incident).');
    return schemaOf(s.busObId);
  });

  const journal = lazy(async (): Promise<JournalSetup> => {
    const t = await ticket();
    const rel = journalRelationship(t.relationships, cfg.ticketBusOb);
    if (!rel?.relationshipId) throw setupError(`${cfg.ticketBusOb} has no "${cfg.ticketBusOb} Owns Journals" relationship`, 'An admin needs to restore it in the blueprint, or the bot cannot write journal notes.');
    const group = await summary(JOURNAL_BUSOB);
    const note = group?.groupSummaries?.find((m) => m.displayName?.toLowerCase() === NOTE_TYPE_DISPLAY.toLowerCase()) ?? group?.groupSummaries?.find((m) => m.name === 'JournalNote');
    if (!group?.busObId || !note?.busObId) throw setupError(`the Journal group has no "${NOTE_TYPE_DISPLAY}" member`, 'An admin needs to check the Journal business objects.');
    const busObId = rel.target ?? group.busObId;
    const js = await schemaOf(busObId);
    const typeFieldId = js.fieldIds.get(JOURNAL_FIELDS.type);
    const detailsFieldId = js.fieldIds.get(JOURNAL_FIELDS.details);
    if (!typeFieldId || !detailsFieldId) throw setupError(`the Journal business object lacks ${JOURNAL_FIELDS.type} or ${JOURNAL_FIELDS.details}`, 'An admin needs to check the Journal business objects.');
    return { relationshipId: rel.relationshipId, busObId, noteTypeId: note.busObId, typeFieldId, detailsFieldId };
  });

  const customerBusObId = lazy(async () => {
    const s = await summary(CUSTOMER_BUSOB);
    if (!s?.busObId) throw setupError(`it has no ${CUSTOMER_BUSOB} business object`, 'Requester e-mail addresses stay unknown.');
    return s.busObId;
  });

  const ci = lazy(async (): Promise<CiSetup> => {
    const s = await summary(cfg.ciType);
    if (!s?.busObId) throw assetsUnavailable(VENDOR, NAME, `There is no configuration item type named ${cfg.ciType}; an admin needs to check CHERWELL_CI_TYPE (default ConfigComputer).`);
    const schema = await schemaOf(s.busObId);
    const nameFieldId = schema.fieldIds.get(cfg.assetNameField);
    if (!nameFieldId) throw assetsUnavailable(VENDOR, NAME, `${cfg.ciType} has no ${cfg.assetNameField} field; an admin needs to check CHERWELL_ASSET_NAME_FIELD (default HostName).`);
    const teamViewerFieldId = schema.fieldIds.get(cfg.assetField);
    const serialFieldId = schema.fieldIds.get(CI_SERIAL_FIELD);
    return { schema, nameFieldId, ...(teamViewerFieldId ? { teamViewerFieldId } : {}), ...(serialFieldId ? { serialFieldId } : {}) };
  });

  return { ticket, journal, customerBusObId, ci, schemaOf };
}

/** What an admin must do when the TeamViewer field is missing (itsm-apis.md §5.5). */
export function missingTeamViewerField(cfg: CherwellConfig): ConnectorError {
  return assetsUnavailable(VENDOR, NAME, `An admin needs to add a text field named ${cfg.assetField} to ${cfg.ciType} in a blueprint (or set ITSM_ASSET_TEAMVIEWER_FIELD to the field that holds it).`);
}
