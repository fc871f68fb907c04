/**
 * The one place the cache calls the pure trusted-list engine (core/tsl): a list's XML signature checked against the
 * certificates allowed to sign it (TS 119 612 §5.7.1; TS 119 615 §4.1: the LOTL against the certificates the
 * Official Journal announces, a TL against those its LOTL pointer names), then parsed. Anything else than a list
 * that verifies and parses is a refusal with a reason code (TL_REASON_WORDS), never an exception.
 */
import { parseTrustedList } from '../../core/tsl/parseTrustedList.js';
import { verifyListSignature } from '../../core/tsl/verifyListSignature.js';
import type { TrustedList } from '../../core/tsl/TrustedList.js';

export type ListCheck = { readonly ok: true; readonly list: TrustedList; readonly signer: Uint8Array } | { readonly ok: false; readonly reason: string; readonly list?: TrustedList };

/** The list's header without trusting it (which territory, LOTL or TL), to choose the certificates to check it with. */
export function peekList(xml: Uint8Array): TrustedList | undefined {
  try {
    return parseTrustedList(Buffer.from(xml).toString('utf8'));
  } catch {
    return undefined;
  }
}

export function checkList(xml: Uint8Array, signers: readonly Uint8Array[]): ListCheck {
  const text = Buffer.from(xml).toString('utf8');
  let list: TrustedList;
  try {
    list = parseTrustedList(text);
  } catch {
    return { ok: false, reason: 'PARSE' };
  }
  if (signers.length === 0) return { ok: false, reason: 'NO_SIGNERS', list };
  let check;
  try {
    check = verifyListSignature(text, signers);
  } catch {
    return { ok: false, reason: 'MALFORMED', list };
  }
  if (!check.ok) return { ok: false, reason: check.reason, list };
  return { ok: true, list, signer: check.signer };
}
