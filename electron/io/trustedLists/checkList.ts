/**
 * The one place the cache calls the pure trusted-list engine (core/tsl): a list's XML signature checked against the
 * certificates allowed to sign it (TS 119 612 §5.7.1; TS 119 615 §4.1: the LOTL against the certificates the
 * Official Journal announces, a TL against those its LOTL pointer names), and the list read from the same document
 * that was checked. Anything else than a list that verifies and reads is a refusal with a reason code
 * (TL_REASON_WORDS), never an exception.
 */
import { parseTrustedList } from '../../core/tsl/parseTrustedList.js';
import { readSignedTrustedList } from '../../core/tsl/verifyListSignature.js';
import type { TrustedList } from '../../core/tsl/TrustedList.js';

export type ListCheck = { readonly ok: true; readonly list: TrustedList; readonly signer: Uint8Array } | { readonly ok: false; readonly reason: string; readonly list?: TrustedList };

/** The list's header without trusting it (which territory, LOTL or TL), to choose the certificates to check it with. */
export function peekList(xml: Uint8Array): TrustedList | undefined {
  try {
    return parseTrustedList(xml);
  } catch {
    return undefined;
  }
}

export function checkList(xml: Uint8Array, signers: readonly Uint8Array[]): ListCheck {
  const head = peekList(xml);
  if (!head) return { ok: false, reason: 'PARSE' };
  if (signers.length === 0) return { ok: false, reason: 'NO_SIGNERS', list: head };
  try {
    const r = readSignedTrustedList(xml, signers);
    if (!r.check.ok) return { ok: false, reason: r.check.reason, list: head };
    if (!r.list) return { ok: false, reason: 'PARSE', list: head };
    return { ok: true, list: r.list, signer: r.check.signer };
  } catch {
    return { ok: false, reason: 'PARSE', list: head };
  }
}
