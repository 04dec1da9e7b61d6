/**
 * Matrix42 ESM connector (itsm-apis.md §6): API-token exchange, tickets through the fragments API with ASQL,
 * internal journal entries by `journal/Add` or object update, computers and their TeamViewer ID.
 */
import type { Dispatcher } from 'undici';
import type { Asset, TicketNumber, TicketRef } from '../../core/domain/ticket.js';
import { BotError, ConnectorError } from '../../core/errors.js';
import type { Clock } from '../../core/ports/clock.port.js';
import type { HealthReport, ItsmConnector } from '../../core/ports/itsm.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { createItsmHttp, type ItsmHttp } from '../itsm.http.js';
import { itsmInvalid } from '../itsm.errors.js';
import type { M42Fragment, M42TicketRow } from './matrix42.api-types.js';
import { createAssetStore } from './matrix42.assets.js';
import { createTokenManager, M42_HINTS, NAME, VENDOR } from './matrix42.auth.js';
import { createJournalWriter } from './matrix42.journal.js';
import { ciOf, computerColumns, DD, M42_HINT, normaliseTicketNumber, ticketQuery, toTicket } from './matrix42.mapping.js';
import type { Matrix42Config } from './matrix42.schema.js';

export interface Matrix42Deps {
  dispatcher: Dispatcher;
  timeoutMs: number;
  logger: Logger;
  clock: Clock;
}

export function createMatrix42Connector(cfg: Matrix42Config, deps: Matrix42Deps): ItsmConnector {
  const apiBase = `${cfg.url}/api`;
  // Accept-Language is ignored by Matrix42; Explicit-Language picks the language of state labels (§6.1).
  const headers = { 'explicit-language': cfg.language };
  const tokens = createTokenManager({ apiBase, apiToken: cfg.apiToken, dispatcher: deps.dispatcher, timeoutMs: deps.timeoutMs, clock: deps.clock, headers });
  const http: ItsmHttp = createItsmHttp({
    vendor: VENDOR,
    displayName: NAME,
    baseUrl: apiBase,
    dispatcher: deps.dispatcher,
    timeoutMs: deps.timeoutMs,
    authorization: () => tokens.authorization(),
    renewAuth: () => tokens.renew(),
    hints: M42_HINTS,
    headers,
  });
  const assets = createAssetStore(http, cfg.assetField, deps.clock);
  /** Off after the tenant proved it has no such relation (a 500 that goes away without it, §6.6). */
  let assetAttribute = cfg.ticketAssetAttribute;

  async function fragments<T>(dd: string, params: Record<string, string>, what: string): Promise<T[]> {
    const res = await http.get(`/data/fragments/${dd}?${new URLSearchParams(params).toString()}`, what);
    if (!Array.isArray(res.json)) throw itsmInvalid(VENDOR, NAME, what, res.text, res.status);
    return res.json as T[];
  }

  async function ticketRow(number: string): Promise<M42TicketRow | undefined> {
    const what = 'look up the ticket';
    try {
      return (await fragments<M42TicketRow>(DD.activity, ticketQuery(number, assetAttribute), what))[0];
    } catch (err) {
      if (!assetAttribute || !(err instanceof ConnectorError) || err.status !== 500) throw err;
      const [row] = await fragments<M42TicketRow>(DD.activity, ticketQuery(number, undefined), what);
      deps.logger.warn(
        { attribute: assetAttribute },
        'Matrix42 refuses the ticket→asset relation in queries; tickets are read without their asset. Set MATRIX42_TICKET_ASSET_ATTRIBUTE to the right relation name (or none).',
      );
      assetAttribute = undefined;
      return row;
    }
  }

  /** The owning CI from the activity fragment's `UsedInType<CI>` pointer (§6.3). */
  async function ciOfFragment(fragmentId: string): Promise<string | undefined> {
    const res = await http.get(`/data/fragments/${DD.activity}/${encodeURIComponent(fragmentId)}`, 'read the ticket');
    const frag = res.json as M42Fragment | null | undefined;
    return frag && typeof frag === 'object' ? ciOf(frag) : undefined;
  }

  async function resolveCi(ticket: TicketRef): Promise<string> {
    const row = await ticketRow(ticket.number);
    const ci = row?.ID ? await ciOfFragment(row.ID) : undefined;
    if (!ci) throw new ConnectorError('itsm.not_found', `${NAME} has no ticket ${ticket.number} any more (or the integration user may not see it).`, { vendor: VENDOR, reached: true });
    return ci;
  }

  /**
   * The ticket's computer is a nice-to-have for `start`: a role that may not read computers (403) or a computer
   * that vanished must not cost the ticket lookup. Outages, rate limits and bad credentials still fail the call.
   */
  async function linkedAsset(number: string, assetFragmentId: string, name: string | undefined): Promise<Asset | undefined> {
    try {
      return await assets.byAssetFragment(assetFragmentId, name);
    } catch (err) {
      if (err instanceof BotError && (err.code === 'itsm.forbidden' || err.code === 'itsm.not_found' || err.code === 'itsm.invalid_response' || err.code === 'itsm.assets_unavailable')) {
        deps.logger.warn({ ticket: number, code: err.code }, "could not read the ticket's computer; resolving the ticket without it");
        return name ? { name } : undefined;
      }
      throw err;
    }
  }

  const journal = createJournalWriter({ http, logger: deps.logger, mode: cfg.journalMode, resolveCi });

  async function check(name: string, run: () => Promise<unknown>): Promise<{ name: string; ok: boolean; detail?: string }> {
    try {
      await run();
      return { name, ok: true };
    } catch (err) {
      return { name, ok: false, detail: err instanceof BotError ? err.publicMessage : err instanceof Error ? err.message : String(err) };
    }
  }

  return {
    kind: 'matrix42',
    displayName: NAME,
    ticketFormatHint: M42_HINT,
    assetFieldHint: `the \`${cfg.assetField}\` attribute of the computer (data definition SPSComputerClassBase) in Matrix42`,
    parseTicketNumber: normaliseTicketNumber,

    async getTicket(number: TicketNumber) {
      const row = await ticketRow(number);
      if (!row?.ID || !row.ObjectId) return undefined;
      const assetId = typeof row.AssetId === 'string' && row.AssetId ? row.AssetId : undefined;
      const assetName = typeof row.AssetName === 'string' && row.AssetName ? row.AssetName : undefined;
      const [ci, asset] = await Promise.all([ciOfFragment(row.ID), assetId ? linkedAsset(number, assetId, assetName) : Promise.resolve(undefined)]);
      return toTicket(row, number, ci, asset, cfg.url);
    },

    addJournalEntry: (ticket, entry) => journal.add(ticket, entry),
    findAssetsByName: (names) => assets.findByName(names),
    setAssetTeamViewerId: (asset, id) => assets.setTeamViewerId(asset, id),

    async healthCheck(): Promise<HealthReport> {
      const token = await check('token', () => tokens.renew());
      if (!token.ok) return { ok: false, detail: token.detail ?? 'The API token exchange failed.', checks: [token] };
      const tickets = await check('tickets', () => fragments(DD.activity, { columns: 'ID', pageSize: '1' }, 'read tickets'));
      const field = await check('asset field', () =>
        fragments(DD.computer, { columns: computerColumns(cfg.assetField), pageSize: '1' }, 'read computers').catch((err: unknown) => {
          throw err instanceof ConnectorError && err.status === 500 ? new Error(`${cfg.assetField} cannot be read on SPSComputerClassBase. ${assets.fix}`) : err;
        }),
      );
      const checks = [token, tickets, field];
      // Tickets and notes work without the TeamViewer attribute, so only the first two decide `ok`.
      const ok = token.ok && tickets.ok;
      const detail = !ok ? tickets.detail : field.ok ? `${NAME} answers and accepts the API token.` : `${NAME} answers, but: ${field.detail}`;
      return { ok, ...(detail ? { detail } : {}), checks };
    },
  };
}
