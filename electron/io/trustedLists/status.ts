/**
 * What the app's Impostazioni and `sigla trust status` show: each list in use (territory, sequence number, issue
 * date, next update, source, when fetched, how many services, whether past its NextUpdate and by how many days —
 * TS 119 615 §4.1: a list past NextUpdate is still used, with a warning) and each failed attempt (refused or not
 * downloaded, with its reason code), newest facts only.
 */
import type { CacheState } from './state.js';
import { readState } from './state.js';

export interface TrustListState {
  territory: string;
  isLotl: boolean;
  sequenceNumber?: number;
  issued?: string;
  nextUpdate?: string;
  source: string;
  fetchedAt?: string;
  valid: boolean;
  /** Why not valid: a TL_REASON_WORDS key (shared/i18n/messages.ts). */
  reason?: string;
  /** Past NextUpdate. */
  stale: boolean;
  daysPastNextUpdate?: number;
  services?: number;
  /** Not valid: TL_REFUSED (signature, signer, parse, older) or TL_DOWNLOAD (not downloaded). */
  error?: 'TL_DOWNLOAD' | 'TL_REFUSED';
  /** Not valid: the copy of this territory still in use, if any (its sequence number). */
  inUseSequenceNumber?: number;
}

export interface TrustListsStatus {
  lists: TrustListState[];
  lastUpdate?: string;
  lastAttempt?: string;
  lotlUrl: string;
}

const DAY = 86_400_000;

export function statusOf(s: CacheState, now: Date = new Date()): TrustListsStatus {
  const order = (a: { isLotl: boolean; territory: string }, b: { isLotl: boolean; territory: string }): number => (a.isLotl !== b.isLotl ? (a.isLotl ? -1 : 1) : a.territory === 'IT' ? -1 : b.territory === 'IT' ? 1 : a.territory.localeCompare(b.territory));
  const inUse: TrustListState[] = [...s.lists].sort(order).map((l) => {
    const past = l.nextUpdate !== undefined && new Date(l.nextUpdate).getTime() < now.getTime();
    return {
      territory: l.territory,
      isLotl: l.isLotl,
      sequenceNumber: l.sequenceNumber,
      issued: l.issued,
      ...(l.nextUpdate ? { nextUpdate: l.nextUpdate } : {}),
      source: l.source,
      fetchedAt: l.fetchedAt,
      valid: true,
      stale: past,
      ...(past && l.nextUpdate ? { daysPastNextUpdate: Math.floor((now.getTime() - new Date(l.nextUpdate).getTime()) / DAY) } : {}),
      ...(l.isLotl ? {} : { services: l.services }),
    };
  });
  const failed: TrustListState[] = [...s.failures].sort(order).map((f) => {
    const good = s.lists.find((l) => l.isLotl === f.isLotl && l.territory === f.territory);
    return {
      territory: f.territory,
      isLotl: f.isLotl,
      ...(f.sequenceNumber !== undefined ? { sequenceNumber: f.sequenceNumber } : {}),
      source: f.source,
      fetchedAt: f.at,
      valid: false,
      reason: f.reason,
      error: f.code,
      stale: false,
      ...(good ? { inUseSequenceNumber: good.sequenceNumber } : {}),
    };
  });
  return { lists: [...inUse, ...failed], ...(s.lastUpdate ? { lastUpdate: s.lastUpdate } : {}), ...(s.lastAttempt ? { lastAttempt: s.lastAttempt } : {}), lotlUrl: s.lotlUrl };
}

export function trustListsStatus(env?: NodeJS.ProcessEnv, now?: Date): TrustListsStatus {
  return statusOf(readState(env), now);
}
