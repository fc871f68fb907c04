import { renameSync, writeFileSync } from 'node:fs';

/** Small settings and cache files: written to a temp file in the same folder, then renamed into place. */
export function writeFileAtomicSync(path: string, text: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}
