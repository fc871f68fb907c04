/**
 * The dev mock's (devMock.ts) trusted lists: a LOTL, the Italian list and an out-of-date one, an update with
 * progress that can be stopped, an import. Never part of a production build. `?lists=0`: none cached yet.
 */
import type { Channel, EventName, EventOf, Result, ResultOf } from '../../electron/shared/ipc/contract';

type Status = ResultOf<'trustLists:status'>;
const day = 86_400_000;
const iso = (offsetDays: number): string => new Date(Date.now() + offsetDays * day).toISOString();
const ok = <T,>(value: T): Result<T> => ({ ok: true, value });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const LISTS: Status['lists'] = [
  { territory: 'EU', isLotl: true, sequenceNumber: 342, issued: iso(-20), nextUpdate: iso(160), source: 'https://ec.europa.eu/tools/lotl/eu-lotl.xml', fetchedAt: iso(0), valid: true, stale: false },
  { territory: 'IT', isLotl: false, sequenceNumber: 194, issued: iso(-40), nextUpdate: iso(140), source: 'https://eidas.agid.gov.it/TL/TSL-IT.xml', fetchedAt: iso(0), valid: true, stale: false, services: 212 },
  { territory: 'DE', isLotl: false, sequenceNumber: 88, issued: iso(-200), nextUpdate: iso(-3), source: 'https://tl.bundesnetzagentur.de/TL-DE.XML', fetchedAt: iso(0), valid: true, stale: true, daysPastNextUpdate: 3, services: 97 },
  { territory: 'EL', isLotl: false, source: 'https://trusted-list.eett.gr/TL-EL.xml', valid: false, reason: 'SIGNER_NOT_ALLOWED', stale: false },
];

export function trustListsMock(emit: <E extends EventName>(event: E, payload: EventOf<E>) => void) {
  let status: Status = { lists: new URLSearchParams(window.location.search).get('lists') === '0' ? [] : LISTS, lastUpdate: iso(0), lastAttempt: iso(0), lotlUrl: 'https://ec.europa.eu/tools/lotl/eu-lotl.xml', updating: false };
  let stop = false;
  return async (channel: Channel): Promise<Result<unknown> | undefined> => {
    switch (channel) {
      case 'trustLists:status':
        return ok(status);
      case 'trustLists:cancel':
        stop = true;
        return ok(null);
      case 'trustLists:import':
        status = { ...status, lists: LISTS, lastUpdate: iso(0) };
        return ok(status);
      case 'trustLists:update': {
        stop = false;
        for (let i = 0; i <= LISTS.length; i++) {
          if (stop) {
            emit('trustLists:progress', { running: false, background: false, done: 0, total: 0 });
            return { ok: false, error: { code: 'CANCELLED', message: 'Operazione annullata.' } };
          }
          emit('trustLists:progress', { running: true, background: false, done: i, total: LISTS.length, territory: LISTS[i]?.territory ?? 'EU' });
          await sleep(800);
        }
        emit('trustLists:progress', { running: false, background: false, done: 0, total: 0 });
        status = { ...status, lists: LISTS, lastUpdate: iso(0), lastAttempt: iso(0) };
        return ok(status);
      }
      default:
        return undefined;
    }
  };
}
