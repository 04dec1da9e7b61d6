/**
 * ServiceNow over the Table API with a basic-auth integration user (itsm-apis.md §3). Calls go through the shared
 * ITSM HTTP client; query syntax, field names and row shapes live in servicenow.mapping.ts.
 */
import type { Dispatcher } from 'undici';
import type { ItsmConnector, HealthReport } from '../../core/ports/itsm.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { createItsmHttp } from '../itsm.http.js';
import { createAssets, missingColumnFix } from './servicenow.assets.js';
import { createJournal } from './servicenow.journal.js';
import { COMPUTER_TABLE, SN_HINT, TASK_TABLE, hasField, isIdentifier, numberQuery, parseNumber, tableForNumber, ticketFields, toTicket, val } from './servicenow.mapping.js';
import type { ServiceNowConfig } from './servicenow.schema.js';
import { NAME, VENDOR, createSnTable } from './servicenow.table.js';

/** What the connector is built with (the registry passes ConnectorDeps, of which it uses these). */
export interface ServiceNowDeps {
  dispatcher: Dispatcher;
  /** Per-call time limit (UPSTREAM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Child logger `component: itsm.servicenow`. */
  logger: Logger;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The ServiceNow ItsmConnector for one instance and integration user. */
export function createServiceNowConnector(cfg: ServiceNowConfig, deps: ServiceNowDeps): ItsmConnector {
  const authorization = `Basic ${Buffer.from(`${cfg.username}:${cfg.password}`).toString('base64')}`;
  const http = createItsmHttp({
    vendor: VENDOR,
    displayName: NAME,
    baseUrl: cfg.url,
    dispatcher: deps.dispatcher,
    timeoutMs: deps.timeoutMs,
    // Basic auth has nothing to renew: a 401 is final (no renewAuth).
    authorization: async () => authorization,
    hints: {
      auth: 'An admin needs to check SERVICENOW_USERNAME and SERVICENOW_PASSWORD (a locked or expired integration user looks the same).',
      forbidden: `An admin needs to check its roles: itil for tickets and work notes, read on ${COMPUTER_TABLE}, write on its ${cfg.assetField} column.`,
    },
  });
  const table = createSnTable(http);
  const assets = createAssets(table, cfg.assetField);

  async function healthCheck(): Promise<HealthReport> {
    const checks: NonNullable<HealthReport['checks']> = [];
    try {
      await table.rows(TASK_TABLE, { sysparm_limit: '1', sysparm_fields: 'sys_id' }, 'read tasks');
      checks.push({ name: 'tickets', ok: true, detail: 'the integration user can read the task table' });
    } catch (err) {
      checks.push({ name: 'tickets', ok: false, detail: messageOf(err) });
    }
    if (checks[0]?.ok) {
      try {
        const [row] = await table.rows(COMPUTER_TABLE, { sysparm_limit: '1', sysparm_fields: `sys_id,${cfg.assetField}` }, 'read computers');
        if (!row) checks.push({ name: 'assets', ok: true, detail: `${COMPUTER_TABLE} is readable but empty, so whether it has a ${cfg.assetField} column cannot be told yet` });
        else if (!hasField(row, cfg.assetField)) checks.push({ name: 'assets', ok: false, detail: `${COMPUTER_TABLE} has no ${cfg.assetField} column. ${missingColumnFix(cfg.assetField)}` });
        else checks.push({ name: 'assets', ok: true, detail: `${COMPUTER_TABLE}.${cfg.assetField} is readable` });
      } catch (err) {
        checks.push({ name: 'assets', ok: false, detail: messageOf(err) });
      }
    }
    const failed = checks.find((c) => !c.ok);
    // Tickets and work notes are what the bot cannot work without; a missing asset column only disables `connect`
    // and the assets job, so it is reported without failing readiness.
    return { ok: checks[0]?.ok ?? false, detail: failed?.detail ?? `${NAME} answers and the integration user can read tickets and computers.`, checks };
  }

  return {
    kind: 'servicenow',
    displayName: NAME,
    ticketFormatHint: SN_HINT,
    assetFieldHint: `the \`${cfg.assetField}\` field of the computer CI (${COMPUTER_TABLE})`,
    parseTicketNumber: parseNumber,

    async getTicket(number) {
      const query = numberQuery(number);
      let cls = tableForNumber(number);
      if (!cls) {
        // Unknown prefix: the task table knows every task's class (itsm-apis.md §3.2 "Find any task by number").
        const [task] = await table.rows(TASK_TABLE, { sysparm_query: query, sysparm_fields: 'sys_id,sys_class_name,number', sysparm_limit: '1' }, 'look up the ticket');
        cls = task ? val(task, 'sys_class_name') : undefined;
        if (!cls || !isIdentifier(cls)) return undefined;
      }
      const [row] = await table.rows(cls, { sysparm_query: query, sysparm_fields: ticketFields(cls, cfg.assetField), sysparm_limit: '1' }, 'read the ticket');
      return row ? toTicket(row, cls, cfg.url, number, cfg.assetField) : undefined;
    },

    addJournalEntry: createJournal(table, deps.logger),
    findAssetsByName: (names) => assets.findAssetsByName(names),
    setAssetTeamViewerId: (asset, id) => assets.setAssetTeamViewerId(asset, id),
    healthCheck,
  };
}
