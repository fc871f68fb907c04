/**
 * CAdES B-LT / B-LTA (ETSI EN 319 122-1 §5.5): the ONE place where the signing pipeline and `sigla extend` hand a
 * CAdES signature to the long-term functions of core/cades (certificate and revocation values in SignedData,
 * archive-time-stamp-v3). Not connected yet: until it is, CAdES B-LT/B-LTA is refused with a coded usage error
 * before anything is signed (planSign, `sigla extend`), never silently produced at a lower level.
 *
 * MERGE: connect here — set CADES_LONG_TERM_AVAILABLE to true and implement the two functions below with the
 * ltvcades core functions (they receive the ValidationDataSource and, for B-LTA, the Timestamper).
 */
import type { ValidationDataSource } from '../../core/ltv/ValidationData.js';
import type { SigningHash } from '../../core/crypto/HashAlgorithm.js';
import type { Timestamper } from '../../core/tsp/Timestamper.js';
import { usageError } from '../../shared/i18n/usage.js';

export const CADES_LONG_TERM_AVAILABLE = false;

export interface CadesLongTermOptions {
  readonly level: 'B-LT' | 'B-LTA';
  readonly hash: SigningHash;
  readonly validationData: ValidationDataSource;
  readonly timestamper?: Timestamper;
  /** A detached signature's content, when the archive time-stamp must cover it (EN 319 122-1 §5.5.3). */
  readonly detachedContent?: Uint8Array;
}

/**
 * A CAdES signature (DER, as just written by the pipeline: new, nested, parallel or countersigned) raised to B-LT or
 * B-LTA. Called by io/signing/signDocument.ts for `sign --level B-LT|B-LTA --format cades`.
 */
export async function cadesSignatureToLongTerm(cms: Uint8Array, o: CadesLongTermOptions): Promise<Uint8Array> {
  void cms;
  throw usageError('levelCadesLt', { level: o.level });
}

/**
 * An existing .p7m/.p7s (every SignerInfo, made by anyone) extended to `level` (B-T: signature-time-stamps added to
 * the SignerInfos that lack one). Called by io/ltv/extendFile.ts for `sigla extend` and "Estendi la firma".
 */
export async function extendCadesFile(
  file: string,
  cms: Uint8Array,
  o: { readonly level: 'B-T' | 'B-LT' | 'B-LTA'; readonly hash: SigningHash; readonly validationData?: ValidationDataSource; readonly timestamper?: Timestamper },
): Promise<Uint8Array> {
  void cms;
  void o;
  throw usageError('extendCades', { file });
}
