/**
 * Jira platform REST API v3 (itsm-apis.md §4.2): `/myself`, `/field`, `/issue/{key}` with `fields` filtering and
 * `/issue/{key}/comment` (ADF bodies, `sd.public.comment` property, classic startAt/maxResults/total paging).
 */
import type { SimRequest, SimResponse } from '../../shared/sim-server.js';
import { adfToText, isAdfDoc, textToAdf } from './adf.js';
import { issueNotFound, jiraError, methodNotAllowed, notFoundPath } from './jira.errors.js';
import { JIRA_SEED } from './jira.seed.js';
import { findIssue, intParam, jiraTime, platformUser, type JiraContext, type SimComment, type SimIssue } from './jira.state.js';

const ISSUE = /^\/rest\/api\/(?:3|latest)\/issue\/([^/]+)(\/comment)?\/?$/;
const CMDB = 'com.atlassian.jira.plugins.cmdb:cmdb-object-cftype';

function fieldList(ctx: JiraContext): unknown[] {
  const system = (id: string, name: string, type: string) => ({ id, key: id, name, custom: false, orderable: true, navigable: true, searchable: true, clauseNames: [id], schema: { type, system: id } });
  const custom = (id: string, name: string, schema: Record<string, unknown>) => {
    const n = Number(id.replace('customfield_', ''));
    return { id, key: id, name, untranslatedName: name, custom: true, orderable: true, navigable: true, searchable: true, clauseNames: [`cf[${n}]`, name], schema: { ...schema, customId: n } };
  };
  const f = JIRA_SEED.fields;
  return [
    system('summary', 'Summary', 'string'),
    system('status', 'Status', 'status'),
    system('assignee', 'Assignee', 'user'),
    system('reporter', 'Reporter', 'user'),
    system('issuetype', 'Work type', 'issuetype'),
    system('project', 'Space', 'project'),
    system('created', 'Created', 'datetime'),
    system('description', 'Description', 'string'),
    system('comment', 'Comment', 'comments-page'),
    custom(f.requestType, 'Request Type', { type: 'sd-customerrequesttype', custom: 'com.atlassian.servicedesk:vp-origin' }),
    custom('customfield_10016', 'Story point estimate', { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points' }),
    // The Assets field type exists only where Assets does (JSM Premium/Enterprise, §4.2).
    ...(ctx.assets
      ? [custom(f.device, 'Affected device', { type: 'array', items: 'cmdb-object-field', custom: CMDB }), custom(f.service, 'Affected business service', { type: 'array', items: 'cmdb-object-field', custom: CMDB })]
      : []),
  ];
}

function renderFields(ctx: JiraContext, issue: SimIssue): Record<string, unknown> {
  const user = (id: string | undefined) => {
    const u = id ? ctx.state.users.get(id) : undefined;
    return u ? platformUser(ctx.base, u, ctx.hideEmails) : null;
  };
  const s = issue.status;
  const out: Record<string, unknown> = {
    summary: issue.summary,
    status: { self: `${ctx.base}/rest/api/3/status/${s.id}`, name: s.name, id: s.id, statusCategory: { self: `${ctx.base}/rest/api/3/statuscategory/${s.category.id}`, ...s.category, colorName: 'yellow' } },
    assignee: user(issue.assigneeId),
    reporter: user(issue.reporterId),
    issuetype: issue.serviceDeskId ? { id: '10004', name: '[System] Service request', subtask: false } : { id: '10001', name: 'Task', subtask: false },
    project: { id: issue.serviceDeskId ? '10000' : '10001', key: issue.projectKey, projectTypeKey: issue.serviceDeskId ? 'service_desk' : 'software' },
    created: jiraTime(issue.created),
    description: null,
    customfield_10016: null,
    [JIRA_SEED.fields.requestType]: issue.requestTypeId ? { requestType: { id: issue.requestTypeId } } : null,
  };
  if (ctx.assets) {
    for (const field of [JIRA_SEED.fields.device, JIRA_SEED.fields.service]) {
      const ids = issue.assets[field] ?? [];
      out[field] = ids.length ? ids.map((id) => ({ workspaceId: ctx.state.workspaceId, id: `${ctx.state.workspaceId}:${id}`, objectId: id })) : null;
    }
  }
  return out;
}

/** `fields=a,b` (unknown names ignored), `*all`/`*navigable` or absent for everything, `-x` to drop one. */
function pickFields(all: Record<string, unknown>, param: string | null): Record<string, unknown> {
  const asked = (param ?? '*all').split(',').map((f) => f.trim()).filter(Boolean);
  const everything = asked.some((f) => f === '*all' || f === '*navigable');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) if ((everything || asked.includes(k)) && !asked.includes(`-${k}`)) out[k] = v;
  return out;
}

function renderComment(ctx: JiraContext, issue: SimIssue, c: SimComment, withProperties: boolean): Record<string, unknown> {
  const author = ctx.state.users.get(c.authorId) ?? ctx.me;
  return {
    self: `${ctx.base}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
    id: c.id,
    author: platformUser(ctx.base, author, ctx.hideEmails),
    body: c.adf ?? textToAdf(c.text),
    updateAuthor: platformUser(ctx.base, author, ctx.hideEmails),
    created: jiraTime(c.created),
    updated: jiraTime(c.created),
    ...(issue.serviceDeskId ? { jsdPublic: c.public } : {}),
    ...(withProperties ? { properties: c.properties } : {}),
  };
}

function listComments(ctx: JiraContext, issue: SimIssue, query: URLSearchParams): SimResponse {
  const orderBy = query.get('orderBy') ?? 'created';
  const all = ctx.state.comments.filter((c) => c.issueId === issue.id).sort((a, b) => a.created.getTime() - b.created.getTime() || Number(a.id) - Number(b.id));
  if (orderBy.startsWith('-')) all.reverse();
  const startAt = intParam(query, 'startAt', 0);
  const maxResults = Math.min(intParam(query, 'maxResults', 5000), ctx.pageSize);
  const withProperties = (query.get('expand') ?? '').split(',').includes('properties');
  const page = all.slice(startAt, startAt + maxResults).map((c) => renderComment(ctx, issue, c, withProperties));
  return { status: 200, json: { startAt, maxResults, total: all.length, comments: page } };
}

/**
 * A platform comment on a service-project issue is customer-visible unless it carries `sd.public.comment`
 * `{internal: true}` (§4.3, H). Outside a service project there is no portal, so nothing is customer-visible.
 */
function addComment(ctx: JiraContext, issue: SimIssue, req: SimRequest): SimResponse {
  const body = req.json as { body?: unknown; properties?: unknown } | undefined;
  if (!body || typeof body !== 'object') return jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  if (!isAdfDoc(body.body)) return jiraError(400, [], { comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' });
  const properties = Array.isArray(body.properties) ? (body.properties as Array<{ key: string; value: unknown }>).filter((p) => p && typeof p.key === 'string') : [];
  const internal = properties.some((p) => p.key === 'sd.public.comment' && (p.value as { internal?: unknown } | null)?.internal === true);
  const comment: SimComment = {
    id: String(ctx.state.next.comment++),
    issueId: issue.id,
    authorId: ctx.me.accountId,
    text: adfToText(body.body),
    adf: body.body,
    public: issue.serviceDeskId !== undefined && !internal,
    properties,
    created: ctx.now,
    seeded: false,
  };
  ctx.state.comments.push(comment);
  return { status: 201, json: renderComment(ctx, issue, comment, false) };
}

export function handlePlatform(ctx: JiraContext, req: SimRequest): SimResponse {
  if (/^\/rest\/api\/(?:3|latest)\/myself\/?$/.test(req.path)) return req.method === 'GET' ? { status: 200, json: platformUser(ctx.base, ctx.me, false) } : methodNotAllowed();
  if (/^\/rest\/api\/(?:3|latest)\/field\/?$/.test(req.path)) return req.method === 'GET' ? { status: 200, json: fieldList(ctx) } : methodNotAllowed();
  const m = ISSUE.exec(req.path);
  if (!m?.[1]) return notFoundPath();
  const issue = findIssue(ctx.state, m[1]);
  if (!issue) return issueNotFound();
  if (m[2]) {
    if (req.method === 'GET') return listComments(ctx, issue, req.query);
    if (req.method === 'POST') return addComment(ctx, issue, req);
    return methodNotAllowed();
  }
  if (req.method !== 'GET') return methodNotAllowed();
  return {
    status: 200,
    json: {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${ctx.base}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      fields: pickFields(renderFields(ctx, issue), req.query.get('fields')),
    },
  };
}
