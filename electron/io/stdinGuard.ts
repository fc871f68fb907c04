/**
 * Standard input carries the PIN (`--pin-stdin`) or the PINs and PUK (`pin change|unblock --stdin`): it cannot also
 * be a file to read. `-`, `/dev/stdin`, `/dev/fd/0`, `/proc/self/fd/0`, and any path that is the same file as
 * descriptor 0 (stdin redirected from that file) are refused before anything is read.
 */
import { fstatSync, statSync } from 'node:fs';
import { SiglaError } from '../shared/errors.js';

const STDIN_NAMES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0', `/proc/${process.pid}/fd/0`]);

function stdinId(): { dev: bigint; ino: bigint } | null {
  try {
    const st = fstatSync(0, { bigint: true });
    return st.ino === 0n ? null : { dev: st.dev, ino: st.ino };
  } catch {
    return null;
  }
}

/** Refuses any of `paths` that is standard input (`INPUT_IS_STDIN`, exit 2). */
export function assertNotStdin(paths: readonly string[]): void {
  const fd0 = stdinId();
  for (const path of paths) {
    let same = STDIN_NAMES.has(path);
    if (!same && fd0) {
      try {
        const st = statSync(path, { bigint: true });
        same = st.dev === fd0.dev && st.ino === fd0.ino;
      } catch {
        // missing: refused later as unreadable
      }
    }
    if (same) throw new SiglaError('INPUT_IS_STDIN', `${path} is standard input, which carries the PIN`, { params: { file: path } });
  }
}
