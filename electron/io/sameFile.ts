/**
 * The one rule that keeps every input safe from Sigla's own writes: an output that is an input — the same path in
 * any spelling (`./x/../doc.txt`, absolute or relative), a symbolic link to it, a hard link to it, or another case
 * of its name on a case-insensitive file system — is refused (`OUTPUT_IS_INPUT`, exit 2) whatever `--force` says.
 * Files are compared by (device, inode) where they exist, which covers links and case folding on every file system
 * that has stable file ids, and by their real paths (case-insensitively on Windows and macOS) otherwise. A real path
 * is only worked out when the ids cannot decide (it costs a readlink per path component): an existing file and a
 * missing one are never the same file, and two files with ids are the same exactly when the ids are (plus, where
 * names fold case, when their real paths compare equal).
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { SiglaError } from '../shared/errors.js';

/** Where a file lives: its real path and, when it exists, its (device, inode). */
export interface FileIdentity {
  readonly path: string;
  /** The real path, worked out on first use. */
  readonly real: string;
  /** Whether the path named an existing file when the identity was taken; undefined when that could not be told. */
  readonly exists: boolean | undefined;
  readonly id: { readonly dev: bigint; readonly ino: bigint } | null;
}

/** Windows and macOS file systems fold case by default: `Determina.PDF` is `determina.pdf` there. */
const CASE_INSENSITIVE = process.platform === 'win32' || process.platform === 'darwin';

function comparable(path: string): string {
  return CASE_INSENSITIVE ? path.normalize('NFC').toLowerCase() : path;
}

/** The real path of `path`, or of its folder joined with its name when it does not exist (yet). */
function realPath(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync.native(abs);
  } catch {
    try {
      return resolve(realpathSync.native(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/** The identity of `path` now (following symbolic links, as a write through that path would). */
export function identityOf(path: string): FileIdentity {
  let id: FileIdentity['id'] = null;
  // throwIfNoEntry: a missing file costs no exception.
  const st = statOrNull(path);
  // Some file systems (and Windows for some volumes) report no file id: then only the real path counts.
  if (st && st !== 'unknown' && st.ino !== 0n) id = { dev: st.dev, ino: st.ino };
  let real: string | undefined;
  return {
    path,
    exists: st === 'unknown' ? undefined : st !== null,
    id,
    get real(): string {
      real ??= realPath(path);
      return real;
    },
  };
}

/** The file's ids; null when it does not exist; `unknown` when it could not be looked at (no permission…). */
function statOrNull(path: string): { dev: bigint; ino: bigint } | null | 'unknown' {
  try {
    return statSync(path, { bigint: true, throwIfNoEntry: false }) ?? null;
  } catch {
    return 'unknown';
  }
}

/** True when `a` and `b` name the same file. */
export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  if (a.id && b.id) {
    if (a.id.dev === b.id.dev && a.id.ino === b.id.ino) return true;
    // Two existing files with ids are different files; where names fold case the real paths are compared as well.
    if (!CASE_INSENSITIVE) return false;
  } else if (a.exists !== undefined && b.exists !== undefined && a.exists !== b.exists) {
    // One exists and the other does not: not the same file (now; the commit looks again).
    return false;
  }
  return comparable(a.real) === comparable(b.real);
}

/**
 * Refuses `output` when it is one of `inputs` (paths or identities captured earlier). Called before anything is
 * asked or written, and again right before the finished output is moved into place. Returns the output's identity
 * (whether it exists, too: the caller needs no second look).
 */
export function assertOutputIsNotInput(output: string, inputs: readonly (string | FileIdentity)[], index?: InputIndex): FileIdentity {
  const out = identityOf(output);
  const refuse = (id: FileIdentity): SiglaError =>
    new SiglaError('OUTPUT_IS_INPUT', `${output} is the input ${id.path}: the input is never replaced`, {
      params: { file: output, input: id.path },
    });
  for (const input of inputs) {
    const id = typeof input === 'string' ? identityOf(input) : input;
    if (sameFile(out, id)) throw refuse(id);
  }
  const same = index?.find(out);
  if (same) throw refuse(same);
  return out;
}

const idKey = (id: NonNullable<FileIdentity['id']>): string => `${id.dev}:${id.ino}`;

/**
 * The identities of a batch's inputs, captured once and indexed by file id: each of a thousand outputs is checked
 * against a thousand inputs in constant time, with the same answer as {@link sameFile} against each of them.
 */
export class InputIndex {
  private readonly byId = new Map<string, FileIdentity>();
  /** Inputs without a file id (missing, unreadable, or on a file system without ids): compared one by one. */
  private readonly withoutId: FileIdentity[] = [];

  constructor(readonly identities: readonly FileIdentity[]) {
    for (const i of identities) {
      if (i.id) this.byId.set(idKey(i.id), i);
      else this.withoutId.push(i);
    }
  }

  static capture(paths: readonly (string | FileIdentity)[]): InputIndex {
    return new InputIndex(paths.map((p) => (typeof p === 'string' ? identityOf(p) : p)));
  }

  /** An input that is the same file as `out`, if one is. */
  find(out: FileIdentity): FileIdentity | undefined {
    if (CASE_INSENSITIVE || (!out.id && out.exists !== false)) {
      // Real paths may decide against any input: every one is compared.
      return this.identities.find((i) => sameFile(out, i));
    }
    // An existing output with an id matches an input with an id only by id; a missing output matches no existing input.
    const byId = out.id ? this.byId.get(idKey(out.id)) : undefined;
    return byId ?? this.withoutId.find((i) => sameFile(out, i));
  }
}
