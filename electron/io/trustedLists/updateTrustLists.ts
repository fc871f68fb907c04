/**
 * `sigla trust update` and the app's "Aggiorna ora" (TS 119 615 §4.1, the way EU DSS does it): fetch the LOTL, check
 * its XML signature against the pinned LOTL signers (or `lotlSigners`), then fetch every member state's TL it
 * points to (XML ones, Italy first), each checked against the certificates its pointer names. Accepted lists
 * replace the copy in use; refused or unreachable ones are recorded and the copy in use stays. The LOTL failing
 * (not downloaded, refused) is thrown as a coded error after being recorded; a TL failing is a `valid: false`
 * entry of the returned status.
 */
import { SiglaError } from '../../shared/errors.js';
import { httpGet } from '../../net/httpGet.js';
import type { ListPointer, TrustedList } from '../../core/tsl/TrustedList.js';
import { checkList } from './checkList.js';
import { pinnedLotlSigners, savedLotlSigners, saveLotlSigners } from './lotlSigners.js';
import { tlPointers } from './pointers.js';
import { readState, writeState, DEFAULT_LOTL_URL, type CacheState } from './state.js';
import { statusOf, type TrustListsStatus } from './status.js';
import { newerInUse, storeAccepted, storeRefused } from './storeList.js';

export interface UpdateOptions {
  env?: NodeJS.ProcessEnv;
  lotlUrl?: string;
  lotlSigners?: Uint8Array[];
  onProgress?: (p: { done: number; total: number; territory?: string }) => void;
  signal?: AbortSignal;
}

/** Downloads at a time: a few, not thirty (the machine and the servers are shared). */
const PARALLEL = 4;

function refused(source: string, reason: string): SiglaError {
  return new SiglaError('TL_REFUSED', `list ${source} refused: ${reason}`, { params: { source, reason } });
}

export async function updateTrustLists(o: UpdateOptions): Promise<TrustListsStatus> {
  const env = o.env ?? process.env;
  const lotlUrl = o.lotlUrl ?? readState(env).lotlUrl ?? DEFAULT_LOTL_URL;
  const started = new Date();
  let s: CacheState = { ...readState(env), lotlUrl, lastAttempt: started.toISOString() };
  const save = (): void => writeState(s, env);

  // 1. The LOTL.
  let xml: Uint8Array;
  try {
    xml = (await httpGet(lotlUrl, { env, ...(o.signal ? { signal: o.signal } : {}) })).body;
  } catch (e) {
    const reason = e instanceof SiglaError ? String(e.params['reason'] ?? 'unreachable') : 'unreachable';
    s = storeRefused(s, { territory: 'EU', isLotl: true, source: lotlUrl, code: 'TL_DOWNLOAD', reason }, new Date());
    save();
    throw e;
  }
  const signers = o.lotlSigners && o.lotlSigners.length > 0 ? o.lotlSigners : [...pinnedLotlSigners(), ...savedLotlSigners(env)];
  const lotl = checkList(xml, signers);
  const notLotl = lotl.ok && !lotl.list.isLotl;
  if (!lotl.ok || notLotl || newerInUse(s, lotl.list)) {
    const reason = !lotl.ok ? lotl.reason : notLotl ? 'PARSE' : 'OLDER';
    s = storeRefused(s, { territory: 'EU', isLotl: true, source: lotlUrl, code: 'TL_REFUSED', reason, ...(lotl.list ? { sequenceNumber: lotl.list.sequenceNumber } : {}) }, new Date());
    save();
    throw refused(lotlUrl, reason);
  }
  s = storeAccepted(s, xml, lotl.list, lotl.signer, lotlUrl, new Date(), env);
  if (o.lotlSigners && o.lotlSigners.length > 0) saveLotlSigners(o.lotlSigners, env);
  save();

  // 2. The TLs it points to.
  const pointers = tlPointers(lotl.list.pointers);
  let done = 0;
  o.onProgress?.({ done, total: pointers.length });
  const queue = [...pointers];
  const worker = async (): Promise<void> => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      if (o.signal?.aborted) return;
      // Downloads run side by side; each result is applied to the state as it is when it arrives.
      const apply = await fetchTl(p, env, o.signal);
      s = apply(s);
      save();
      done++;
      o.onProgress?.({ done, total: pointers.length, territory: p.territory });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, pointers.length) }, worker));
  // Stopped by the user: what was fetched stays (each list was checked and stored on its own), but the run is not
  // an update of every list, so lastUpdate keeps its value and the caller hears CANCELLED.
  if (o.signal?.aborted) throw new SiglaError('CANCELLED', 'trusted-list update stopped');
  s = { ...s, lastUpdate: new Date().toISOString() };
  save();
  return statusOf(s);
}

/** One TL downloaded; what it does to the state: checked against its pointer's certificates and territory, stored or recorded. */
async function fetchTl(p: ListPointer, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<(s: CacheState) => CacheState> {
  let xml: Uint8Array;
  try {
    xml = (await httpGet(p.location, { env, ...(signal ? { signal } : {}) })).body;
  } catch (e) {
    const reason = e instanceof SiglaError ? String(e.params['reason'] ?? 'unreachable') : 'unreachable';
    // Stopped by the user: nothing to record, the copy in use stays as it was.
    if (reason === 'aborted') return (s) => s;
    return (s) => storeRefused(s, { territory: p.territory, isLotl: false, source: p.location, code: 'TL_DOWNLOAD', reason }, new Date());
  }
  return (s) => acceptTl(s, xml, p.signers, p.location, p.territory, env);
}

/** A TL checked against `signers` (and, when given, the territory its pointer names), stored or recorded. */
export function acceptTl(s: CacheState, xml: Uint8Array, signers: readonly Uint8Array[], source: string, territory: string | undefined, env: NodeJS.ProcessEnv): CacheState {
  const c = checkList(xml, signers);
  const list: TrustedList | undefined = c.list;
  const where = territory ?? list?.territory ?? '??';
  const refuse = (reason: string): CacheState => storeRefused(s, { territory: /^[A-Z]{2}$/.test(where) ? where : 'XX', isLotl: false, source, code: 'TL_REFUSED', reason, ...(list ? { sequenceNumber: list.sequenceNumber } : {}) }, new Date());
  if (!c.ok) return refuse(c.reason);
  if (c.list.isLotl) return refuse('PARSE');
  if (territory !== undefined && c.list.territory !== territory) return refuse('TERRITORY');
  if (!/^[A-Z]{2}$/.test(c.list.territory)) return refuse('PARSE');
  if (newerInUse(s, c.list)) return refuse('OLDER');
  return storeAccepted(s, xml, c.list, c.signer, source, new Date(), env);
}
