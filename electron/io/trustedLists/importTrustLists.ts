/**
 * `sigla trust import FILE… [--signers PEM_OR_DIR]` and the app's "Importa da file", for offices without internet:
 * LOTL and TL files from disk. Without `signers`, a LOTL is checked against the pinned LOTL signers and a TL against
 * the certificates the cached LOTL's pointer names for its territory (TS 119 615 §4.1); with them, against those.
 * LOTLs are taken first, so a LOTL and its TLs can come in one import. Refusals are recorded like update's; when
 * nothing could be imported the last refusal is thrown (coded, exit 8).
 */
import { SiglaError } from '../../shared/errors.js';
import { readInputFile } from '../readInputFile.js';
import { resolve } from 'node:path';
import { checkList, peekList } from './checkList.js';
import { pinnedLotlSigners, savedLotlSigners } from './lotlSigners.js';
import { readPointers } from './pointers.js';
import { readState, writeState, type CacheState } from './state.js';
import { statusOf, type TrustListsStatus } from './status.js';
import { newerInUse, storeAccepted, storeRefused } from './storeList.js';
import { acceptTl } from './updateTrustLists.js';

export function importTrustLists(files: readonly string[], signers: Uint8Array[] | undefined, env: NodeJS.ProcessEnv = process.env): TrustListsStatus {
  const read = files.map((f) => ({ source: resolve(f), xml: readInputFile(f) }));
  const peeked = read.map((r) => ({ ...r, head: peekList(r.xml) }));
  const ordered = [...peeked.filter((r) => r.head?.isLotl), ...peeked.filter((r) => !r.head?.isLotl)];
  let s: CacheState = readState(env);
  let imported = 0;
  let last: SiglaError | undefined;
  for (const r of ordered) {
    const before = s;
    const fail = (reason: string): void => {
      last = new SiglaError('TL_REFUSED', `list ${r.source} refused: ${reason}`, { params: { source: r.source, reason } });
    };
    if (r.head?.isLotl) {
      const c = checkList(r.xml, signers ?? [...pinnedLotlSigners(), ...savedLotlSigners(env)]);
      const reason = !c.ok ? c.reason : newerInUse(s, c.list) ? 'OLDER' : undefined;
      if (c.ok && reason === undefined) {
        s = storeAccepted(s, r.xml, c.list, c.signer, r.source, new Date(), env);
        imported++;
      } else {
        s = storeRefused(s, { territory: 'EU', isLotl: true, source: r.source, code: 'TL_REFUSED', reason: reason ?? 'PARSE', sequenceNumber: r.head.sequenceNumber }, new Date());
        fail(reason ?? 'PARSE');
      }
    } else {
      const territory = r.head?.territory;
      const pointer = territory ? readPointers(env).find((p) => p.territory === territory && !/EUlistofthelists$/.test(p.type ?? '')) : undefined;
      const allowed = signers ?? pointer?.signers ?? [];
      if (!signers && r.head && !pointer) {
        const hasLotl = s.lists.some((l) => l.isLotl);
        const reason = hasLotl ? 'NOT_POINTED' : 'NO_SIGNERS';
        s = storeRefused(s, { territory: /^[A-Z]{2}$/.test(r.head.territory) ? r.head.territory : 'XX', isLotl: false, source: r.source, code: 'TL_REFUSED', reason, sequenceNumber: r.head.sequenceNumber }, new Date());
        fail(reason);
      } else {
        s = acceptTl(s, r.xml, allowed, r.source, undefined, env);
        const stored = s.lists.find((l) => !l.isLotl && l.source === r.source && !before.lists.includes(l));
        if (stored) imported++;
        else fail(s.failures.find((f) => f.source === r.source)?.reason ?? 'PARSE');
      }
    }
    writeState(s, env);
  }
  if (imported === 0 && last) throw last;
  return statusOf(s);
}
