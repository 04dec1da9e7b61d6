import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Images cannot be built here (no registry access), so this checks what can be checked without Docker: the
 * Dockerfile copies files that exist and runs what `npm run build` produces; the compose file parses and wires
 * two replicas to one database behind a balancer that health-checks /readyz.
 */
const ROOT = resolve(import.meta.dirname, '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  env_file?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  stop_grace_period?: string;
  ports?: string[];
  volumes?: string[];
}

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'));
  const of = (keyword: string) => instructions.filter((l) => l.startsWith(`${keyword} `)).map((l) => l.slice(keyword.length + 1).trim());

  it('builds in one stage and runs from node:20-bookworm-slim with production dependencies only', () => {
    expect(of('FROM')).toEqual(['node:20-bookworm-slim AS build', 'node:20-bookworm-slim AS runtime']);
    const runs = of('RUN');
    expect(runs).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b(?!.*--omit=dev)/), 'npm run build', expect.stringMatching(/^npm ci --omit=dev\b/)]));
    expect(runs.findIndex((r) => r.includes('--omit=dev'))).toBeGreaterThan(runs.indexOf('npm run build'));
  });

  it('copies only files that exist, and its CMD runs what `npm run build` writes', () => {
    const sources = of('COPY')
      .filter((c) => !c.startsWith('--from='))
      .flatMap((c) => c.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const src of sources) expect(existsSync(join(ROOT, src)), src).toBe(true);
    const cmd = JSON.parse(of('CMD').at(-1) ?? '[]') as string[];
    expect(cmd).toEqual(['node', 'dist/main.js']);
    const build = JSON.parse(read('tsconfig.build.json')) as { compilerOptions: { rootDir: string } };
    expect(read('tsconfig.json')).toMatch(/"outDir":\s*"dist"/);
    expect(existsSync(join(ROOT, build.compilerOptions.rootDir, 'main.ts'))).toBe(true);
    const dockerignore = read('.dockerignore').split('\n');
    for (const src of sources) expect(dockerignore, `${src} is excluded from the build context`).not.toContain(src);
  });

  it('runs as a non-root user with /data as its volume, a Node health check on /healthz and SIGTERM to stop', () => {
    expect(of('USER')).toEqual(['node']);
    expect(of('VOLUME')).toEqual(['["/data"]']);
    expect(dockerfile).toMatch(/DATA_DIR=\/data/);
    expect(of('EXPOSE')).toEqual(['3000']);
    expect(of('STOPSIGNAL')).toEqual(['SIGTERM']);
    const health = of('HEALTHCHECK')[0] ?? '';
    expect(health).toMatch(/CMD \["node", "-e", ".*\/healthz/);
    expect(health).not.toMatch(/curl|wget/);
  });
});

describe('deploy/docker-compose.replicas.yml', () => {
  const compose = parse(read('deploy/docker-compose.replicas.yml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const { services } = compose;
  const bots = ['bot-1', 'bot-2'].map((name) => services[name]!);

  it('runs PostgreSQL, two bot replicas and a load balancer', () => {
    expect(Object.keys(services).sort()).toEqual(['bot-1', 'bot-2', 'lb', 'postgres']);
    expect(services.postgres?.image).toMatch(/^postgres:/);
    expect(services.lb?.image).toMatch(/^caddy:/);
  });

  it('gives both replicas the same image, database, settings file and public URL, and time to drain', () => {
    for (const bot of bots) {
      expect(bot.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
      expect(existsSync(join(ROOT, 'deploy', bot.build?.context ?? '', bot.build?.dockerfile ?? ''))).toBe(true);
      expect(bot.environment?.DATABASE_URL).toMatch(/^postgres:\/\/chatops:.*@postgres:5432\/chatops$/);
      expect(bot.environment?.PUBLIC_URL).toBeTruthy();
      expect(bot.env_file).toEqual(['bot.env']);
      expect(bot.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
      expect(Number.parseInt(bot.stop_grace_period ?? '0', 10)).toBeGreaterThan(25);
    }
    expect(bots[0]).toEqual(bots[1]);
    const example = read('deploy/bot.env.example');
    expect(example).toMatch(/^ENCRYPTION_KEY=/m);
    expect(example).not.toMatch(/^(DATABASE_URL|PUBLIC_URL)=/m);
    expect(read('deploy/.gitignore').split('\n')).toContain('bot.env');
  });

  it('balances over both replicas, health-checks /readyz and keeps /metrics private', () => {
    const mount = services.lb?.volumes?.find((v) => v.includes('Caddyfile')) ?? '';
    const file = join(ROOT, 'deploy', mount.split(':')[0] ?? '');
    expect(existsSync(file)).toBe(true);
    const caddy = readFileSync(file, 'utf8');
    expect(caddy).toMatch(/reverse_proxy bot-1:3000 bot-2:3000/);
    expect(caddy).toMatch(/health_uri \/readyz/);
    expect(caddy).toMatch(/@metrics path \/metrics\s+respond @metrics 404/);
  });
});
