/**
 * Runs the built `sigla` command with a time limit and measures its peak resident memory: through GNU time's `%M`
 * (maximum resident set size, KiB) when /usr/bin/time exists, otherwise through Python's getrusage of the child.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SIGLA } from './cli.js';

export interface Measured {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak RSS of the sigla process, in MiB. */
  readonly maxRssMiB: number;
  readonly seconds: number;
  /** True when the time limit killed it. */
  readonly timedOut: boolean;
}

const GNU_TIME = '/usr/bin/time';

export function siglaMeasured(args: readonly string[], o: { timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv } = {}): Measured {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const started = process.hrtime.bigint();
  const useTime = existsSync(GNU_TIME);
  const cmd = useTime ? GNU_TIME : 'python3';
  const pre = useTime
    ? ['-f', 'SIGLA_MAXRSS_KB=%M', process.execPath]
    : ['-c', 'import resource,subprocess,sys\nr=subprocess.run(sys.argv[1:])\nsys.stderr.write("SIGLA_MAXRSS_KB=%d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\nsys.exit(r.returncode)', process.execPath];
  const r = spawnSync(cmd, [...pre, SIGLA, ...args], {
    input: o.input ?? '',
    env: { ...(o.env ?? process.env), LANG: 'C.UTF-8' },
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kb = /SIGLA_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '')?.[1];
  const stderr = (r.stderr ?? '').replace(/^.*SIGLA_MAXRSS_KB=\d+\n?/m, '').replace(/^Command exited with non-zero status \d+\n/m, '');
  return {
    status: r.status ?? -1,
    stdout: r.stdout ?? '',
    stderr,
    maxRssMiB: kb === undefined ? Number.NaN : Number(kb) / 1024,
    seconds,
    timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT',
  };
}
