import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
const tsx = resolve(ROOT, 'node_modules/.bin/tsx');
const cli = resolve(ROOT, 'src/cli/main.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `teamviewer-chatops <args>` as an operator would: a process of its own, the settings in its environment only
 * (plus PATH), in the repository root. A non-zero exit is a result, not an error.
 */
export async function teamviewerChatops(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  try {
    const r = await run(tsx, [cli, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: timeoutMs });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
