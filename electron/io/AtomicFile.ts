/**
 * Atomic output: everything is written to a temporary file in the target folder, flushed, and renamed over the
 * target only when complete. On failure the temporary file is removed, so nothing partial is ever left behind;
 * an existing target is refused unless `force` is given.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, linkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { OutputSink } from '../core/content/ContentSource.js';
import { SiglaError } from '../shared/errors.js';

export class AtomicFile implements OutputSink {
  readonly target: string;
  readonly tempPath: string;
  private fd: number | null;

  private constructor(target: string, private readonly force: boolean) {
    this.target = resolve(target);
    this.tempPath = join(dirname(this.target), `.${basename(this.target)}.${randomBytes(6).toString('hex')}.part`);
    try {
      this.fd = openSync(this.tempPath, 'wx', 0o644);
    } catch (e) {
      throw new SiglaError('OUTPUT_WRITE', `cannot write in ${dirname(this.target)}`, { params: { file: this.target }, cause: e });
    }
  }

  /** Opens a temporary file beside `target`; refuses at once when `target` exists and `force` is false. */
  static create(target: string, force: boolean): AtomicFile {
    assertWritableTarget(target, force);
    return new AtomicFile(target, force);
  }

  write(chunk: Uint8Array): Promise<void> {
    if (this.fd === null) return Promise.reject(new Error('AtomicFile already closed'));
    let off = 0;
    try {
      while (off < chunk.length) off += writeSync(this.fd, chunk, off, chunk.length - off);
    } catch (e) {
      return Promise.reject(new SiglaError('OUTPUT_WRITE', `cannot write ${this.target}`, { params: { file: this.target }, cause: e }));
    }
    return Promise.resolve();
  }

  /** Flushes and moves the file into place. Without `force`, an output that appeared meanwhile is not replaced. */
  commit(): void {
    if (this.fd === null) throw new Error('AtomicFile already closed');
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = null;
      if (this.force) {
        renameSync(this.tempPath, this.target);
      } else {
        publishWithoutReplacing(this.tempPath, this.target);
      }
    } catch (e) {
      this.discard();
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw outputExists(this.target);
      throw new SiglaError('OUTPUT_WRITE', `cannot write ${this.target}`, { params: { file: this.target }, cause: e });
    }
  }

  /** Removes the temporary file; safe to call more than once. */
  discard(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed by the OS
      }
      this.fd = null;
    }
    try {
      unlinkSync(this.tempPath);
    } catch {
      // already gone
    }
  }
}

/** Hard links that cannot exist on the target file system (FAT/exFAT sticks, some SMB shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Moves the finished temp file to `target` without replacing a file that appeared meanwhile: a hard link fails with
 * EEXIST atomically; where the file system has no hard links, check and rename (a narrow race, never a partial file).
 */
function publishWithoutReplacing(temp: string, target: string): void {
  try {
    linkSync(temp, target);
    unlinkSync(temp);
  } catch (e) {
    if (!NO_HARD_LINKS.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
    if (existsSync(target)) throw Object.assign(new Error('target exists'), { code: 'EEXIST' });
    renameSync(temp, target);
  }
}

function outputExists(target: string): SiglaError {
  return new SiglaError('OUTPUT_EXISTS', `${target} exists: use --force to replace it`, { params: { file: target } });
}

export function assertWritableTarget(target: string, force: boolean): void {
  if (!force && existsSync(target)) throw outputExists(resolve(target));
}

/** Runs `produce` against an atomic file for `target` and commits it, or discards it on any error. */
export async function writeAtomically(target: string, force: boolean, produce: (sink: OutputSink) => Promise<void>): Promise<void> {
  const f = AtomicFile.create(target, force);
  try {
    await produce(f);
    f.commit();
  } catch (e) {
    f.discard();
    throw e;
  }
}
