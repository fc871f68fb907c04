/**
 * The narrow seam between the signing engine and whatever holds the private key (a PKCS#11 token, a PKCS#12 file).
 * The engine never sees a key, a PIN or a token API: it hands over what is to be signed and gets a signature value.
 */
import type { SigningHash } from '../crypto/HashAlgorithm.js';

export type KeyAlgorithm = 'RSA' | 'EC';

export interface SignRequest {
  readonly hash: SigningHash;
  /**
   * The DER bytes to be signed (the signed attributes, RFC 5652 §5.4). Small; a key source that can hash on the
   * device (CKM_SHA256_RSA_PKCS) signs these.
   */
  readonly toBeSigned: Uint8Array;
  /** `hash(toBeSigned)`, for key sources that sign a digest (CKM_RSA_PKCS with DigestInfo, CKM_ECDSA). */
  readonly digest: Uint8Array;
}

export interface RawSigner {
  /** DER of the signer's certificate. */
  readonly certificate: Uint8Array;
  /** DER of the certificates that lead from the signer's to a root, issuer first, the signer's excluded. */
  readonly chain: readonly Uint8Array[];
  readonly keyAlgorithm: KeyAlgorithm;
  /**
   * Returns the signature value as CMS carries it: RSASSA-PKCS1-v1_5 bytes for RSA (RFC 8017 §8.2), the DER
   * Ecdsa-Sig-Value for EC (RFC 5753 §7.2 / RFC 3279 §2.2.3).
   */
  sign(request: SignRequest): Promise<Uint8Array>;
  /**
   * True when the signer takes several requests before it answers the first, signs them in the order they came and
   * never asks the user anything for one of them (no per-signature PIN): a batch may then prepare later documents
   * while earlier ones are being signed. A request such a signer did not pass to the key, because one sent before it
   * in the same group failed, is refused with {@link RequestNotSigned}.
   */
  readonly pipelined?: boolean;
}

/**
 * A request a pipelined signer did not pass to the key because an earlier request sent together with it failed
 * (that one carries the real error): nothing was signed, and asking again is safe.
 */
export class RequestNotSigned extends Error {
  constructor() {
    super('not signed: an earlier request of the same group failed');
    this.name = 'RequestNotSigned';
  }
}
