/**
 * The one rule that keeps every input safe from Sigla's own writes: an output that is an input — the same path in
 * any spelling (`./x/../doc.txt`, absolute or relative), a symbolic link to it, a hard link to it, or another case
 * of its name on a case-insensitive file system — is refused (`OUTPUT_IS_INPUT`, exit 2) whatever `--force` says.
 * Files are compared by (device, inode) where they exist, which covers links and case folding on every file system
 * that has stable file ids, and by their real paths (case-insensitively on Windows and macOS) otherwise.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { SiglaError } from '../shared/errors.js';

/** Where a file lives: its real path and, when it exists, its (device, inode). */
export interface FileIdentity {
  readonly path: string;
  readonly real: string;
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
  try {
    const st = statSync(path, { bigint: true });
    // Some file systems (and Windows for some volumes) report no file id: then only the real path counts.
    if (st.ino !== 0n) id = { dev: st.dev, ino: st.ino };
  } catch {
    // does not exist (yet): only the path can match
  }
  return { path, real: realPath(path), id };
}

/** True when `a` and `b` name the same file. */
export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  if (a.id && b.id && a.id.dev === b.id.dev && a.id.ino === b.id.ino) return true;
  return comparable(a.real) === comparable(b.real);
}

/**
 * Refuses `output` when it is one of `inputs` (paths or identities captured earlier). Called before anything is
 * asked or written, and again right before the finished output is moved into place.
 */
export function assertOutputIsNotInput(output: string, inputs: readonly (string | FileIdentity)[]): void {
  if (inputs.length === 0) return;
  const out = identityOf(output);
  for (const input of inputs) {
    const id = typeof input === 'string' ? identityOf(input) : input;
    if (sameFile(out, id)) {
      throw new SiglaError('OUTPUT_IS_INPUT', `${output} is the input ${id.path}: the input is never replaced`, {
        params: { file: output, input: id.path },
      });
    }
  }
}
