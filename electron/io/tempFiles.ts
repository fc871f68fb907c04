/**
 * Sigla's temporary outputs: named so that they can be recognised and traced to their owner, registered while
 * open, removed on SIGINT/SIGTERM/SIGHUP and at exit, and swept by the next write into the same folder when their
 * owner died without a chance to clean up (`kill -9`, power loss).
 *
 * A temp file is `.NAME.sigla-HOST-PID-START-RANDOM.part` beside its target: HOST is a short hash of the host
 * name (a folder on a network share is shared with other computers, whose process ids mean nothing here), PID the
 * owner's process id and START its start time (Linux: field 22 of `/proc/PID/stat`, clock ticks since boot), so that
 * a process id reused by an unrelated process does not keep a stale file alive. Where there is no `/proc` (Windows,
 * macOS) START is 0: the owner is taken as dead when no process has its id, or when the file was last written more
 * than a day ago (guarding against process id reuse).
 */
import { createHash, randomFillSync } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

const TEMP_PATTERN = /^\..*\.sigla-([0-9a-f]{8})-(\d+)-(\d+)-[0-9a-f]{12}\.part$/;

/** The name part kept from the target: a temp name must stay within NAME_MAX (255 bytes) whatever the target. */
const MAX_NAME_CHARS = 80;

/** A temp file left this long by an owner we cannot trace is stale even if its process id is in use again. */
const UNTRACEABLE_AGE_MS = 24 * 60 * 60 * 1000;

const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** Linux: the state and start time (clock ticks after boot) of a process, from `/proc/PID/stat`; null if none. */
function procStat(pid: number | 'self'): { state: string; start: string } | null | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch (e) {
    // No such process; undefined when there is no /proc at all (not Linux).
    return (e as NodeJS.ErrnoException).code === 'ENOENT' && process.platform === 'linux' ? null : undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19];
  return state !== undefined && start !== undefined && /^\d+$/.test(start) ? { state, start } : undefined;
}

const SELF_START = procStat('self')?.start ?? '0';

/**
 * Random bytes for temp names, drawn from the system's generator a few hundred names at a time (one call each was
 * ~20 µs: a batch of many small documents paid it per document).
 */
const randomPool = Buffer.alloc(6 * 512);
let randomUsed = randomPool.length;

/** 12 hex digits never handed out before (the names stay unpredictable: the pool is CSPRNG output). */
function randomName(): string {
  if (randomUsed === randomPool.length) {
    randomFillSync(randomPool);
    randomUsed = 0;
  }
  const hex = randomPool.toString('hex', randomUsed, randomUsed + 6);
  randomUsed += 6;
  return hex;
}

/** The temp path for `target`, in the same folder (so the final rename is atomic). */
export function tempPathFor(target: string): string {
  const name = basename(target).slice(0, MAX_NAME_CHARS);
  return join(dirname(target), `.${name}.sigla-${HOST}-${process.pid}-${SELF_START}-${randomName()}.part`);
}

const open = new Set<string>();

/** Registers a temp file that exists now; removed by {@link removeOpenTemps} unless released first. */
export function trackTemp(path: string): void {
  open.add(path);
}

/** The temp file was renamed into place or removed by its owner. */
export function releaseTemp(path: string): void {
  open.delete(path);
}

/** Removes every registered temp file (synchronously: safe in signal and exit handlers). */
export function removeOpenTemps(): void {
  for (const path of open) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  open.clear();
}

/** How many temp files are open now (for tests and diagnostics). */
export function openTempCount(): number {
  return open.size;
}

function ownerIsDead(pid: number, start: string, path: string): boolean {
  if (pid === process.pid && start === SELF_START) return !open.has(path);
  const proc = procStat(pid);
  if (proc === null) return true;
  if (proc !== undefined && start !== '0') return proc.state === 'Z' || proc.state === 'X' || proc.start !== start;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  try {
    return Date.now() - statSync(path).mtimeMs > UNTRACEABLE_AGE_MS;
  } catch {
    return false;
  }
}

/**
 * Removes the temp files in `dir` that Sigla processes of this computer left behind when they died. Only names
 * that match Sigla's own pattern are considered; a file whose owner lives, or is on another computer, is kept.
 * Returns the names removed. Never throws: a folder that cannot be listed is reported by the write itself.
 */
export function sweepStaleTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_PATTERN.exec(name);
    if (!m || m[1] !== HOST) continue;
    const path = join(dir, name);
    if (!ownerIsDead(Number(m[2]), m[3] ?? '0', path)) continue;
    try {
      unlinkSync(path);
      removed.push(name);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

/** The signals after which a process should stop; each leaves no temp file behind. */
export const CLEANUP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type CleanupSignal = (typeof CLEANUP_SIGNALS)[number];

let installed = false;

/**
 * Installs the handlers, once per process: on SIGINT, SIGTERM or SIGHUP the open temp files are removed and then
 * `onSignal` decides how to end (the CLI prints "cancelled" and exits 11; the app quits); at exit, whatever its
 * cause (an uncaught exception included), the open temp files are removed.
 */
export function installTempCleanup(onSignal: (signal: CleanupSignal) => void): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeOpenTemps);
  for (const signal of CLEANUP_SIGNALS) {
    process.on(signal, () => {
      removeOpenTemps();
      onSignal(signal);
    });
  }
}
