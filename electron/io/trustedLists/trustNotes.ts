/**
 * What a verification report says about the trusted lists it used (issue 12 item 1 and 6): none cached (no
 * qualification can be stated, Italian signatures may find no trust anchor), a list past its NextUpdate and by how
 * many days (TS 119 615 §4.1: still used, with a warning), a list refused at its last update (the previous good
 * copy, if any, is what was used). Coded findings; the texts are in shared/i18n/messages.ts (TRUST_NOTE_TEXTS).
 */
import { finding, type Finding } from '../../core/findings/Finding.js';
import { trustListsStatus } from './status.js';

export function trustNotes(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Finding[] {
  const st = trustListsStatus(env, now);
  const inUse = st.lists.filter((l) => l.valid);
  const notes: Finding[] = [];
  if (!inUse.some((l) => !l.isLotl)) notes.push(finding('TRUSTED_LISTS_MISSING'));
  for (const l of inUse) {
    if (l.stale) notes.push(finding('TRUSTED_LIST_STALE', { territory: l.isLotl ? 'LOTL' : l.territory, nextUpdate: l.nextUpdate ?? '', days: l.daysPastNextUpdate ?? 0 }));
  }
  for (const l of st.lists) {
    if (!l.valid && l.error === 'TL_REFUSED') notes.push(finding('TRUSTED_LIST_REFUSED', { territory: l.isLotl ? 'LOTL' : l.territory, reason: l.reason ?? '', source: l.source }));
  }
  return notes;
}
