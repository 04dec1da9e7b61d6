/**
 * Jira Service Management Cloud site simulator on the shared sim kit (itsm-apis.md §4, style.md §3.10): Basic
 * `email:api_token`, the platform and JSM APIs, Assets (JSM Premium/Enterprise or not), 429 with Retry-After and
 * Jira's X-RateLimit-* headers, and the kit's fault injection.
 */
import { startSimServer, systemClock, type FaultSpec, type SimClock, type SimRequest, type SimResponse } from '../../shared/sim-server.js';
import type { ItsmSimHandle } from '../itsm-sim.js';
import { adfToText } from './adf.js';
import { ASSETS_PATH, handleAssets } from './assets.routes.js';
import { notAuthenticated, notFoundPath } from './jira.errors.js';
import { integrationUser, JIRA_SEED, seedJira } from './jira.seed.js';
import { createState, findIssue, labelOf, objectValues, type JiraContext, type JiraSimState, type SimComment } from './jira.state.js';
import { handlePlatform } from './platform.routes.js';
import { handleServiceDesk } from './servicedesk.routes.js';

export interface JiraSimOptions {
  host?: string;
  port?: number;
  clock?: SimClock;
  /** The integration account's e-mail (JIRA_EMAIL); default `svc-teamviewer@example.com`. */
  email?: string;
  /** Its API token (JIRA_API_TOKEN); default a fake `ATATT…` token. */
  apiToken?: string;
  /** JSM Premium/Enterprise with Assets (default true). False: empty workspace list, no Assets fields or API. */
  assets?: boolean;
  /** Site-wide privacy: the platform API shows nobody's address; the JSM API still shows customers' (default false). */
  hideEmails?: boolean;
  /** Largest page of comments or AQL results, whatever the client asks (default 100). */
  pageSize?: number;
  /** Name of the Computer attribute holding TeamViewer IDs; null = an admin never added one (default `TeamViewer ID`). */
  teamViewerAttribute?: string | null;
  /** Load JIRA_SEED (default true). */
  seed?: boolean;
}

/** The common ITSM face plus Jira-shaped helpers. */
export interface JiraSim extends ItsmSimHandle {
  state: JiraSimState;
  /** Every comment of an issue (case-insensitive key), oldest first, with its visibility. */
  comments(key: string): SimComment[];
}

const JOURNAL_WRITE = /^\/rest\/servicedeskapi\/request\/[^/]+\/comment\/?$/;

function credentialsOk(req: SimRequest, email: string, token: string): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m?.[1]) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // Atlassian account e-mails are case-insensitive; the token is not.
  return colon > 0 && decoded.slice(0, colon).toLowerCase() === email.toLowerCase() && decoded.slice(colon + 1) === token;
}

export async function startJiraSim(opts: JiraSimOptions = {}): Promise<JiraSim> {
  const clock = opts.clock ?? systemClock;
  const email = opts.email ?? 'svc-teamviewer@example.com';
  let token = opts.apiToken ?? 'ATATT3xFfGF0sim-jira-api-token-0123456789';
  const assets = opts.assets ?? true;
  const tvAttribute = opts.teamViewerAttribute === undefined ? 'TeamViewer ID' : opts.teamViewerAttribute;
  const state = createState(JIRA_SEED.workspaceId);
  const me = integrationUser(email);
  state.users.set(me.accountId, me);
  let base = '';

  const handler = (req: SimRequest): SimResponse => {
    if (!credentialsOk(req, email, token)) return notAuthenticated();
    const ctx: JiraContext = { state, base, me, now: clock.now(), assets, hideEmails: opts.hideEmails ?? false, pageSize: Math.max(1, opts.pageSize ?? 100) };
    if (req.path.startsWith('/rest/api/')) return handlePlatform(ctx, req);
    if (req.path.startsWith('/rest/servicedeskapi/')) return handleServiceDesk(ctx, req);
    const a = ASSETS_PATH.exec(req.path);
    if (a?.[1] && a[2]) return handleAssets(ctx, req, a[1], a[2]);
    return notFoundPath();
  };

  const server = await startSimServer(handler, { host: opts.host, port: opts.port, clock, name: 'jira' });
  base = server.url;
  if (opts.seed !== false) seedJira(state, { assets, teamViewerAttribute: tvAttribute, now: clock.now() });

  const issueComments = (key: string): SimComment[] => {
    const issue = findIssue(state, key);
    return issue ? state.comments.filter((c) => c.issueId === issue.id).map((c) => ({ ...c, properties: [...c.properties] })) : [];
  };
  const computerNamed = (name: string) =>
    [...state.objects.values()].find((o) => o.typeId === JIRA_SEED.objectTypes.computer && labelOf(state, o).toLowerCase() === name.toLowerCase());

  return {
    kind: 'jira',
    url: server.url,
    env: { ITSM_PROVIDER: 'jira', JIRA_URL: server.url, JIRA_EMAIL: email, JIRA_API_TOKEN: token },
    numbers: { printer: JIRA_SEED.issues.printer.key, vpn: JIRA_SEED.issues.vpn.key, laptop: JIRA_SEED.issues.laptop.key, unknown: 'SD-9999', malformed: 'SD42' },
    state,
    comments: issueComments,
    internalNotes: (key) => issueComments(key).filter((c) => !c.public).map((c) => (c.adf ? adfToText(c.adf) : c.text)),
    publicNotes: (key) => issueComments(key).filter((c) => c.public && !c.seeded).map((c) => (c.adf ? adfToText(c.adf) : c.text)),
    assetTeamViewerId(name) {
      const obj = computerNamed(name);
      if (!obj) return undefined;
      return tvAttribute ? (objectValues(state, obj, tvAttribute)?.[0] ?? '') : '';
    },
    addAsset(name, teamViewerId) {
      const id = String(state.next.object++);
      const values = new Map<string, string[]>([['301', [name]]]);
      if (teamViewerId && tvAttribute) values.set('305', [teamViewerId]);
      const now = clock.now();
      state.objects.set(id, { id, objectKey: `${state.schemaKey}-${id}`, typeId: JIRA_SEED.objectTypes.computer, values, created: now, updated: now });
    },
    rateLimit(times, retryAfterSeconds) {
      // Jira Cloud sends Retry-After with X-RateLimit-* and a RateLimit-Reason (§4.3 documents Retry-After, H; the
      // other headers follow Atlassian's rate-limiting page and are an assumption here).
      const reset = new Date(clock.now().getTime() + retryAfterSeconds * 1000).toISOString();
      server.fail({
        times,
        status: 429,
        retryAfterSeconds,
        headers: { 'X-RateLimit-Limit': '350', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset, 'X-RateLimit-NearLimit': 'true', 'RateLimit-Reason': 'jira-burst-based' },
        body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
      });
    },
    // API tokens do not expire mid-run (they live for up to a year and are revoked explicitly), so there is no
    // access token to expire: the Basic credentials go on working.
    expireTokens() {},
    revokeCredentials() {
      token = `${token}-revoked`;
    },
    journalWrite: { method: 'POST', path: JOURNAL_WRITE },
    fail: (spec: FaultSpec) => server.fail(spec),
    clearFaults: () => server.clearFaults(),
    requests: server.requests,
    stop: () => server.stop(),
  };
}
