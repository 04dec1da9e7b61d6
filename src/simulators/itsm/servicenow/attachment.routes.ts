/**
 * Attachment API (itsm-apis.md §3.2 "Attach session log"): `POST /api/now/attachment/file?table_name&table_sys_id&file_name`
 * with the raw bytes as body, and `GET /api/now/attachment/{sys_id}/file` for the content. Metadata rows live in
 * `sys_attachment`, so they are also listable through the Table API.
 */
import type { SimRequest, SimResponse } from '../../shared/sim-server.js';
import { aclDenied, invalidTable, missingParameter, noRecord } from './servicenow.errors.js';
import { isKnownTable, type SnRecord } from './servicenow.schema.js';
import { findRecord, insertRecord } from './servicenow.state.js';
import type { TableContext } from './table.routes.js';

function withLinks(ctx: TableContext, row: SnRecord): Record<string, string> {
  return { ...row, download_link: `${ctx.baseUrl}/api/now/attachment/${row.sys_id ?? ''}/file` };
}

export function uploadAttachment(ctx: TableContext, req: SimRequest): SimResponse {
  for (const name of ['table_name', 'table_sys_id', 'file_name']) {
    if (!req.query.get(name)) return missingParameter(name);
  }
  const table = req.query.get('table_name') ?? '';
  const tableSysId = req.query.get('table_sys_id') ?? '';
  if (!isKnownTable(table)) return invalidTable(table);
  // Assumption: attaching needs write access to the target record, like editing it.
  if (ctx.acl.denied.has(`${table}:write`) || ctx.acl.denied.has('sys_attachment:write')) return aclDenied('insert');
  const target = findRecord(ctx.state, table, tableSysId);
  if (!target) return noRecord();
  const row = insertRecord(
    ctx.state,
    'sys_attachment',
    {
      file_name: req.query.get('file_name') ?? '',
      table_name: target.sys_class_name ?? table,
      table_sys_id: tableSysId,
      content_type: req.headers['content-type'] ?? 'application/octet-stream',
      size_bytes: String(req.rawBody.length),
    },
    ctx.actor,
  );
  ctx.state.attachmentContent.set(row.sys_id ?? '', Buffer.from(req.rawBody));
  return { status: 201, headers: { location: `${ctx.baseUrl}/api/now/attachment/${row.sys_id ?? ''}` }, json: { result: withLinks(ctx, row) } };
}

export function downloadAttachment(ctx: TableContext, sysId: string): SimResponse {
  const row = findRecord(ctx.state, 'sys_attachment', sysId);
  const content = ctx.state.attachmentContent.get(sysId);
  if (!row || !content) return noRecord();
  // The kit sends text bodies; session logs are text, so a UTF-8 round trip is faithful enough here.
  return { status: 200, headers: { 'content-type': row.content_type ?? 'application/octet-stream' }, text: content.toString('utf8') };
}
