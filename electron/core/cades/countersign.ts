/**
 * Countersignature ("controfirma", RFC 5652 §11.4): a SignerInfo over the signature value of an existing
 * SignerInfo, stored in that SignerInfo's unsigned attributes. Its signed attributes carry message-digest,
 * signing-time and signing-certificate-v2, and no content-type, as §11.4 requires.
 */
import { raw } from '../asn1/Ber.js';
import { concat, implicit, sequence, setOf } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import { attribute } from '../cms/Attribute.js';
import { digestAlgorithm } from '../cms/AlgorithmIdentifier.js';
import { parseSignedData } from '../cms/SignedData.js';
import { signerInfoFields, type SignerInfoFields } from '../cms/SignerInfoFields.js';
import { buildSignerInfo } from '../cms/SignerInfo.js';
import { digestBytes } from '../crypto/digestStream.js';
import { HASHES } from '../crypto/HashAlgorithm.js';
import { bytesSource, type OutputSink } from '../content/ContentSource.js';
import { certificatesOf, signingTimeOf, type CadesOptions } from './CadesOptions.js';
import { writeSignedData } from './writeSignedData.js';
import { usageError } from '../../shared/i18n/usage.js';

export interface CountersignOptions extends CadesOptions {
  /** Zero-based indexes of the top-level SignerInfos to countersign; all of them when absent. */
  readonly indexes?: readonly number[];
}

export async function countersign(cms: Uint8Array, sink: OutputSink, o: CountersignOptions): Promise<void> {
  const sd = parseSignedData(cms);
  const count = sd.signerInfos.length;
  const targets = new Set(o.indexes ?? [...Array(count).keys()]);
  for (const i of targets) {
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw usageError('noSignatureNumber', { index: i + 1, count });
    }
  }
  const signerInfos: Uint8Array[] = [];
  for (const [i, node] of sd.signerInfos.entries()) {
    if (!targets.has(i)) {
      signerInfos.push(raw(node));
      continue;
    }
    const target = signerInfoFields(node);
    const counter = await buildSignerInfo({
      signer: o.signer,
      ...(o.timestamper ? { timestamper: o.timestamper } : {}),
      hash: o.hash,
      messageDigest: digestBytes(target.signature, HASHES[o.hash].nodeName),
      signingTime: signingTimeOf(o),
    });
    signerInfos.push(withUnsignedAttribute(target, attribute(OID.countersignature, counter.der)));
  }
  await writeSignedData(
    {
      version: sd.version,
      digestAlgorithms: [...sd.digestAlgorithms.map(raw), digestAlgorithm(o.hash)],
      eContentType: sd.eContentType,
      contentLength: sd.eContent === null ? null : sd.eContent.length,
      certificates: [...sd.certificates.map(raw), ...certificatesOf(o)],
      crls: sd.crls.map(raw),
      signerInfos,
    },
    sink,
    sd.eContent === null ? null : bytesSource(sd.eContent),
  );
}

/** The SignerInfo with one more unsigned attribute; every other field keeps its original encoding. */
function withUnsignedAttribute(f: SignerInfoFields, attr: Uint8Array): Uint8Array {
  const unsigned = [...f.unsignedAttributes.map((a) => raw(a.node)), attr];
  return sequence(concat(f.leadingFields.map(raw)), implicit(1, setOf(unsigned)));
}
