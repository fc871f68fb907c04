/**
 * A new CAdES-B-B signature (ETSI EN 319 122-1 §5, baseline B) over arbitrary content: attached (.p7m,
 * enveloping) or detached (.p7s). The content is read twice as a stream, once to hash it and once to copy it into
 * the output, so memory use does not depend on its size.
 */
import { OID } from '../asn1/oids.js';
import { digestAlgorithm } from '../cms/AlgorithmIdentifier.js';
import { signedDataVersion } from '../cms/SignedData.js';
import { buildSignerInfo } from '../cms/SignerInfo.js';
import { digestSource } from '../crypto/digestStream.js';
import { HASHES } from '../crypto/HashAlgorithm.js';
import type { ContentSource, OutputSink } from '../content/ContentSource.js';
import { certificatesOf, signingTimeOf, type CadesOptions } from './CadesOptions.js';
import { writeSignedData } from './writeSignedData.js';

export interface SignContentOptions extends CadesOptions {
  readonly detached: boolean;
}

export async function signContent(content: ContentSource, sink: OutputSink, o: SignContentOptions): Promise<void> {
  const algorithm = HASHES[o.hash].nodeName;
  const messageDigest = await digestSource(content, algorithm);
  const si = await buildSignerInfo({
    signer: o.signer,
    ...(o.timestamper ? { timestamper: o.timestamper } : {}),
    hash: o.hash,
    messageDigest,
    contentType: OID.data,
    signingTime: signingTimeOf(o),
  });
  await writeSignedData(
    {
      version: signedDataVersion(OID.data, [1]),
      digestAlgorithms: [digestAlgorithm(o.hash)],
      eContentType: OID.data,
      contentLength: o.detached ? null : content.size,
      certificates: certificatesOf(o),
      crls: [],
      signerInfos: [si.der],
    },
    sink,
    o.detached ? null : content,
    { algorithm, value: messageDigest },
  );
}
