/**
 * TimeStampedData (RFC 5544 §2), written around streamed content:
 *   ContentInfo { id-ct-timestampedData, [0] EXPLICIT TimeStampedData }
 *   TimeStampedData ::= SEQUENCE { version INTEGER { v1(1) }, dataUri IA5String OPTIONAL, metaData MetaData OPTIONAL,
 *     content OCTET STRING OPTIONAL, temporalEvidence Evidence }
 *   MetaData ::= SEQUENCE { hashProtected BOOLEAN, fileName UTF8String OPTIONAL, mediaType IA5String OPTIONAL, … }
 *   Evidence ::= CHOICE { tstEvidence [0] TimeStampTokenEvidence, … }      -- IMPLICIT TAGS module
 *   TimeStampTokenEvidence ::= SEQUENCE SIZE(1..MAX) OF TimeStampAndCRL
 *   TimeStampAndCRL ::= SEQUENCE { timeStamp TimeStampToken, crl CertificateList OPTIONAL }
 * With hashProtected FALSE the time-stamp's imprint is the hash of the content octets alone (§4.1).
 */
import { concat, header, integer, oid, sequence, tlv, TAG } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import type { ContentSource, OutputSink } from '../content/ContentSource.js';

export async function writeTimeStampedData(content: ContentSource, fileName: string, token: Uint8Array, sink: OutputSink): Promise<void> {
  const version = integer(1);
  const metaData = sequence(tlv(TAG.BOOLEAN, Uint8Array.of(0x00)), tlv(TAG.UTF8_STRING, new TextEncoder().encode(fileName)));
  const contentHeader = header(TAG.OCTET_STRING, content.size);
  const evidence = tlv(0xa0, sequence(token));
  const tsdLength = version.length + metaData.length + contentHeader.length + content.size + evidence.length;
  const tsdHeader = header(TAG.SEQUENCE, tsdLength);
  const explicitHeader = header(0xa0, tsdHeader.length + tsdLength);
  const ctype = oid(OID.timeStampedData);
  const ciLength = ctype.length + explicitHeader.length + tsdHeader.length + tsdLength;
  await sink.write(concat([header(TAG.SEQUENCE, ciLength), ctype, explicitHeader, tsdHeader, version, metaData, contentHeader]));
  let n = 0;
  for await (const chunk of content.open()) {
    n += chunk.length;
    await sink.write(chunk);
  }
  if (n !== content.size) throw new Error('content length changed while writing');
  await sink.write(evidence);
}
