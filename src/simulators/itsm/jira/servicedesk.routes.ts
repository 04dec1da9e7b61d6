/**
 * Jira Service Management REST API (itsm-apis.md §4.2): the customer view of a request, request comments with the
 * `public` flag, and the Assets workspace list (empty without Premium/Enterprise).
 */
import type { SimRequest, SimResponse } from '../../shared/sim-server.js';
import { jsmError, methodNotAllowed, notARequest, notFoundPath } from './jira.errors.js';
import { findIssue, intParam, jsmDate, jsmUser, type JiraContext, type SimComment, type SimIssue } from './jira.state.js';

const REQUEST = /^\/rest\/servicedeskapi\/request\/([^/]+)(\/comment)?\/?$/;

function renderRequest(ctx: JiraContext, issue: SimIssue): Record<string, unknown> {
  const reporter = ctx.state.users.get(issue.reporterId);
  const category = issue.status.category.key === 'done' ? 'DONE' : issue.status.category.key === 'new' ? 'NEW' : 'INDETERMINATE';
  return {
    _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
    issueId: issue.id,
    issueKey: issue.key,
    requestTypeId: issue.requestTypeId,
    serviceDeskId: issue.serviceDeskId,
    createdDate: jsmDate(issue.created),
    ...(reporter ? { reporter: jsmUser(ctx.base, reporter) } : {}),
    requestFieldValues: [{ fieldId: 'summary', label: 'What do you need?', value: issue.summary }],
    currentStatus: { status: issue.status.name, statusCategory: category, statusDate: jsmDate(issue.created) },
    _links: { jiraRest: `${ctx.base}/rest/api/2/issue/${issue.id}`, web: `${ctx.base}/servicedesk/customer/portal/${issue.serviceDeskId}/${issue.key}`, self: `${ctx.base}/rest/servicedeskapi/request/${issue.id}` },
  };
}

function renderComment(ctx: JiraContext, c: SimComment): Record<string, unknown> {
  const author = ctx.state.users.get(c.authorId) ?? ctx.me;
  return { id: c.id, body: c.text, public: c.public, author: jsmUser(ctx.base, author), created: jsmDate(c.created), _links: { self: `${ctx.base}/rest/servicedeskapi/request/${c.issueId}/comment/${c.id}` } };
}

/** `public`/`internal` filters (both default true) and start/limit/isLastPage paging. */
function listComments(ctx: JiraContext, issue: SimIssue, query: URLSearchParams): SimResponse {
  const wantPublic = query.get('public') !== 'false';
  const wantInternal = query.get('internal') !== 'false';
  const all = ctx.state.comments.filter((c) => c.issueId === issue.id && (c.public ? wantPublic : wantInternal));
  const start = intParam(query, 'start', 0);
  const limit = Math.min(intParam(query, 'limit', 50), ctx.pageSize);
  const values = all.slice(start, start + limit).map((c) => renderComment(ctx, c));
  return { status: 200, json: { size: values.length, start, limit, isLastPage: start + values.length >= all.length, values, _links: {} } };
}

/** Wiki markup's backslash escapes, resolved (`\[` → `[`, `\_` → `_`): any escaped character that is not a letter or digit. */
function unescapeWiki(text: string): string {
  return text.replace(/\\([^A-Za-z0-9\s])/g, '$1');
}

/**
 * `{body, public}`; `public:false` makes an internal comment only agents see. A missing `public` counts as public,
 * the portal's default (assumption: itsm-apis.md §4.2 documents the flag, not its default).
 */
function addComment(ctx: JiraContext, issue: SimIssue, req: SimRequest): SimResponse {
  const body = req.json as { body?: unknown; public?: unknown } | undefined;
  if (!body || typeof body.body !== 'string' || !body.body.trim()) return jsmError(400, 'The comment body must not be empty.', 'sd.comment.body.required');
  if (body.public !== undefined && typeof body.public !== 'boolean') return jsmError(400, "The field 'public' must be true or false.", 'sd.comment.public.invalid');
  const comment: SimComment = {
    id: String(ctx.state.next.comment++),
    issueId: issue.id,
    authorId: ctx.me.accountId,
    // The JSM body is wiki markup; stored as the text people read, so `\[` shows as `[` (assumption: §4.2 says
    // "plain/wiki text"; Jira's renderer treats backslash as the escape character).
    text: unescapeWiki(body.body),
    public: body.public !== false,
    properties: body.public === false ? [{ key: 'sd.public.comment', value: { internal: true } }] : [],
    created: ctx.now,
    seeded: false,
  };
  ctx.state.comments.push(comment);
  return { status: 201, json: renderComment(ctx, comment) };
}

export function handleServiceDesk(ctx: JiraContext, req: SimRequest): SimResponse {
  if (/^\/rest\/servicedeskapi\/assets\/workspace\/?$/.test(req.path)) {
    if (req.method !== 'GET') return methodNotAllowed();
    const values = ctx.assets ? [{ workspaceId: ctx.state.workspaceId }] : [];
    return { status: 200, json: { size: values.length, start: 0, limit: 50, isLastPage: true, _links: { base: ctx.base, context: '', self: `${ctx.base}/rest/servicedeskapi/assets/workspace` }, values } };
  }
  const m = REQUEST.exec(req.path);
  if (!m?.[1]) return notFoundPath();
  const issue = findIssue(ctx.state, m[1]);
  // Unknown issues and issues outside a service project look the same here.
  if (!issue?.serviceDeskId) return notARequest(decodeURIComponent(m[1]));
  if (m[2]) {
    if (req.method === 'GET') return listComments(ctx, issue, req.query);
    if (req.method === 'POST') return addComment(ctx, issue, req);
    return methodNotAllowed();
  }
  return req.method === 'GET' ? { status: 200, json: renderRequest(ctx, issue) } : methodNotAllowed();
}
