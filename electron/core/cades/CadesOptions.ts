import type { SigningHash } from '../crypto/HashAlgorithm.js';
import type { RawSigner } from '../signer/RawSigner.js';
import type { Timestamper } from '../tsp/Timestamper.js';

/** What every CAdES operation needs: who signs, with which digest, at what claimed time. */
export interface CadesOptions {
  readonly signer: RawSigner;
  /** Digest algorithm; SHA-256 unless the user asks for more (ETSI TS 119 312). */
  readonly hash: SigningHash;
  /** Claimed signing time (RFC 5652 §11.3); defaults to now, truncated to whole seconds. */
  readonly signingTime?: Date;
  /** Adds a signature-time-stamp to each new SignerInfo (CAdES-B-T, ETSI EN 319 122-1 §5.3). */
  readonly timestamper?: Timestamper;
}

export function signingTimeOf(o: CadesOptions): Date {
  const t = o.signingTime ?? new Date();
  return new Date(Math.floor(t.getTime() / 1000) * 1000);
}

/** The certificates a new signature carries: the signer's and its chain (ETSI EN 319 122-1 §5.1 recommends it). */
export function certificatesOf(o: CadesOptions): Uint8Array[] {
  return [o.signer.certificate, ...o.signer.chain];
}
