/**
 * `state.json` of the trusted-list cache: per list in use (the LOTL and each TL), its sequence number, dates,
 * source, when it was fetched and by which certificate it was signed; per territory, the last attempt that failed
 * (refused or not downloaded), kept until a good copy replaces it. Read defensively: a missing or damaged file is
 * an empty cache, never an error (the lists are then fetched again).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../writeFileAtomicSync.js';
import { cacheDir, statePath } from './cacheFiles.js';

export const DEFAULT_LOTL_URL = 'https://ec.europa.eu/tools/lotl/eu-lotl.xml';

export interface StoredList {
  readonly territory: string;
  readonly isLotl: boolean;
  readonly sequenceNumber: number;
  readonly issued: string;
  readonly nextUpdate?: string;
  /** URL or local file it came from. */
  readonly source: string;
  readonly fetchedAt: string;
  /** SHA-256 (hex) of the certificate whose signature verified. */
  readonly signer: string;
  readonly services: number;
}

export interface StoredFailure {
  readonly territory: string;
  readonly isLotl: boolean;
  readonly source: string;
  readonly at: string;
  readonly code: 'TL_DOWNLOAD' | 'TL_REFUSED';
  /** TL_REASON_WORDS key (shared/i18n/messages.ts). */
  readonly reason: string;
  readonly sequenceNumber?: number;
}

export interface CacheState {
  readonly lotlUrl: string;
  readonly lastUpdate?: string;
  readonly lastAttempt?: string;
  readonly lists: readonly StoredList[];
  readonly failures: readonly StoredFailure[];
}

const EMPTY: CacheState = { lotlUrl: DEFAULT_LOTL_URL, lists: [], failures: [] };

export function cacheExists(env?: NodeJS.ProcessEnv): boolean {
  return existsSync(statePath(env));
}

const isString = (v: unknown): v is string => typeof v === 'string';

function storedList(v: unknown): StoredList | undefined {
  const o = v as Partial<StoredList> | null;
  if (!o || !isString(o.territory) || typeof o.isLotl !== 'boolean' || typeof o.sequenceNumber !== 'number' || !isString(o.issued) || !isString(o.source) || !isString(o.fetchedAt) || !isString(o.signer) || typeof o.services !== 'number') return undefined;
  return { territory: o.territory, isLotl: o.isLotl, sequenceNumber: o.sequenceNumber, issued: o.issued, ...(isString(o.nextUpdate) ? { nextUpdate: o.nextUpdate } : {}), source: o.source, fetchedAt: o.fetchedAt, signer: o.signer, services: o.services };
}

function storedFailure(v: unknown): StoredFailure | undefined {
  const o = v as Partial<StoredFailure> | null;
  if (!o || !isString(o.territory) || typeof o.isLotl !== 'boolean' || !isString(o.source) || !isString(o.at) || (o.code !== 'TL_DOWNLOAD' && o.code !== 'TL_REFUSED') || !isString(o.reason)) return undefined;
  return { territory: o.territory, isLotl: o.isLotl, source: o.source, at: o.at, code: o.code, reason: o.reason, ...(typeof o.sequenceNumber === 'number' ? { sequenceNumber: o.sequenceNumber } : {}) };
}

export function readState(env?: NodeJS.ProcessEnv): CacheState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(statePath(env), 'utf8'));
  } catch {
    return EMPTY;
  }
  const o = raw as Partial<Record<keyof CacheState, unknown>> | null;
  if (!o || typeof o !== 'object') return EMPTY;
  const lists = Array.isArray(o.lists) ? o.lists.map(storedList).filter((x): x is StoredList => x !== undefined) : [];
  const failures = Array.isArray(o.failures) ? o.failures.map(storedFailure).filter((x): x is StoredFailure => x !== undefined) : [];
  return { lotlUrl: isString(o.lotlUrl) ? o.lotlUrl : DEFAULT_LOTL_URL, ...(isString(o.lastUpdate) ? { lastUpdate: o.lastUpdate } : {}), ...(isString(o.lastAttempt) ? { lastAttempt: o.lastAttempt } : {}), lists, failures };
}

export function writeState(s: CacheState, env?: NodeJS.ProcessEnv): void {
  mkdirSync(cacheDir(env), { recursive: true });
  writeFileAtomicSync(statePath(env), JSON.stringify(s, null, 2) + '\n');
}

const key = (x: { territory: string; isLotl: boolean }): string => `${x.isLotl ? 'LOTL' : 'TL'}:${x.territory}`;

/** The state with `list` in use for its territory (replacing the previous copy) and its earlier failure cleared. */
export function withList(s: CacheState, list: StoredList): CacheState {
  return { ...s, lists: [...s.lists.filter((l) => key(l) !== key(list)), list], failures: s.failures.filter((f) => key(f) !== key(list)) };
}

/** The state with the failure recorded (the good copy of that territory, if any, stays in use). */
export function withFailure(s: CacheState, f: StoredFailure): CacheState {
  return { ...s, failures: [...s.failures.filter((x) => key(x) !== key(f)), f] };
}
