/**
 * The certificates a LOTL must be signed with (TS 119 615 §4.1, TS 119 612 §5.7.1): those shipped in
 * `resources/trust/lotl-signers/` (from the Official Journal announcement, the LOTL's own pointer — see SOURCES.md
 * there), plus those the user gave with `--lotl-signers` for an update that succeeded (kept in the cache so that
 * the daily refresh checks the same LOTL the same way).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { certificatesAt } from '../certificateFiles.js';
import { toPem } from '../TrustStore.js';
import { writeFileAtomicSync } from '../writeFileAtomicSync.js';
import { cacheDir, extraLotlSignersPath } from './cacheFiles.js';

export const PINNED_LOTL_SIGNERS_DIR = join(__dirname, '..', '..', '..', '..', 'resources', 'trust', 'lotl-signers');

export function pinnedLotlSigners(): Uint8Array[] {
  return existsSync(PINNED_LOTL_SIGNERS_DIR) ? certificatesAt(PINNED_LOTL_SIGNERS_DIR) : [];
}

export function savedLotlSigners(env?: NodeJS.ProcessEnv): Uint8Array[] {
  const p = extraLotlSignersPath(env);
  try {
    return existsSync(p) ? certificatesAt(p) : [];
  } catch {
    return [];
  }
}

export function saveLotlSigners(certs: readonly Uint8Array[], env?: NodeJS.ProcessEnv): void {
  mkdirSync(cacheDir(env), { recursive: true });
  writeFileAtomicSync(extraLotlSignersPath(env), certs.map(toPem).join(''));
}
