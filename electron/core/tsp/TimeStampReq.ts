/**
 * TimeStampReq (RFC 3161 §2.4.1):
 *   TimeStampReq ::= SEQUENCE { version INTEGER { v1(1) }, messageImprint MessageImprint, reqPolicy TSAPolicyId
 *     OPTIONAL, nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE, extensions [0] IMPLICIT Extensions OPTIONAL }
 *   MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
 */
import { randomBytes } from 'node:crypto';
import { integer, integerFromBytes, octetString, oid, sequence, tlv, TAG } from '../asn1/Der.js';
import { digestAlgorithm } from '../cms/AlgorithmIdentifier.js';
import type { SigningHash } from '../crypto/HashAlgorithm.js';

export interface TimeStampRequest {
  readonly der: Uint8Array;
  readonly hash: SigningHash;
  readonly imprint: Uint8Array;
  /** 64 random bits, unsigned big-endian. */
  readonly nonce: Uint8Array;
  readonly policy?: string;
}

export function messageImprint(hash: SigningHash, digest: Uint8Array): Uint8Array {
  return sequence(digestAlgorithm(hash), octetString(digest));
}

/** A request for `digest`, with a fresh nonce and certReq TRUE (the TSA certificate must come back in the token). */
export function timeStampRequest(hash: SigningHash, digest: Uint8Array, policy?: string): TimeStampRequest {
  const nonce = new Uint8Array(randomBytes(8));
  nonce[0] = (nonce[0] ?? 0) & 0x7f || 0x01;
  const parts = [integer(1), messageImprint(hash, digest)];
  if (policy) parts.push(oid(policy));
  parts.push(integerFromBytes(nonce), tlv(TAG.BOOLEAN, Uint8Array.of(0xff)));
  return { der: sequence(...parts), hash, imprint: digest, nonce, ...(policy ? { policy } : {}) };
}
