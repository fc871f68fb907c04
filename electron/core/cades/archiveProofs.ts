/**
 * The proofs of existence a SignerInfo's archive-time-stamp-v3 attributes give (ETSI EN 319 122-1 §5.5.3; EN 319
 * 102-1 §5.6.2.3). For each token: it verifies (one SignerInfo, message-digest over its TSTInfo, signature, TSA
 * certificate with the critical id-kp-timeStamping EKU, RFC 3161 §2.3), its ats-hash-index-v3 is present once and
 * every entry names an element present now (§5.5.2), and the message imprint recomputed per §5.5.3 with that index
 * equals the token's. `usable` only when all hold. Whether the TSA is trusted is the caller's judgement (it gets
 * the TSA certificate). A value that is not even a readable time-stamp token has no time and gives no proof: it is
 * left out.
 */
import { raw, readTlv, type Tlv } from '../asn1/Ber.js';
import { OID } from '../asn1/oids.js';
import { sameBytes } from '../cert/CertificateFields.js';
import { signedAttributesDer, signerInfoFields, type SignerInfoFields } from '../cms/SignerInfoFields.js';
import { verifySignerInfo } from '../cms/verifySignerInfo.js';
import { DIGEST_BY_OID } from '../crypto/HashAlgorithm.js';
import type { ArchiveProof } from '../ltv/ValidationData.js';
import { isTsaCertificate } from '../tsp/TimeStampResp.js';
import { tstInfoOf, type TstInfo } from '../tsp/TstInfo.js';
import { archiveImprint, attachedContentDigest, type ContentDigest } from './archiveTimeStampV3.js';
import { atsHashIndexOfToken, hashIndexMatches } from './atsHashIndexV3.js';
import { openCmsEnvelope, type CmsEnvelope } from './cmsEnvelope.js';

/**
 * @param signedData the ContentInfo/SignedData the SignerInfo belongs to (DER/BER, as read).
 * @param signerInfo one of its SignerInfos (a node of any parse of `signedData`, or its encoding).
 * @param detachedContent the digest of the detached content, by algorithm; not needed when the content is attached.
 */
export function archiveProofs(signedData: Uint8Array, signerInfo: Tlv | Uint8Array, detachedContent?: ContentDigest): ArchiveProof[] {
  const e = openCmsEnvelope(signedData);
  const signer = signerInfoFields(signerInfo instanceof Uint8Array ? readTlv(signerInfo) : signerInfo);
  const contentDigest = attachedContentDigest(e) ?? detachedContent;
  const proofs: ArchiveProof[] = [];
  for (const a of signer.unsignedAttributes) {
    if (a.type !== OID.archiveTimeStampV3) continue;
    for (const value of a.values) {
      const token = raw(value);
      let info: TstInfo;
      try {
        info = tstInfoOf(token);
      } catch {
        continue;
      }
      const checked = checkToken(token, info, e, signer, contentDigest);
      proofs.push({
        kind: 'archiveTimeStampV3',
        time: info.genTime,
        usable: checked.usable,
        ...(checked.tsaCertificate ? { tsaCertificate: checked.tsaCertificate } : {}),
      });
    }
  }
  return proofs;
}

function checkToken(
  token: Uint8Array,
  info: TstInfo,
  e: CmsEnvelope,
  signer: SignerInfoFields,
  contentDigest: ContentDigest | undefined,
): { usable: boolean; tsaCertificate?: Uint8Array } {
  try {
    const t = openCmsEnvelope(token);
    const [si] = t.signerInfos;
    if (si === undefined || t.signerInfos.length !== 1 || t.eContent === null) return { usable: false };
    const tokenSigner = signerInfoFields(readTlv(si));
    const tstInfo = attachedContentDigest(t);
    const check = verifySignerInfo(tokenSigner, t.certificates, { digest: (alg) => (tstInfo ? tstInfo(alg) : new Uint8Array(0)) });
    const tsaCertificate = check.certificate;
    const tokenOk = tsaCertificate !== undefined && check.messageDigestOk && check.signatureOk && isTsaCertificate(tsaCertificate);
    const index = atsHashIndexOfToken(tokenSigner);
    const algorithm = DIGEST_BY_OID[info.hashOid];
    if (!tokenOk || index === undefined || algorithm === undefined || contentDigest === undefined || !hashIndexMatches(index, e, signer)) {
      return { usable: false, ...(tsaCertificate ? { tsaCertificate } : {}) };
    }
    const matches = (der?: Uint8Array): boolean => sameBytes(archiveImprint(e, signer, index.der, algorithm, contentDigest, der), info.imprint);
    const der = signedAttributesDer(signer);
    return { usable: matches() || (der !== undefined && matches(der)), tsaCertificate };
  } catch {
    return { usable: false };
  }
}
