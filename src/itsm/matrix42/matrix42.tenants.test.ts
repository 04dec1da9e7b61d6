import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketNumber } from '../../core/domain/ticket.js';
import type { ItsmConnector } from '../../core/ports/itsm.port.js';
import { startMatrix42Sim, type Matrix42Sim, type Matrix42SimOptions } from '../../simulators/itsm/matrix42/index.js';
import { createItsmConnector, parseItsmEnv } from '../registry.js';
import { silent } from './matrix42.test-helper.js';

// Tenant variations the shared contract suite does not cover, against the simulator on loopback.
let sim: Matrix42Sim | undefined;
afterEach(() => sim?.stop());

async function tenant(opts: Matrix42SimOptions, env: Record<string, string> = {}): Promise<{ sim: Matrix42Sim; connector: ItsmConnector }> {
  sim = await startMatrix42Sim(opts);
  const problems: string[] = [];
  const config = parseItsmEnv('matrix42', { ...sim.env, ...env }, problems);
  if (!config) throw new Error(problems.join('; '));
  return { sim, connector: createItsmConnector(config, { dispatcher: new Agent(), timeoutMs: 1000, logger: silent, clock: { now: () => new Date() } }) };
}

const N = (s: string) => s as TicketNumber;
const entry = (text: string) => ({ text, author: { name: 'Beth Anglin' }, dedupeKey: `k-${text}` });

describe('Matrix42 tenants', () => {
  it('without the TeamViewer attribute: tickets still resolve, asset lookups say what to add, health names it', async () => {
    const { connector } = await tenant({ teamViewerAttribute: false });
    expect((await connector.getTicket(N('TCK00012345')))?.asset).toEqual({ ref: { system: 'matrix42', id: expect.any(String) as unknown, type: 'SPSComputerType' }, name: 'PC-ABEL-01', serial: 'SN-PC-ABEL-01' });
    await expect(connector.findAssetsByName(['PC-ABEL-01'])).rejects.toMatchObject({ code: 'itsm.assets_unavailable', message: expect.stringMatching(/Ud_TeamViewerId/) as unknown });
    const health = await connector.healthCheck();
    expect(health.ok).toBe(true);
    expect(health.detail).toMatch(/Ud_TeamViewerId/);
  });

  it('with the TeamViewer ID in an attribute named by ITSM_ASSET_TEAMVIEWER_FIELD', async () => {
    const { sim, connector } = await tenant({ teamViewerAttribute: 'TVAddOnId' }, { ITSM_ASSET_TEAMVIEWER_FIELD: 'TVAddOnId' });
    const [fred] = await connector.findAssetsByName(['PC-FRED-01']);
    if (!fred?.ref) throw new Error('no asset');
    await connector.setAssetTeamViewerId(fred.ref, '555666777');
    expect(sim.assetTeamViewerId('PC-FRED-01')).toBe('555666777');
  });

  it('without a ticket→asset relation: tickets resolve without an asset', async () => {
    const { connector } = await tenant({ ticketAssetAttribute: false });
    const t = await connector.getTicket(N('TCK00012345'));
    expect(t?.title).toBe('Printer offline on 3rd floor');
    expect(t?.asset).toBeUndefined();
  });

  it('with the relation under another name, set by MATRIX42_TICKET_ASSET_ATTRIBUTE', async () => {
    const { connector } = await tenant({ ticketAssetAttribute: 'Ud_AffectedAsset' }, { MATRIX42_TICKET_ASSET_ATTRIBUTE: 'Ud_AffectedAsset' });
    expect((await connector.getTicket(N('TCK00012345')))?.asset?.teamViewerId).toBe('123456789');
  });

  it.each(['absent', 'shell'] as const)('with journal/Add %s: writes internal entries by object update', async (journalAdd) => {
    const { sim, connector } = await tenant({ journalAdd });
    const t = await connector.getTicket(N('TCK00012346'));
    if (!t) throw new Error('no ticket');
    expect(t.ref.kind).toBe('SPSActivityTypeServiceRequest');
    await connector.addJournalEntry(t.ref, entry('first <note>'));
    await connector.addJournalEntry(t.ref, entry('second'));
    expect(sim.internalNotes('TCK00012346').map((n) => n.split('\n')[0])).toEqual(['first <note>', 'second']);
    expect(sim.requests.filter((r) => r.path.endsWith('/journal/Add'))).toHaveLength(1);
  });

  it('that refuses writes silently: journal entries and TeamViewer IDs fail as forbidden, nothing is stored', async () => {
    const { sim, connector } = await tenant({});
    const t = await connector.getTicket(N('TCK00012347'));
    if (!t?.asset?.ref) throw new Error('no ticket');
    sim.rejectWritesSilently(true);
    await expect(connector.addJournalEntry(t.ref, entry('x'))).rejects.toMatchObject({ code: 'itsm.forbidden' });
    await expect(connector.setAssetTeamViewerId(t.asset.ref, '987654321')).rejects.toMatchObject({ code: 'itsm.forbidden' });
    expect(sim.internalNotes('TCK00012347')).toEqual([]);
    expect(sim.assetTeamViewerId('PC-FRED-01')).toBe('');
  });
});
