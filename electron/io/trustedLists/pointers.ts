/**
 * The pointers of the LOTL in use (TS 119 612 §5.3.13 OtherTSLPointer: territory, location, MIME type, the
 * certificates allowed to sign the pointed list), kept beside it so that a TL imported later without `--signers` is
 * checked against what the LOTL says for its territory.
 */
import { readFileSync } from 'node:fs';
import type { ListPointer } from '../../core/tsl/TrustedList.js';
import { writeFileAtomicSync } from '../writeFileAtomicSync.js';
import { pointersPath } from './cacheFiles.js';

interface StoredPointer extends Omit<ListPointer, 'signers'> {
  readonly signers: readonly string[];
}

export function writePointers(pointers: readonly ListPointer[], env?: NodeJS.ProcessEnv): void {
  const stored: StoredPointer[] = pointers.map((p) => ({ ...p, signers: p.signers.map((c) => Buffer.from(c).toString('base64')) }));
  writeFileAtomicSync(pointersPath(env), JSON.stringify(stored, null, 1));
}

export function readPointers(env?: NodeJS.ProcessEnv): ListPointer[] {
  try {
    const stored = JSON.parse(readFileSync(pointersPath(env), 'utf8')) as StoredPointer[];
    if (!Array.isArray(stored)) return [];
    return stored.map((p) => ({ ...p, signers: p.signers.map((c) => new Uint8Array(Buffer.from(c, 'base64'))) }));
  } catch {
    return [];
  }
}

const LOTL_TYPE = /EUlistofthelists$/;
const XML_MIME = /xml/i;

/** The member states' XML lists a LOTL points to (not its own pointer, not the PDF copies), Italy first. */
export function tlPointers(pointers: readonly ListPointer[]): ListPointer[] {
  const xml = pointers.filter((p) => !LOTL_TYPE.test(p.type ?? '') && p.territory !== 'EU' && (p.mimeType === undefined || XML_MIME.test(p.mimeType)));
  const seen = new Set<string>();
  const unique = xml.filter((p) => !seen.has(p.territory) && seen.add(p.territory));
  return unique.sort((a, b) => (a.territory === 'IT' ? -1 : b.territory === 'IT' ? 1 : a.territory.localeCompare(b.territory)));
}
