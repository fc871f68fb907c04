/** Runs the built `sigla` command as a user would, with stdin and environment of the test's choosing. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..', '..');
export const SIGLA = resolve(REPO, 'bin', 'sigla.js');

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function sigla(args: readonly string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [SIGLA, ...args], {
    input: o.input ?? '',
    env: { ...(o.env ?? process.env), LANG: 'C.UTF-8' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs an independent tool; returns status and output without throwing. */
export function tool(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): CliResult {
  const r = spawnSync(cmd, args, { env: env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
