/**
 * TimeStampResp (RFC 3161 §2.4.2) and the checks a client must make (§2.4.2, §2.3): status granted (0) or
 * grantedWithMods (1); the token's message imprint and nonce equal the request's; the token signature verifies;
 * the TSA certificate is in the token and has the critical extended key usage id-kp-timeStamping only.
 *   TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
 *   PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL, failInfo PKIFailureInfo OPTIONAL }
 */
import { parseCertificate } from '../cert/parseCertificate.js';
import { createHash } from 'node:crypto';
import { SiglaError } from '../../shared/errors.js';
import { children, expectTag, integerValue, oidString, raw, readTlv } from '../asn1/Ber.js';
import { TAG } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import { sameBytes } from '../cert/CertificateFields.js';
import { parseSignedData } from '../cms/SignedData.js';
import { signerInfoFields } from '../cms/SignerInfoFields.js';
import { HASHES } from '../crypto/HashAlgorithm.js';
import { verifySignerInfo } from '../cms/verifySignerInfo.js';
import type { TimeStampRequest } from './TimeStampReq.js';
import { sameInteger, tstInfoOf, type TstInfo } from './TstInfo.js';

const ID_KP_TIMESTAMPING = '1.3.6.1.5.5.7.3.8';

export interface CheckedTimeStamp {
  /** The TimeStampResp as received (what a .tsr holds). */
  readonly response: Uint8Array;
  /** The TimeStampToken (ContentInfo/SignedData), original encoding. */
  readonly token: Uint8Array;
  readonly info: TstInfo;
  readonly tsaCertificate: Uint8Array;
}

const fail = (detail: string): SiglaError => new SiglaError('TSA_UNAVAILABLE', `TSA: ${detail}`, { params: { detail } });

/** Whether a certificate may sign time-stamps: EKU present, critical, and timeStamping (RFC 3161 §2.3). */
export function isTsaCertificate(der: Uint8Array): boolean {
  const x = parseCertificate(der);
  const critical = criticalExtensions(der);
  return critical.has(OID.extKeyUsage) && (x.keyUsage ?? []).includes(ID_KP_TIMESTAMPING);
}

/** OIDs of the certificate's extensions marked critical (RFC 5280 §4.1: Extension ::= SEQUENCE { extnID, critical, extnValue }). */
function criticalExtensions(der: Uint8Array): Set<string> {
  const out = new Set<string>();
  const tbs = children(readTlv(der))[0];
  const ext = tbs ? children(tbs).find((n) => n.tag === 0xa3) : undefined;
  const list = ext ? children(ext)[0] : undefined;
  for (const e of list ? children(list) : []) {
    const [id, maybeCritical] = children(e);
    if (id && maybeCritical?.tag === TAG.BOOLEAN && maybeCritical.bytes[maybeCritical.contentStart] !== 0) out.add(oidString(id));
  }
  return out;
}

/** Parses and checks a TimeStampResp against its request; any problem is TSA_UNAVAILABLE (exit 7). */
export function checkTimeStampResponse(response: Uint8Array, request: TimeStampRequest): CheckedTimeStamp {
  let token: Uint8Array;
  try {
    const [status, tokenNode] = children(expectTag(readTlv(response), TAG.SEQUENCE, 'TimeStampResp'));
    const [code] = children(expectTag(status, TAG.SEQUENCE, 'PKIStatusInfo'));
    const s = integerValue(expectTag(code, TAG.INTEGER, 'PKIStatus'));
    if (s !== 0 && s !== 1) throw fail(`the TSA refused the request (status ${s})`);
    if (!tokenNode) throw fail('the response holds no time-stamp token');
    token = raw(tokenNode);
  } catch (e) {
    if (e instanceof SiglaError && e.code === 'TSA_UNAVAILABLE') throw e;
    throw fail('the response is not a TimeStampResp');
  }
  return checkTimeStampToken(response, token, request);
}

export function checkTimeStampToken(response: Uint8Array, token: Uint8Array, request: TimeStampRequest): CheckedTimeStamp {
  let info: TstInfo;
  try {
    info = tstInfoOf(token);
  } catch {
    throw fail('the token is not a time-stamp token');
  }
  if (info.hashOid !== HASHES[request.hash].oid || !sameBytes(info.imprint, request.imprint)) throw fail('the token does not time-stamp what was asked: message imprint');
  if (!info.nonce || !sameInteger(info.nonce, request.nonce)) throw fail('the nonce does not match the request');
  if (request.policy && info.policy !== request.policy) throw fail(`the policy is not the one asked: ${info.policy} ≠ ${request.policy}`);
  const sd = parseSignedData(token);
  const certs = sd.certificates.map(raw);
  const [si] = sd.signerInfos;
  if (!si || sd.signerInfos.length !== 1) throw fail('the token must have exactly one signer');
  const check = verifySignerInfo(signerInfoFields(si), certs, { digest: (alg) => new Uint8Array(createHash(alg).update(sd.eContent ?? new Uint8Array(0)).digest()) });
  if (!check.certificate) throw fail('the TSA certificate is not in the token');
  if (!check.messageDigestOk || !check.signatureOk) throw fail('the token signature does not verify');
  if (!isTsaCertificate(check.certificate)) throw fail('the signing certificate is not a TSA certificate: critical EKU timeStamping');
  return { response, token, info, tsaCertificate: check.certificate };
}
