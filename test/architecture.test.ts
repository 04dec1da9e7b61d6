import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !/\.test(-helper)?\.ts$/.test(p) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

function violations(folder: string, allowedPackages: RegExp): string[] {
  const root = join(SRC, folder);
  const out: string[] = [];
  for (const f of files(root)) {
    for (const spec of imports(f)) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(f), spec);
        if (!target.startsWith(root)) out.push(`${relative(SRC, f)} → ${relative(SRC, target)}`);
      } else if (!spec.startsWith('node:') && !allowedPackages.test(spec)) {
        out.push(`${relative(SRC, f)} → ${spec}`);
      }
    }
  }
  return out;
}

describe('layering (style.md §3.1, §3.2)', () => {
  it('core imports nothing outside core except zod and luxon', () => {
    expect(violations('core', /^(zod|luxon)$/)).toEqual([]);
  });

  it('simulators import nothing from the bot, only node built-ins and their own packages', () => {
    expect(violations('simulators', /^(smtp-server|mailparser)$/)).toEqual([]);
  });

  it('only chat/teams imports botbuilder or botframework-* (the SDK is archived: a move must touch one folder)', () => {
    const offenders = files(SRC)
      .filter((f) => !f.startsWith(join(SRC, 'chat/teams')))
      .flatMap((f) => imports(f).filter((s) => /^(botbuilder|botframework-)/.test(s)).map((s) => `${relative(SRC, f)} → ${s}`));
    expect(offenders).toEqual([]);
  });

  it('only chat/slack imports @slack/*', () => {
    const offenders = files(SRC)
      .filter((f) => !f.startsWith(join(SRC, 'chat/slack')))
      .flatMap((f) => imports(f).filter((s) => s.startsWith('@slack/')).map((s) => `${relative(SRC, f)} → ${s}`));
    expect(offenders).toEqual([]);
  });
});
