/**
 * TSTInfo (RFC 3161 §2.4.2), the content a time-stamp token signs:
 *   TSTInfo ::= SEQUENCE { version INTEGER { v1(1) }, policy TSAPolicyId, messageImprint MessageImprint,
 *     serialNumber INTEGER, genTime GeneralizedTime, accuracy Accuracy OPTIONAL, ordering BOOLEAN DEFAULT FALSE,
 *     nonce INTEGER OPTIONAL, tsa [0] GeneralName OPTIONAL, extensions [1] IMPLICIT Extensions OPTIONAL }
 */
import { SiglaError } from '../../shared/errors.js';
import { children, expectTag, integerBytes, octetStringValue, oidString, readTlv, timeValue } from '../asn1/Ber.js';
import { TAG } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import { parseSignedData } from '../cms/SignedData.js';

export interface TstInfo {
  readonly policy: string;
  readonly hashOid: string;
  readonly imprint: Uint8Array;
  readonly serial: Uint8Array;
  readonly genTime: Date;
  readonly nonce: Uint8Array | undefined;
}

const strip = (b: Uint8Array): Uint8Array => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
};

export function sameInteger(a: Uint8Array, b: Uint8Array): boolean {
  const x = strip(a);
  const y = strip(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The TSTInfo of a time-stamp token (a SignedData whose eContentType is id-ct-TSTInfo). */
export function tstInfoOf(token: Uint8Array): TstInfo {
  const sd = parseSignedData(token);
  if (sd.eContentType !== OID.tstInfo || !sd.eContent) {
    throw new SiglaError('INPUT_FORMAT', 'not a time-stamp token', { params: { detail: 'time-stamp token without TSTInfo' } });
  }
  const parts = children(expectTag(readTlv(sd.eContent), TAG.SEQUENCE, 'TSTInfo'));
  const [, policy, mi, serial, genTime, ...rest] = parts;
  const [alg, hashed] = children(expectTag(mi, TAG.SEQUENCE, 'MessageImprint'));
  const [algOid] = children(expectTag(alg, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const nonce = rest.find((n) => n.tag === TAG.INTEGER);
  return {
    policy: oidString(expectTag(policy, TAG.OID, 'policy')),
    hashOid: oidString(expectTag(algOid, TAG.OID, 'hashAlgorithm')),
    imprint: octetStringValue(expectTag(hashed, TAG.OCTET_STRING, 'hashedMessage')),
    serial: integerBytes(expectTag(serial, TAG.INTEGER, 'serialNumber')),
    genTime: timeValue(expectTag(genTime, TAG.GENERALIZED_TIME, 'genTime')),
    nonce: nonce ? integerBytes(nonce) : undefined,
  };
}
