import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { cardsIn, linkAgent, startTestStack, type TestStack } from '../helpers/stack.js';

const PRINTER = SERVICENOW_SEED.incidents.printer;
const ROOT = resolve(import.meta.dirname, '../..');
const tsx = join(ROOT, 'node_modules/.bin/tsx');
const main = join(ROOT, 'src/main.ts');
const CREATE = { method: 'POST', path: '/api/v1/sessions' } as const;

/** `npm start` as a real process on the stack's port, data directory and simulators. */
class BotProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private buffered = '';

  constructor(env: Record<string, string>) {
    this.child = spawn(tsx, [main], { cwd: ROOT, env: { ...env, PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      this.buffered += chunk.toString('utf8');
      const parts = this.buffered.split('\n');
      this.buffered = parts.pop() ?? '';
      this.lines.push(...parts);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = once(this.child, 'exit').then(([code]) => code as number | null);
  }

  signal(s: NodeJS.Signals): void {
    this.child.kill(s);
  }

  /** The first log line matching `re`, parsed; waits for it (or for the process to end without it). */
  async line(re: RegExp): Promise<Record<string, unknown>> {
    for (;;) {
      const found = this.lines.find((l) => re.test(l));
      if (found) return JSON.parse(found) as Record<string, unknown>;
      if (this.child.exitCode !== null) throw new Error(`the bot exited without logging ${re}:\n${this.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolveSocket, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolveSocket(socket));
    socket.once('error', reject);
  });
}

async function readUntilClosed(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
  await once(socket, 'close');
  return text;
}

describe('SIGTERM: the bot finishes what it started, refuses what is new, and exits', () => {
  let s: TestStack;
  let bot: BotProcess | undefined;
  afterEach(async () => {
    bot?.kill();
    bot = undefined;
    await s.stop();
  });

  /** Links the agent in-process, then hands port, data directory and simulators to a real process. */
  async function realProcess(env: Record<string, string> = {}): Promise<BotProcess> {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
    await s.bot.stop();
    bot = new BotProcess({ ...s.env(), LOG_LEVEL: 'info', ...env });
    await bot.line(/teamviewer-chatops is listening/);
    return bot;
  }

  it('drains a start in flight: the card, e-mail and note go out, the session is on disk, new connections are refused, exit 0', async () => {
    const p = await realProcess({ UPSTREAM_TIMEOUT_MS: '10000' });
    const port = Number(s.env().PORT);
    // A load balancer's probe already on the wire when the signal lands (its headers not finished yet).
    const probe = await openSocket(port);
    probe.write('GET /readyz HTTP/1.1\r\nHost: bot\r\n');
    s.tv.fail({ ...CREATE, delayMs: 2000 });
    const ack = await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${PRINTER.number}` });
    expect(ack.status).toBe(200);
    await s.slack.waitFor(() => s.tv.requests.find((r) => r.method === CREATE.method && r.path === CREATE.path));
    p.signal('SIGTERM');
    const stopping = await p.line(/shutting down/);
    expect(stopping.running).toContain('chat interaction');

    const answer = readUntilClosed(probe);
    probe.write('\r\n');
    const response = await answer;
    expect(response).toMatch(/^HTTP\/1\.1 503 /);
    expect(response).toMatch(/\r\nconnection: close\r\n/i);
    expect(response).toContain('{"status":"stopping"}');
    await expect(openSocket(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    expect(await p.exited).toBe(0);
    await p.line(/stopped cleanly/);
    const card = cardsIn(s, s.people.channel)[0];
    expect(card?.text).toContain(PRINTER.number);
    expect(s.smtp.messages.map((m) => m.to)).toEqual([['abel.tuter@example.com']]);
    expect(s.servicenow.workNotes(PRINTER.sysId).some((n) => /started remote-support session/.test(n.value))).toBe(true);
    const file = JSON.parse(await readFile(join(s.env().DATA_DIR ?? '', 'teamviewer-chatops.json'), 'utf8')) as { sessions: Array<{ state: string; ticket: { number: string }; card?: unknown }>; outbox: unknown[] };
    expect(file.sessions).toEqual([expect.objectContaining({ state: 'created', ticket: expect.objectContaining({ number: PRINTER.number }) as unknown, card: expect.anything() as unknown })]);
    expect(file.outbox).toEqual([]);
  });

  it('a second SIGTERM exits 1 at once, naming what was still running', async () => {
    const p = await realProcess();
    s.tv.fail({ ...CREATE, hang: true });
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${PRINTER.number}` });
    await s.slack.waitFor(() => s.tv.requests.find((r) => r.method === CREATE.method && r.path === CREATE.path));
    p.signal('SIGTERM');
    await p.line(/shutting down/);
    p.signal('SIGTERM');
    expect(await p.exited).toBe(1);
    const last = await p.line(/second signal/);
    expect(last.running).toEqual(['chat interaction']);
  });
});

describe('SHUTDOWN_TIMEOUT', () => {
  let s: TestStack;
  afterEach(async () => {
    await s.stop();
  });

  it('gives up on work that outlives it, says what it was, and still closes the store', async () => {
    s = await startTestStack({ env: { SHUTDOWN_TIMEOUT: '300' } });
    await linkAgent(s, s.people.agent, 'u1000001');
    s.tv.fail({ ...CREATE, hang: true });
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${PRINTER.number}` });
    await s.slack.waitFor(() => s.tv.requests.find((r) => r.method === CREATE.method && r.path === CREATE.path));
    const report = await s.bot.shutdown();
    expect(report.unfinished).toEqual(['chat interaction']);
    expect(s.logs.some((l) => l.includes('SHUTDOWN_TIMEOUT passed') && l.includes('chat interaction'))).toBe(true);
    // The store let go of DATA_DIR: another bot can take it over.
    await s.restartBot();
    expect((await fetch(`${s.botUrl}/readyz`)).status).toBe(200);
  });
});
