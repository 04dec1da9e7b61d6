import { afterEach, describe, expect, it } from 'vitest';
import { JIRA_SEED } from './jira.seed.js';
import { basic, call } from './jira.test-helper.js';
import { startJiraSim, type JiraSim } from './jira.simulator.js';

let sim: JiraSim;
afterEach(() => sim.stop());
const start = async (opts: Parameters<typeof startJiraSim>[0] = {}) => {
  sim = await startJiraSim({ clock: { now: () => new Date('2025-03-04T05:06:07Z') }, ...opts });
  return sim;
};
type Fields = Record<string, unknown>;

describe('authentication', () => {
  it.each([null, basic('svc-teamviewer@example.com', 'wrong'), 'Bearer abc'])('answers 401 in plain text for %s', async (auth) => {
    await start();
    const res = await call(sim, '/rest/api/3/myself', { auth });
    expect(res.status).toBe(401);
    expect(res.text).toBe('Client must be authenticated to access this resource.');
    expect(res.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
  });

  it('accepts the e-mail in any case, and stops accepting the token once revoked', async () => {
    await start();
    expect((await call(sim, '/rest/api/3/myself', { auth: basic('SVC-TeamViewer@example.com', sim.env.JIRA_API_TOKEN ?? '') })).body.displayName).toBe('TeamViewer ChatOps');
    sim.revokeCredentials();
    sim.expireTokens();
    expect((await call(sim, '/rest/api/3/myself')).status).toBe(401);
  });
});

describe('issues', () => {
  it('finds a key typed in lower case and answers with the canonical key and only the fields asked for', async () => {
    await start();
    const res = await call(sim, '/rest/api/3/issue/sd-1?fields=summary,status,assignee,nosuchfield');
    expect(res.status).toBe(200);
    expect(res.body.key).toBe('SD-1');
    const fields = res.body.fields as Fields;
    expect(Object.keys(fields).sort()).toEqual(['assignee', 'status', 'summary']);
    expect(fields.summary).toBe('Printer offline on 3rd floor');
    expect((fields.assignee as { displayName: string }).displayName).toBe('Beth Anglin');
  });

  it('links the story computers through the Assets field as workspaceId/id/objectId', async () => {
    await start();
    const fields = (await call(sim, `/rest/api/3/issue/SD-1?fields=${JIRA_SEED.fields.device}`)).body.fields as Fields;
    expect(fields[JIRA_SEED.fields.device]).toEqual([{ workspaceId: JIRA_SEED.workspaceId, id: `${JIRA_SEED.workspaceId}:88`, objectId: '88' }]);
  });

  it('answers 404 with Jira’s message for an unknown key', async () => {
    await start();
    const res = await call(sim, '/rest/api/3/issue/SD-9999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
  });

  it('leaves out an address hidden by the account’s privacy settings, or every address with hideEmails', async () => {
    await start();
    expect(((await call(sim, '/rest/api/3/issue/SD-2?fields=reporter')).body.fields as Fields).reporter).not.toHaveProperty('emailAddress');
    expect((((await call(sim, '/rest/api/3/issue/SD-1?fields=reporter')).body.fields as Fields).reporter as { emailAddress: string }).emailAddress).toBe('abel.tuter@example.com');
    await sim.stop();
    await start({ hideEmails: true });
    expect(((await call(sim, '/rest/api/3/issue/SD-1?fields=reporter')).body.fields as Fields).reporter).not.toHaveProperty('emailAddress');
    expect(((await call(sim, '/rest/servicedeskapi/request/SD-1')).body.reporter as { emailAddress: string }).emailAddress).toBe('abel.tuter@example.com');
  });

  it('lists an Assets objects field in /field only where Assets exists', async () => {
    await start();
    const cmdb = (list: unknown) => (list as Array<{ id: string; schema: { custom?: string; items?: string } }>).filter((f) => f.schema.custom === 'com.atlassian.jira.plugins.cmdb:cmdb-object-cftype');
    const fields = (await call(sim, '/rest/api/3/field')).body as unknown;
    expect(cmdb(fields).map((f) => f.id)).toEqual([JIRA_SEED.fields.device, JIRA_SEED.fields.service]);
    expect(cmdb(fields)[0]?.schema.items).toBe('cmdb-object-field');
    await sim.stop();
    await start({ assets: false });
    const without = (await call(sim, '/rest/api/3/field')).body as unknown;
    expect(cmdb(without)).toEqual([]);
    expect((await call(sim, '/rest/servicedeskapi/assets/workspace')).body.values).toEqual([]);
  });
});

describe('JSM requests and comments', () => {
  it('shows the customer as reporter and refuses issues outside a service project', async () => {
    await start();
    const res = await call(sim, '/rest/servicedeskapi/request/sd-3');
    expect(res.body.issueKey).toBe('SD-3');
    expect(res.body.reporter).toMatchObject({ displayName: 'Fred Luddy', emailAddress: 'fred.luddy@example.com' });
    expect((await call(sim, '/rest/servicedeskapi/request/OPS-7')).status).toBe(404);
    expect((await call(sim, '/rest/servicedeskapi/request/OPS-7/comment', { method: 'POST', body: { body: 'x', public: false } })).status).toBe(404);
  });

  it('keeps public:false comments internal and public:true (or no flag) comments customer-visible', async () => {
    await start();
    const res = await call(sim, '/rest/servicedeskapi/request/SD-1/comment', { method: 'POST', body: { body: 'agents only', public: false } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ body: 'agents only', public: false });
    await call(sim, '/rest/servicedeskapi/request/SD-1/comment', { method: 'POST', body: { body: 'hello customer', public: true } });
    await call(sim, '/rest/servicedeskapi/request/SD-1/comment', { method: 'POST', body: { body: 'no flag' } });
    expect(sim.internalNotes('SD-1')).toContain('agents only');
    expect(sim.publicNotes('SD-1')).toEqual(['hello customer', 'no flag']);
    const internalOnly = await call(sim, '/rest/servicedeskapi/request/SD-1/comment?public=false');
    expect((internalOnly.body.values as Array<{ body: string }>).map((c) => c.body)).toEqual(['Print server looks fine; will connect to the PC next.', 'agents only']);
    expect((await call(sim, '/rest/servicedeskapi/request/SD-1/comment', { method: 'POST', body: { body: '' } })).status).toBe(400);
  });

  it('resolves wiki backslash escapes in JSM bodies, underscores included', async () => {
    await start();
    await call(sim, '/rest/servicedeskapi/request/SD-1/comment', { method: 'POST', body: { body: '\\[TeamViewer\\] mail a\\_b\\*c@example.com, path C:\\\\x', public: false } });
    expect(sim.internalNotes('SD-1')).toContain('[TeamViewer] mail a_b*c@example.com, path C:\\x');
  });

  it('makes a platform comment on a JSM issue public unless it carries sd.public.comment internal', async () => {
    await start();
    const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
    const plain = await call(sim, '/rest/api/3/issue/SD-3/comment', { method: 'POST', body: { body: adf('plain platform comment') } });
    expect(plain.body.jsdPublic).toBe(true);
    const internal = await call(sim, '/rest/api/3/issue/SD-3/comment', { method: 'POST', body: { body: adf('internal one'), properties: [{ key: 'sd.public.comment', value: { internal: true } }] } });
    expect(internal.body.jsdPublic).toBe(false);
    expect(sim.publicNotes('SD-3')).toEqual(['plain platform comment']);
    expect(sim.internalNotes('SD-3')).toContain('internal one');
  });

  it('refuses a platform comment body that is not ADF', async () => {
    await start();
    const res = await call(sim, '/rest/api/3/issue/SD-1/comment', { method: 'POST', body: { body: 'text' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' });
  });

  it('pages comments with startAt/maxResults/total, capped by pageSize, newest first with orderBy=-created', async () => {
    await start({ pageSize: 2 });
    for (const n of [1, 2, 3]) await call(sim, '/rest/servicedeskapi/request/SD-1/comment', { method: 'POST', body: { body: `note ${n}`, public: false } });
    const first = await call(sim, '/rest/api/3/issue/SD-1/comment?startAt=0&maxResults=100&orderBy=-created');
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 2, total: 5 });
    const texts = (first.body.comments as Array<{ body: { content: Array<{ content: Array<{ text: string }> }> } }>).map((c) => c.body.content[0]?.content[0]?.text);
    expect(texts).toEqual(['note 3', 'note 2']);
    const last = await call(sim, '/rest/api/3/issue/SD-1/comment?startAt=4&maxResults=100');
    expect((last.body.comments as unknown[]).length).toBe(1);
  });
});

describe('rate limiting and the common handle', () => {
  it('answers 429 with Retry-After and X-RateLimit headers', async () => {
    await start();
    sim.rateLimit(1, 7);
    const res = await call(sim, '/rest/api/3/issue/SD-1');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await call(sim, '/rest/api/3/issue/SD-1')).status).toBe(200);
  });

  it('reads and writes story assets through the helpers', async () => {
    await start();
    expect(sim.assetTeamViewerId('pc-abel-01')).toBe('123456789');
    expect(sim.assetTeamViewerId('PC-FRED-01')).toBe('');
    expect(sim.assetTeamViewerId('NOPE')).toBeUndefined();
    sim.addAsset('PC-NEW-01', '555666777');
    expect(sim.assetTeamViewerId('PC-NEW-01')).toBe('555666777');
    expect(sim.env).toMatchObject({ ITSM_PROVIDER: 'jira', JIRA_URL: sim.url });
  });
});
