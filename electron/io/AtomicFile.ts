/**
 * Atomic output: everything is written to a temporary file in the target folder, flushed, and renamed over the
 * target only when complete. On failure the temporary file is removed, so nothing partial is ever left behind;
 * an existing target is refused unless `force` is given, and an input is never a target, `force` or not
 * (sameFile.ts). Temp files are registered (tempFiles.ts) so that a signal or an exit removes them, and every new
 * output first sweeps the temp files that dead Sigla processes left in its folder.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, linkSync } from 'node:fs';
import type { BatchFlush } from './BatchFlush.js';
import { dirname, resolve } from 'node:path';
import type { OutputSink } from '../core/content/ContentSource.js';
import { SiglaError } from '../shared/errors.js';
import { assertOutputIsNotInput, identityOf, type FileIdentity, type InputIndex } from './sameFile.js';
import { releaseTemp, sweepStaleTemps, tempPathFor, trackTemp } from './tempFiles.js';
import { writeError } from './writeErrors.js';

/** How an output may be written. */
export interface WriteOptions {
  /** Replace an existing output (never an input). */
  readonly force: boolean;
  /**
   * Every file the command reads for this output (the document, a detached content, a PKCS#12 file, an image…):
   * none of them may be the output. Empty only when nothing is read from a file (or `inputIndex` holds them). Identities captured once
   * (sameFile.ts) spare a batch from reading every input's identity again for every output.
   */
  readonly inputs: readonly (string | FileIdentity)[];
  /** A batch's inputs captured once (sameFile.ts InputIndex): checked as well as `inputs`, in constant time. */
  readonly inputIndex?: InputIndex;
  /**
   * A batch's one durable flush (BatchFlush.ts): the output is renamed into place complete but not fsynced; the
   * batch flushes its outputs' file system once at the end. Without it, each output is fsynced before its rename.
   */
  readonly flush?: BatchFlush;
  /** Folders already swept of dead processes' temp files in this batch (each is swept once). */
  readonly sweptDirs?: Set<string>;
}

/**
 * Writes smaller than this are gathered and written together: a small signature (header, content, SignerInfo) goes
 * to disk in one write(2) instead of one per part.
 */
const GATHER_MAX = 64 << 10;

export class AtomicFile implements OutputSink {
  readonly target: string;
  readonly tempPath: string;
  private fd: number | null;
  private readonly inputs: readonly FileIdentity[];
  /** Bytes written but not yet handed to the file (copied: a source may reuse its chunk after the write). */
  private gathered: Uint8Array[] = [];
  private gatheredLength = 0;

  private constructor(target: string, private readonly options: WriteOptions, inputs: readonly FileIdentity[]) {
    this.target = resolve(target);
    this.inputs = inputs;
    const dir = dirname(this.target);
    if (!options.sweptDirs?.has(dir)) {
      sweepStaleTemps(dir);
      options.sweptDirs?.add(dir);
    }
    this.tempPath = tempPathFor(this.target);
    try {
      this.fd = openSync(this.tempPath, 'wx', 0o644);
    } catch (e) {
      throw writeError(this.target, e);
    }
    trackTemp(this.tempPath);
  }

  /** Opens a temporary file beside `target`; refuses at once an input as target, or an existing one without `force`. */
  static create(target: string, options: WriteOptions): AtomicFile {
    // Each input path is looked at once here (and once more at the commit), not once per check.
    const inputs = options.inputs.map((i) => (typeof i === 'string' ? identityOf(i) : i));
    assertWritableTarget(target, { ...options, inputs });
    return new AtomicFile(target, options, inputs);
  }

  write(chunk: Uint8Array): Promise<void> {
    if (this.fd === null) return Promise.reject(new Error('AtomicFile already closed'));
    try {
      if (this.gatheredLength + chunk.length <= GATHER_MAX) {
        this.gathered.push(chunk.slice());
        this.gatheredLength += chunk.length;
      } else {
        this.writeGathered(this.fd);
        writeAll(this.fd, chunk);
      }
    } catch (e) {
      return Promise.reject(writeError(this.target, e));
    }
    return Promise.resolve();
  }

  /** Hands the gathered bytes to the file. */
  private writeGathered(fd: number): void {
    if (this.gathered.length === 0) return;
    const parts = this.gathered;
    const n = this.gatheredLength;
    this.gathered = [];
    this.gatheredLength = 0;
    writeAll(fd, parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, n));
  }

  /** Overwrites bytes already written (a header whose lengths became known later); the temp file is not appended. */
  writeAt(position: number, bytes: Uint8Array): Promise<void> {
    if (this.fd === null) return Promise.reject(new Error('AtomicFile already closed'));
    let off = 0;
    try {
      this.writeGathered(this.fd);
      while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off, position + off);
    } catch (e) {
      return Promise.reject(writeError(this.target, e));
    }
    return Promise.resolve();
  }

  /**
   * Flushes and moves the file into place. The target is checked against the inputs once more (the path may have
   * become a link to one meanwhile); without `force`, an output that appeared meanwhile is not replaced.
   */
  commit(): void {
    if (this.fd === null) throw new Error('AtomicFile already closed');
    try {
      this.writeGathered(this.fd);
      if (!this.options.flush) fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = null;
      // Paths are looked at again (one may have become a link to the target meanwhile); captured identities as they are.
      assertOutputIsNotInput(this.target, [...this.inputs, ...this.options.inputs.filter((i) => typeof i === 'string')], this.options.inputIndex);
      if (this.options.force) {
        renameSync(this.tempPath, this.target);
      } else {
        publishWithoutReplacing(this.tempPath, this.target);
      }
      releaseTemp(this.tempPath);
      this.options.flush?.add(this.target);
    } catch (e) {
      this.discard();
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw outputExists(this.target);
      throw writeError(this.target, e);
    }
  }

  /** Removes the temporary file; safe to call more than once. */
  discard(): void {
    this.gathered = [];
    this.gatheredLength = 0;
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
    releaseTemp(this.tempPath);
  }
}

/** write(2) until every byte is written (appending at the file's position). */
function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
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

/**
 * What can be refused about an output before anything is asked or written: being one of the inputs (exit 2,
 * whatever `force` says), then existing without `force` (exit 9).
 */
export function assertWritableTarget(target: string, options: WriteOptions): void {
  const out = assertOutputIsNotInput(target, options.inputs, options.inputIndex);
  if (!options.force && (out.exists ?? existsSync(target))) throw outputExists(resolve(target));
}

/**
 * Runs `produce` against an atomic file for `target` and commits it, or discards it on any error. `beforeCommit`, when
 * given, is awaited between the two (a batch commits its outputs in document order); if it throws, the output is
 * discarded.
 */
export async function writeAtomically(
  target: string,
  options: WriteOptions,
  produce: (sink: OutputSink) => Promise<void>,
  beforeCommit?: () => Promise<void>,
): Promise<void> {
  const f = AtomicFile.create(target, options);
  try {
    await produce(f);
    if (beforeCommit) await beforeCommit();
    f.commit();
  } catch (e) {
    f.discard();
    throw e;
  }
}
