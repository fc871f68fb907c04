/**
 * One durable flush for a batch of outputs instead of an fsync per file. Each output is still complete before it
 * appears (AtomicFile: temp file in the same folder, then rename), so a crash never leaves a partial output under
 * the target name; what a power loss could lose before the flush is whole outputs, which the batch has not reported
 * as durable yet. At the end the batch flushes once: on Linux `syncfs(2)` of each output folder's file system
 * (coreutils `sync -f`, one process for the whole batch), elsewhere — or if that fails — an fsync of every output
 * and of its folder (POSIX fsync(2); a folder's fsync makes the renames durable).
 */
import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where `sync` is (Linux only), looked for at the first batch large enough to use it. */
let syncPath: string | null | undefined;
const syncCommand = (): string | null => (syncPath ??= ['/usr/bin/sync', '/bin/sync'].find((p) => process.platform === 'linux' && existsSync(p)) ?? null);

/**
 * Up to this many outputs an fsync of each (and of its folder) costs less than starting `sync` and flushing the whole
 * file system; above it, one syncfs for the batch.
 */
const FSYNC_EACH_UP_TO = 16;

export class BatchFlush {
  private readonly files = new Set<string>();

  /** An output now in place, to be made durable by {@link flush}. */
  add(path: string): void {
    this.files.add(path);
  }

  get size(): number {
    return this.files.size;
  }

  /** Makes every output added so far durable; safe to call again (it flushes only what was added since). */
  flush(): void {
    if (this.files.size === 0) return;
    const files = [...this.files];
    this.files.clear();
    const dirs = [...new Set(files.map((f) => dirname(f)))];
    const sync = files.length > FSYNC_EACH_UP_TO ? syncCommand() : null;
    if (sync && syncfs(sync, dirs)) return;
    for (const path of [...files, ...dirs]) fsyncPath(path);
  }
}

/** `sync -f DIR…`: syncfs(2) of the file systems holding the folders; false when it could not run. */
function syncfs(sync: string, dirs: readonly string[]): boolean {
  try {
    // No environment: nothing of Sigla's (and never a secret) reaches the child.
    // node:child_process (and the socket code it loads) only for such a batch: a single signature never needs it.
    process.getBuiltinModule('node:child_process').execFileSync(sync, ['-f', '--', ...dirs], { env: {}, stdio: 'ignore', timeout: 120_000 });
    return true;
  } catch {
    return false;
  }
}

function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // A folder cannot be opened for fsync on Windows; the output there is as durable as the OS makes renames.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
