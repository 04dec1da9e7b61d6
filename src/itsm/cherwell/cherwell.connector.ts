/**
 * Cherwell CSM connector (itsm-apis.md §5): incidents by public id with requester, owner and linked CI, internal
 * journal notes, CI search and the TeamViewer ID field, behind the ItsmConnector port.
 */
import type { Dispatcher } from 'undici';
import type { Asset, Person, TicketNumber } from '../../core/domain/ticket.js';
import { ValidationError } from '../../core/errors.js';
import type { Clock } from '../../core/ports/clock.port.js';
import type { HealthReport, ItsmConnector } from '../../core/ports/itsm.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { createItsmHttp } from '../itsm.http.js';
import { createCwApi, isOptionalDetailFailure, NAME, VENDOR } from './cherwell.api.js';
import type { CwSummary, CwUser } from './cherwell.api-types.js';
import { createAssets } from './cherwell.assets.js';
import { createCherwellAuth } from './cherwell.auth.js';
import { createDiscovery, missingTeamViewerField } from './cherwell.discovery.js';
import { createJournal } from './cherwell.journal.js';
import { CI_FALLBACK_NAME_FIELD, CI_SERIAL_FIELD, CW_HINT, CW_NUMBER, emailOf, fieldValues, parseCherwellNumber, PATHS, teamViewerIdOf, TICKET_FIELDS, toTicket } from './cherwell.mapping.js';
import type { CherwellConfig } from './cherwell.schema.js';

export interface CherwellDeps {
  dispatcher: Dispatcher;
  timeoutMs: number;
  logger: Logger;
  clock: Clock;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Builds the connector; nothing is called until the first use (discovery is lazy and cached). */
export function createCherwellConnector(cfg: CherwellConfig, deps: CherwellDeps): ItsmConnector {
  const auth = createCherwellAuth(cfg, deps);
  const http = createItsmHttp({
    vendor: VENDOR,
    displayName: NAME,
    baseUrl: cfg.url,
    dispatcher: deps.dispatcher,
    timeoutMs: deps.timeoutMs,
    authorization: () => auth.authorization(),
    renewAuth: () => auth.renew(),
    hints: {
      auth: 'An admin needs to check CHERWELL_USERNAME, CHERWELL_PASSWORD and CHERWELL_CLIENT_ID.',
      forbidden: "An admin needs to give the API user's security group rights to that business object.",
    },
  });
  const api = createCwApi(http);
  const discovery = createDiscovery(api, cfg);
  const journal = createJournal(api, discovery, deps.logger);
  const assets = createAssets(api, discovery, cfg, deps.logger);

  /** Optional details (e-mails, CI fields) must not sink the ticket; outages and auth failures still do. */
  async function optional<T>(what: string, fn: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      if (!isOptionalDetailFailure(err)) throw err;
      deps.logger.warn({ vendor: VENDOR, what, err: message(err) }, 'Cherwell detail unavailable; continuing without it');
      return undefined;
    }
  }

  /** Requester: CustomerDisplayName, e-mail from the customer record (itsm-apis.md §5.3 step 4, M). */
  async function requester(v: Map<string, string>): Promise<Person | undefined> {
    const name = v.get(TICKET_FIELDS.customer);
    if (!name) return undefined;
    const recId = v.get(TICKET_FIELDS.customerRecId);
    const email = recId
      ? await optional('read the customer', async () => {
          const busObId = v.get(TICKET_FIELDS.customerTypeId) ?? (await discovery.customerBusObId());
          return emailOf((await api.record(busObId, 'recid', recId, 'read the customer'))?.fields);
        })
      : undefined;
    return { name, ...(email ? { email } : {}), ...(recId ? { itsmId: recId } : {}) };
  }

  /** Assignee: OwnedBy, e-mail through getuserbyrecid (itsm-apis.md §5.3 step 5, M). */
  async function assignee(v: Map<string, string>): Promise<Person | undefined> {
    const name = v.get(TICKET_FIELDS.owner);
    if (!name) return undefined;
    const id = v.get(TICKET_FIELDS.ownerId);
    const email = id
      ? await optional('read the owner', async () => {
          const user = await api.get<CwUser>(PATHS.user(id), 'read the owner');
          return user.hasError ? undefined : emailOf(user.fields);
        })
      : undefined;
    return { name, ...(email ? { email } : {}), ...(id ? { itsmId: id } : {}) };
  }

  /** Linked CI by ConfigItemRecID + ConfigItemTypeID (itsm-apis.md §5.3 step 6). */
  async function asset(v: Map<string, string>): Promise<Asset | undefined> {
    const display = v.get(TICKET_FIELDS.ciName);
    const recId = v.get(TICKET_FIELDS.ciRecId);
    if (!recId) return display ? { name: display } : undefined;
    const found = await optional('read the configuration item', async () => {
      const busObId = v.get(TICKET_FIELDS.ciTypeId) ?? (await discovery.ci()).schema.busObId;
      const rec = await api.record(busObId, 'recid', recId, 'read the configuration item');
      if (!rec) return { ref: { system: 'cherwell' as const, id: recId, type: busObId }, name: display ?? recId };
      const c = fieldValues(rec.fields);
      const name = c.get(cfg.assetNameField) ?? c.get(CI_FALLBACK_NAME_FIELD) ?? display ?? recId;
      const serial = c.get(CI_SERIAL_FIELD);
      const teamViewerId = teamViewerIdOf(c.get(cfg.assetField));
      return { ref: { system: 'cherwell' as const, id: recId, type: busObId }, name, ...(serial ? { serial } : {}), ...(teamViewerId ? { teamViewerId } : {}) };
    });
    return found ?? (display ? { ref: { system: 'cherwell', id: recId }, name: display } : undefined);
  }

  async function healthCheck(): Promise<HealthReport> {
    const checks: NonNullable<HealthReport['checks']> = [];
    try {
      await auth.authorization();
      checks.push({ name: 'sign-in', ok: true, detail: `signed in as ${cfg.username}` });
      const list = await api.get<CwSummary[]>(PATHS.summary(cfg.ticketBusOb), `look up the ${cfg.ticketBusOb} business object`);
      const found = Array.isArray(list) && list.some((s) => s.busObId && !s.hasError);
      checks.push({ name: `${cfg.ticketBusOb} business object`, ok: found, ...(found ? {} : { detail: `${NAME} has no business object named ${cfg.ticketBusOb}; check CHERWELL_TICKET_BO.` }) });
    } catch (err) {
      checks.push({ name: checks.length === 0 ? 'sign-in' : `${cfg.ticketBusOb} business object`, ok: false, detail: message(err) });
    }
    const required = checks.find((c) => !c.ok);
    if (required) return { ok: false, detail: required.detail ?? `${required.name} failed`, checks };
    // Journal and asset set-up are reported for `doctor` but do not make the system unready.
    await discovery.journal().then(
      () => checks.push({ name: 'journal notes', ok: true }),
      (err: unknown) => checks.push({ name: 'journal notes', ok: false, detail: message(err) }),
    );
    await discovery.ci().then(
      (ci) => checks.push({ name: 'TeamViewer ID field', ok: !!ci.teamViewerFieldId, ...(ci.teamViewerFieldId ? { detail: `${cfg.ciType}.${cfg.assetField}` } : { detail: missingTeamViewerField(cfg).message }) }),
      (err: unknown) => checks.push({ name: 'TeamViewer ID field', ok: false, detail: message(err) }),
    );
    const problems = checks.filter((c) => !c.ok);
    return { ok: true, detail: problems.length ? `Connected; but ${problems.map((p) => p.detail ?? p.name).join(' ')}` : `Connected to ${NAME} as ${cfg.username}.`, checks };
  }

  return {
    kind: 'cherwell',
    displayName: NAME,
    ticketFormatHint: CW_HINT,
    assetFieldHint: `the \`${cfg.assetField}\` field of ${cfg.ciType} configuration items (added through a blueprint)`,
    parseTicketNumber: parseCherwellNumber,

    async getTicket(number: TicketNumber) {
      if (!CW_NUMBER.test(number)) throw new ValidationError(CW_HINT);
      const t = await discovery.ticket();
      const rec = await api.record(t.busObId, 'publicid', number, 'read the incident');
      if (!rec?.busObRecId) return undefined;
      const values = fieldValues(rec.fields);
      const [req, owner, ci] = await Promise.all([requester(values), assignee(values), asset(values)]);
      return toTicket({ number, recId: rec.busObRecId, ticketBusOb: cfg.ticketBusOb, values, ...(req ? { requester: req } : {}), ...(owner ? { assignee: owner } : {}), ...(ci ? { asset: ci } : {}) });
    },

    addJournalEntry: (ticket, entry) => journal.add(ticket, entry),
    findAssetsByName: (names) => assets.findByName(names),
    setAssetTeamViewerId: (ref, id) => assets.setTeamViewerId(ref, id),
    healthCheck,
  };
}
