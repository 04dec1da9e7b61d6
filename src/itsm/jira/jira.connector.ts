/**
 * Jira Service Management (Cloud) behind the ItsmConnector port (itsm-apis.md §4): Basic `email:api_token` on the
 * site, the platform issue API for title/status/assignee, the JSM request API for the customer, the "Assets objects"
 * custom field (discovered) for the linked device, and Jira Assets for TeamViewer IDs.
 */
import type { Asset, Ticket } from '../../core/domain/ticket.js';
import { BotError } from '../../core/errors.js';
import type { Clock } from '../../core/ports/clock.port.js';
import type { HealthReport, ItsmConnector } from '../../core/ports/itsm.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { Dispatcher } from 'undici';
import { createItsmHttp, jsonOf, type ItsmHttp } from '../itsm.http.js';
import type { ErrorHints } from '../itsm.errors.js';
import type { JiraField, JiraIssue, JiraMyself, JsmRequest } from './jira.api-types.js';
import { createJiraAssets } from './jira.assets.js';
import { ABSENT_TTL_MS, discovered } from './jira.cache.js';
import { createJiraJournal } from './jira.journal.js';
import { ASSETS_FIELD_TYPE, assetRefsOf, issueFieldList, JIRA_HINT, keySegment, parseJiraKey, toPerson, toTicket } from './jira.mapping.js';
import type { JiraConfig } from './jira.schema.js';

const VENDOR = 'jira';
const NAME = 'Jira';

export const JIRA_HINTS: ErrorHints = {
  auth: 'An admin needs to check JIRA_EMAIL and JIRA_API_TOKEN: the token must be a current API token of that very account (id.atlassian.com → Security → API tokens).',
  forbidden:
    'An admin needs to make that account an agent of the service project (Browse projects, Add comments) and, for devices, give it access to the Assets object schema.',
};

/** An Assets failure while reading a ticket: kept for `connect`, logged, never thrown (anything not ours is a bug). */
function assetOutageOf(logger: Logger) {
  return (err: unknown, ticket: string): BotError => {
    if (!(err instanceof BotError)) throw err;
    logger.warn({ ticket, code: err.code }, 'Jira Assets failed while reading a ticket; the ticket resolves without its device');
    return err;
  };
}

export function createJiraConnector(cfg: JiraConfig, deps: { dispatcher: Dispatcher; timeoutMs: number; logger: Logger; clock: Clock }): ItsmConnector {
  const authorization = `Basic ${Buffer.from(`${cfg.email}:${cfg.apiToken}`).toString('base64')}`;
  const http = (baseUrl: string): ItsmHttp =>
    createItsmHttp({ vendor: VENDOR, displayName: NAME, baseUrl, dispatcher: deps.dispatcher, timeoutMs: deps.timeoutMs, authorization: async () => authorization, hints: JIRA_HINTS });
  const site = http(cfg.url);
  const assets = createJiraAssets({ site, assets: http(cfg.assetsApiUrl), cfg, logger: deps.logger, clock: deps.clock });
  const assetOutage = assetOutageOf(deps.logger);
  const addJournalEntry = createJiraJournal({ site, logger: deps.logger });

  /** Every "Assets objects" custom field of the site, or the one configured (§4.3: the id differs per site). */
  const assetFields = discovered(
    deps.clock,
    async (): Promise<string[]> => {
      if (cfg.assetsCustomField) return [cfg.assetsCustomField];
      const res = await site.get('/rest/api/3/field', 'find the Assets custom field');
      const fields = jsonOf<unknown>(res, VENDOR, NAME, 'find the Assets custom field');
      if (!Array.isArray(fields)) return [];
      return (fields as JiraField[]).filter((f) => f.schema?.custom === ASSETS_FIELD_TYPE && f.id).map((f) => f.id as string);
    },
    (ids) => (ids.length > 0 ? Number.POSITIVE_INFINITY : ABSENT_TTL_MS),
  );

  /** The customer from the JSM request; undefined (use the issue reporter) when the issue is not a JSM request. */
  async function customerOf(key: string): Promise<JsmRequest | undefined> {
    const res = await site.get(`/rest/servicedeskapi/request/${keySegment(key)}`, 'read the service request', { pass: [404] });
    return res.status === 404 ? undefined : jsonOf<JsmRequest>(res, VENDOR, NAME, 'read the service request');
  }

  return {
    kind: 'jira',
    displayName: NAME,
    ticketFormatHint: JIRA_HINT,
    assetFieldHint: `the "${cfg.assetField}" attribute of "${cfg.assetsObjectType}" objects in Jira Assets`,
    parseTicketNumber: parseJiraKey,

    async getTicket(number) {
      const fields = await assetFields();
      const q = new URLSearchParams({ fields: issueFieldList(fields) });
      const res = await site.get(`/rest/api/3/issue/${keySegment(number)}?${q.toString()}`, 'read the issue', { pass: [404] });
      // 404 also means "no permission to browse" (§4.3): to the agent both are "no such ticket".
      if (res.status === 404) return undefined;
      const issue = jsonOf<JiraIssue>(res, VENDOR, NAME, 'read the issue');
      const key = issue.key ?? number;
      const refs = fields.flatMap((f) => assetRefsOf(issue.fields?.[f]));
      // Assets is a separate service (and licence): its outage must not stop `start`, which needs no asset.
      const linked: Promise<{ asset?: Asset | undefined; assetError?: BotError }> =
        refs.length > 0 ? assets.linkedAsset(refs).then((asset) => ({ asset }), (err: unknown) => ({ assetError: assetOutage(err, key) })) : Promise.resolve({});
      const [request, { asset, assetError }] = await Promise.all([customerOf(key), linked]);
      if (!request) deps.logger.debug({ ticket: key }, 'not a JSM request; the issue reporter stands in for the customer');
      const requester = toPerson(request ? request.reporter : issue.fields?.reporter);
      const ticket: Ticket = { ...toTicket(issue, number, cfg.url, requester), ...(asset ? { asset } : {}), ...(assetError ? { assetError } : {}) };
      return ticket;
    },

    addJournalEntry,
    findAssetsByName: (names) => assets.findByNames(names),
    setAssetTeamViewerId: (ref, id) => assets.setTeamViewerId(ref, id),

    async healthCheck(): Promise<HealthReport> {
      const checks: NonNullable<HealthReport['checks']> = [];
      try {
        const me = jsonOf<JiraMyself>(await site.get('/rest/api/3/myself', 'check the credentials'), VENDOR, NAME, 'check the credentials');
        checks.push({ name: 'credentials', ok: true, detail: `signed in as ${me.displayName ?? cfg.email}` });
      } catch (err) {
        const detail = err instanceof BotError ? err.publicMessage : String(err);
        return { ok: false, detail, checks: [{ name: 'credentials', ok: false, detail }] };
      }
      // Assets is optional (Premium/Enterprise): reported, but it never makes the bot unready.
      try {
        const ids = await assetFields();
        checks.push({ name: 'assets field', ok: true, detail: ids.length ? `linked devices read from ${ids.join(', ')}` : 'no "Assets objects" custom field: tickets resolve without a device' });
      } catch (err) {
        checks.push({ name: 'assets field', ok: false, detail: err instanceof BotError ? err.publicMessage : String(err) });
      }
      checks.push({ name: 'assets', ...(await assets.health()) });
      const failing = checks.find((c) => !c.ok);
      return { ok: true, detail: failing ? `Jira works; ${failing.name}: ${failing.detail ?? ''}` : `Jira works (${checks[0]?.detail ?? ''}).`, checks };
    },
  };
}
