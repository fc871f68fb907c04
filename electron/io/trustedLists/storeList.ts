/**
 * What happens to a list once checked: an accepted one is written (XML as fetched, its services index, the LOTL's
 * pointers) and put in use for its territory; a refused one is only recorded, and the good copy in use stays. A
 * list older than the one in use (a lower TSLSequenceNumber, TS 119 612 §5.3.2) is refused, so that an old copy
 * replayed by a network never replaces a newer one.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { TrustedList } from '../../core/tsl/TrustedList.js';
import { writeFileAtomicSync } from '../writeFileAtomicSync.js';
import { cacheDir, listPath } from './cacheFiles.js';
import { writePointers } from './pointers.js';
import { servicesOf, writeServices } from './serviceIndex.js';
import { withFailure, withList, type CacheState, type StoredFailure } from './state.js';

export const sha256Hex = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

/** The list in use for the same territory and kind, when newer than `list`. */
export function newerInUse(s: CacheState, list: TrustedList): boolean {
  const inUse = s.lists.find((l) => l.isLotl === list.isLotl && l.territory === list.territory);
  return inUse !== undefined && inUse.sequenceNumber > list.sequenceNumber;
}

export function storeAccepted(s: CacheState, xml: Uint8Array, list: TrustedList, signer: Uint8Array, source: string, now: Date, env?: NodeJS.ProcessEnv): CacheState {
  mkdirSync(cacheDir(env), { recursive: true });
  const services = list.isLotl ? [] : servicesOf(list);
  // The index first, the XML last: a crash in between leaves the previous state.json pointing at a consistent pair
  // or at a newer index of the same territory, never at services of a list that was not accepted.
  if (list.isLotl) writePointers(list.pointers, env);
  else writeServices(list.territory, services, env);
  writeFileAtomicSync(listPath(list.territory, list.isLotl, env), xml);
  return withList(s, {
    territory: list.territory,
    isLotl: list.isLotl,
    sequenceNumber: list.sequenceNumber,
    issued: list.issued,
    ...(list.nextUpdate ? { nextUpdate: list.nextUpdate } : {}),
    source,
    fetchedAt: now.toISOString(),
    signer: sha256Hex(signer),
    services: services.length,
  });
}

export function storeRefused(s: CacheState, f: Omit<StoredFailure, 'at'>, now: Date): CacheState {
  return withFailure(s, { ...f, at: now.toISOString() });
}
