/**
 * CAdES B-LT / B-LTA (ETSI EN 319 122-1 §5.5): the one place where the signing pipeline hands a CAdES signature it
 * has just made to the long-term functions of core/cades (core/cades/extendCades.ts: certificate and revocation
 * values in SignedData, archive-time-stamp-v3). `sigla extend` on an existing .p7m/.p7s goes through
 * io/ltv/extendCadesFile.ts (the same core function, streaming large files).
 */
import type { ValidationDataSource } from '../../core/ltv/ValidationData.js';
import type { SigningHash } from '../../core/crypto/HashAlgorithm.js';
import type { Timestamper } from '../../core/tsp/Timestamper.js';
import { bytesSource } from '../../core/content/ContentSource.js';

export interface CadesLongTermOptions {
  readonly level: 'B-LT' | 'B-LTA';
  readonly hash: SigningHash;
  readonly validationData: ValidationDataSource;
  readonly timestamper?: Timestamper;
  /** A detached signature's content, which the archive time-stamp covers (EN 319 122-1 §5.5.3). */
  readonly detachedContent?: Uint8Array;
}

/**
 * A CAdES signature (DER, as just written by the pipeline: new, nested, parallel or countersigned) raised to B-LT or
 * B-LTA: every SignerInfo gets the values of its path (and, at B-LTA, an archive-time-stamp-v3); signed parts are
 * left as they are. Called by io/signing/signDocument.ts for `sign --level B-LT|B-LTA --format cades`.
 */
export async function cadesSignatureToLongTerm(cms: Uint8Array, o: CadesLongTermOptions): Promise<Uint8Array> {
  // Loaded only for these levels: a B-B/B-T signature does not pay for the long-term code (issue 13, start-up).
  const [{ envelopeBytes, openCmsEnvelope }, { extendCadesEnvelope }] = await Promise.all([import('../../core/cades/cmsEnvelope.js'), import('../../core/cades/extendCades.js')]);
  const { envelope } = await extendCadesEnvelope(openCmsEnvelope(cms), {
    level: o.level,
    hash: o.hash,
    validationData: o.validationData,
    ...(o.timestamper ? { timestamper: o.timestamper } : {}),
    ...(o.detachedContent ? { detachedContent: bytesSource(o.detachedContent) } : {}),
  });
  return envelopeBytes(envelope);
}
