/** AlgorithmIdentifier (RFC 5280 §4.1.1.2) values Sigla writes. */
import { nullValue, oid, sequence } from '../asn1/Der.js';
import { HASHES, type SigningHash } from '../crypto/HashAlgorithm.js';
import type { KeyAlgorithm } from '../signer/RawSigner.js';

/** DigestAlgorithmIdentifier: SHA-2 with absent parameters (RFC 5754 §2). */
export function digestAlgorithm(hash: SigningHash): Uint8Array {
  return sequence(oid(HASHES[hash].oid));
}

/**
 * SignatureAlgorithmIdentifier: shaNNNWithRSAEncryption with NULL parameters (RFC 5754 §3.2) or ecdsa-with-SHANNN
 * with absent parameters (RFC 5758 §3.2).
 */
export function signatureAlgorithm(key: KeyAlgorithm, hash: SigningHash): Uint8Array {
  return key === 'RSA' ? sequence(oid(HASHES[hash].rsaOid), nullValue()) : sequence(oid(HASHES[hash].ecdsaOid));
}
