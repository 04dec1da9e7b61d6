import { invalidTeamViewerIdMessage } from '../../src/core/domain/device.js';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketNumber } from '../../src/core/domain/ticket.js';
import { BotError } from '../../src/core/errors.js';
import type { ItsmConnector } from '../../src/core/ports/itsm.port.js';
import type { Logger } from '../../src/core/ports/logger.port.js';
import { createItsmConnector, parseItsmEnv } from '../../src/itsm/registry.js';
import { ITSM_STORY, type ItsmSimHandle } from '../../src/simulators/itsm/itsm-sim.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

export interface ContractContext {
  sim: ItsmSimHandle;
  connector: ItsmConnector;
}

/** Builds a connector the way the bot does: from settings, through the registry. */
export function connectorFor(sim: ItsmSimHandle, overrides: Record<string, string> = {}): ItsmConnector {
  const env = { ...sim.env, ...overrides };
  const problems: string[] = [];
  const config = parseItsmEnv(env.ITSM_PROVIDER ?? '', env, problems);
  if (!config) throw new Error(`settings rejected: ${problems.join('; ')}`);
  return createItsmConnector(config, { dispatcher: new Agent(), timeoutMs: 800, logger: silent, clock: { now: () => new Date() } });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof BotError ? err.code : `non-bot error: ${String(err)}`;
  }
}

/**
 * One suite, every connector (style.md §3.9): each runs against its simulator through real HTTP, built from
 * settings like the bot builds it. Vendor quirks beyond this common ground live in each connector's unit tests.
 */
export function itsmContract(name: string, start: () => Promise<ItsmSimHandle>): void {
  describe(`ITSM connector contract: ${name}`, () => {
    let sim: ItsmSimHandle;
    let connector: ItsmConnector;
    const num = (n: string): TicketNumber => {
      const parsed = connector.parseTicketNumber(n);
      if (!parsed) throw new Error(`${n} did not parse`);
      return parsed;
    };

    beforeAll(async () => {
      sim = await start();
      connector = connectorFor(sim);
    });
    afterAll(async () => {
      await sim.stop();
    });

    describe('ticket numbers', () => {
      it('accepts its own numbers, also typed in lower case or with a leading #', () => {
        const printer = connector.parseTicketNumber(sim.numbers.printer);
        expect(printer).toBeDefined();
        expect(connector.parseTicketNumber(sim.numbers.printer.toLowerCase())).toBe(printer);
        expect(connector.parseTicketNumber(`#${sim.numbers.printer}`)).toBe(printer);
        expect(connector.parseTicketNumber(` ${sim.numbers.printer} `)).toBe(printer);
      });

      it('refuses malformed numbers and anything carrying query syntax, without calling out', () => {
        const before = sim.requests.length;
        for (const bad of [sim.numbers.malformed, '', `${sim.numbers.printer}'`, `${sim.numbers.printer}^ORnumberISNOTEMPTY`, `${sim.numbers.printer}" OR 1=1`, `${sim.numbers.printer} x`]) {
          expect(connector.parseTicketNumber(bad), bad).toBeUndefined();
        }
        expect(sim.requests.length).toBe(before);
        expect(connector.ticketFormatHint.length).toBeGreaterThan(10);
      });
    });

    describe('getTicket', () => {
      it('resolves title, requester, assignee and the linked asset with its TeamViewer ID', async () => {
        const t = await connector.getTicket(num(sim.numbers.printer));
        expect(t?.ref.system).toBe(sim.kind);
        expect(t?.ref.number).toBe(num(sim.numbers.printer));
        expect(t?.ref.id).toBeTruthy();
        expect(t?.title).toBe(ITSM_STORY.titles.printer);
        expect(t?.state.label).toBeTruthy();
        expect(t?.requester).toMatchObject(ITSM_STORY.people.abel);
        expect(t?.assignee?.name).toBe(ITSM_STORY.people.beth.name);
        expect(t?.asset).toMatchObject({ name: ITSM_STORY.assets.pcAbel.name, teamViewerId: ITSM_STORY.assets.pcAbel.teamViewerId });
      });

      it('gives a requester without an e-mail, no assignee and no asset where the ticket has none', async () => {
        const t = await connector.getTicket(num(sim.numbers.vpn));
        expect(t?.requester?.name).toBe(ITSM_STORY.people.bow.name);
        expect(t?.requester?.email).toBeUndefined();
        expect(t?.assignee).toBeUndefined();
        expect(t?.asset).toBeUndefined();
      });

      it('gives an asset without a TeamViewer ID as such', async () => {
        const t = await connector.getTicket(num(sim.numbers.laptop));
        expect(t?.requester).toMatchObject(ITSM_STORY.people.fred);
        expect(t?.asset?.name).toBe(ITSM_STORY.assets.pcFred.name);
        expect(t?.asset?.teamViewerId).toBeUndefined();
      });

      it('answers undefined for a number that does not exist', async () => {
        expect(await connector.getTicket(num(sim.numbers.unknown))).toBeUndefined();
      });
    });

    describe('addJournalEntry', () => {
      it('writes an internal entry the customer cannot see', async () => {
        const t = await connector.getTicket(num(sim.numbers.printer));
        if (!t) throw new Error('no ticket');
        const text = `[TeamViewer] Beth Anglin started remote-support session s123-456-789 from chat. (contract ${Date.now()})`;
        await connector.addJournalEntry(t.ref, { text, author: { name: 'Beth Anglin', email: 'beth.anglin@example.com' }, dedupeKey: `k-${Date.now()}` });
        expect(sim.internalNotes(sim.numbers.printer).some((n) => n.includes(text))).toBe(true);
        expect(sim.publicNotes(sim.numbers.printer).some((n) => n.includes('s123-456-789'))).toBe(false);
      });

      it('writes an entry once even when the write landed but its answer was lost and the write is retried', async () => {
        const t = await connector.getTicket(num(sim.numbers.laptop));
        if (!t) throw new Error('no ticket');
        const text = `[TeamViewer] Beth Anglin closed remote-support session s987-654-321. (${Date.now()})`;
        const entry = { text, author: { name: 'Beth Anglin' }, dedupeKey: `dup-${Date.now()}` };
        sim.fail({ ...sim.journalWrite, afterHandler: true, status: 503 });
        const first = await codeOf(connector.addJournalEntry(t.ref, entry));
        expect(['resolved', 'itsm.unavailable']).toContain(first);
        await connector.addJournalEntry(t.ref, { ...entry, mayExist: true }); // the outbox retries with the same key
        expect(sim.internalNotes(sim.numbers.laptop).filter((n) => n.includes(text))).toHaveLength(1);
      });

      it('finds a note that landed before a restart instead of writing it again', async () => {
        const t = await connector.getTicket(num(sim.numbers.printer));
        if (!t) throw new Error('no ticket');
        const text = `[TeamViewer] Beth Anglin re-sent the invitation for session s111-222-333. (${Date.now()})`;
        const entry = { text, author: { name: 'Beth Anglin' }, dedupeKey: `restart-${Date.now()}` };
        await connector.addJournalEntry(t.ref, entry);
        // A new process (no memory of the write) gets the item again because the first one died before marking it done.
        await connectorFor(sim).addJournalEntry(t.ref, { ...entry, mayExist: true });
        expect(sim.internalNotes(sim.numbers.printer).filter((n) => n.includes(text))).toHaveLength(1);
      });
    });

    describe('assets', () => {
      it('finds assets by name, case-insensitively, with their TeamViewer IDs', async () => {
        const found = await connector.findAssetsByName(['PC-ABEL-01', 'pc-fred-01', 'NO-SUCH-PC']);
        const byName = new Map(found.map((a) => [a.name.toUpperCase(), a]));
        expect([...byName.keys()].sort()).toEqual(['PC-ABEL-01', 'PC-FRED-01']);
        expect(byName.get('PC-ABEL-01')?.teamViewerId).toBe('123456789');
        expect(byName.get('PC-FRED-01')?.teamViewerId).toBeUndefined();
        expect(byName.get('PC-FRED-01')?.ref?.id).toBeTruthy();
      });

      it('answers a full batch of names', async () => {
        const names = Array.from({ length: 50 }, (_, i) => `BULK-${String(i).padStart(3, '0')}`);
        for (const n of names) sim.addAsset(n, String(500_000_000 + names.indexOf(n)));
        const found = await connector.findAssetsByName(names);
        expect(found.map((a) => a.name).sort()).toEqual(names);
        expect(found.find((a) => a.name === 'BULK-007')?.teamViewerId).toBe('500000007');
      });

      it('never lets a name change the query: such names match nothing or are refused', async () => {
        for (const hostile of ["PC-ABEL-01' OR '1'='1", 'PC-ABEL-01" OR Name != "x', 'x^ORnameISNOTEMPTY', "PC-%'--"]) {
          let found: unknown[] = [];
          try {
            found = await connector.findAssetsByName([hostile]);
          } catch (err) {
            expect(err instanceof BotError ? err.code : String(err)).toBe('command.invalid_args');
          }
          expect(found, hostile).toEqual([]);
        }
      });

      it('writes a TeamViewer ID onto an asset, and getTicket reads it from there', async () => {
        const [fred] = await connector.findAssetsByName(['PC-FRED-01']);
        if (!fred?.ref) throw new Error('no asset');
        await connector.setAssetTeamViewerId(fred.ref, '987654321');
        expect(sim.assetTeamViewerId('PC-FRED-01')).toBe('987654321');
        expect((await connector.getTicket(num(sim.numbers.laptop)))?.asset?.teamViewerId).toBe('987654321');
        expect(connector.assetFieldHint.length).toBeGreaterThan(5);
      });

      it('writes an ID typed with spaces as digits, and refuses a non-ID before calling out, with one message', async () => {
        const [fred] = await connector.findAssetsByName(['PC-FRED-01']);
        if (!fred?.ref) throw new Error('no asset');
        await connector.setAssetTeamViewerId(fred.ref, '123 456 780');
        expect(sim.assetTeamViewerId('PC-FRED-01')).toBe('123456780');
        const before = sim.requests.length;
        for (const bad of ['12345', 'abc', '1234567890123']) {
          const err = await connector.setAssetTeamViewerId(fred.ref, bad).catch((e: unknown) => e);
          expect(err, bad).toBeInstanceOf(BotError);
          expect((err as BotError).publicMessage).toBe(invalidTeamViewerIdMessage(bad));
        }
        expect(sim.requests.length).toBe(before);
      });
    });

    describe('failures', () => {
      it('waits out a short 429 and reports a long one as rate limiting with its Retry-After', async () => {
        sim.rateLimit(1, 1);
        expect((await connector.getTicket(num(sim.numbers.printer)))?.title).toBe(ITSM_STORY.titles.printer);
        sim.rateLimit(5, 120);
        const err = await connector.getTicket(num(sim.numbers.printer)).catch((e: unknown) => e);
        sim.clearFaults();
        expect(err).toBeInstanceOf(BotError);
        expect((err as BotError).code).toBe('itsm.rate_limited');
        expect((err as BotError).retryAfter).toBe(120);
      });

      it('repeats a read that met a 503', async () => {
        sim.fail({ method: 'GET', status: 503, times: 1 });
        expect((await connector.getTicket(num(sim.numbers.printer)))?.title).toBe(ITSM_STORY.titles.printer);
      });

      it('reports a hanging system as unavailable', async () => {
        sim.fail({ hang: true, times: 20 });
        const code = await codeOf(connector.getTicket(num(sim.numbers.printer)));
        sim.clearFaults();
        expect(code).toBe('itsm.unavailable');
      });

      it('renews an expired access token without bothering anyone', async () => {
        await connector.getTicket(num(sim.numbers.printer));
        sim.expireTokens();
        expect((await connector.getTicket(num(sim.numbers.printer)))?.title).toBe(ITSM_STORY.titles.printer);
      });

      it('passes a health check, and fails it (and every call) with a clear code once the credentials are wrong', async () => {
        expect((await connector.healthCheck()).ok).toBe(true);
        const fresh = connectorFor(sim);
        sim.revokeCredentials();
        sim.expireTokens();
        const health = await fresh.healthCheck();
        expect(health.ok).toBe(false);
        expect(health.detail).toMatch(/credential|token|password|rejected/i);
        expect(await codeOf(fresh.getTicket(num(sim.numbers.printer)))).toBe('itsm.auth_failed');
      });
    });
  });
}
