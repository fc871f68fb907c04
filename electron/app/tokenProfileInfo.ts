/**
 * `tokens:profile`: what Sigla knows about a token's family, for Dispositivi to show before the PUK is typed — what
 * the PUK is and where it is written, and what a locked PUK means (resources/token-profiles.json) — in the app's
 * language. An unknown id gets the generic PKCS#11 profile (a locked PUK: the device is unusable).
 */
import type { Lang } from '../shared/i18n/locale.js';
import type { ResultOf } from '../shared/ipc/contract.js';
import { GENERIC_PROFILE, loadProfiles, type TokenProfile } from '../token/profiles/TokenProfile.js';

export function tokenProfileInfo(id: string, lang: Lang, profiles: readonly TokenProfile[] = loadProfiles()): ResultOf<'tokens:profile'> {
  const p = profiles.find((x) => x.id === id) ?? GENERIC_PROFILE;
  return {
    id: p.id,
    name: p.name,
    ...(p.notes ? { notes: p.notes[lang] } : {}),
    ...(p.puk.warning ? { pukWarning: p.puk.warning[lang] } : {}),
    pukLockedMeans: p.puk.lockedMeans,
  };
}
