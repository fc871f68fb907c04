/**
 * A PEC profile: the rules of a receiving office (issue 15). Shipped profiles are resources/pec-profiles/*.json;
 * users add their own as JSON files in the data folder (io/pec/pecProfiles.ts validates them).
 *
 * Severity of a code: the profile's `severity` entry if any, else `block` when a `require…` option asks for it,
 * else {@link DEFAULT_SEVERITY}. The defaults, by intent:
 * - block: what an office's protocol refuses outright or what can run code or hide content — FORMAT_NOT_ALLOWED,
 *   ARCHIVE, EXECUTABLE, SIGNATURE_NOT_VALID, JAVASCRIPT, XFA, ENCRYPTED, MACROS, DAMAGED, TOO_LARGE (the PEC box
 *   refuses the message) and MULTIPLE_MAIN_DOCUMENTS ("una pratica per messaggio");
 * - warn: what an office may question — NOT_SIGNED (a PEC message needs no signature unless the profile says so),
 *   SIGNATURE_INDETERMINATE, NOT_QUALIFIED, NOT_PDFA (AgID accepts plain PDF), FONT_NOT_EMBEDDED, EXTERNAL_LINK,
 *   EMBEDDED_FILE, FILE_NAME_CHARACTERS.
 */
import type { DocumentType } from './DocumentType.js';
import type { PecFindingCode, PecSeverity, PecSeveritySetting } from './PecFinding.js';

/** The PEC box limit when neither the settings nor the profile say otherwise (30 MB, as most providers). */
export const DEFAULT_PEC_MAX_BYTES = 30 * 1000 * 1000;

export interface PecProfile {
  readonly name: string;
  readonly title: { readonly it: string; readonly en: string };
  /** The document types accepted (inside signed envelopes). */
  readonly formats: readonly DocumentType[];
  /** The total size limit of the message in bytes; overrides the setting when given. */
  readonly maxTotalBytes?: number;
  /** The main document must be signed (e.g. Genova, when sending from an ordinary, non-PEC address). */
  readonly requireSigned?: boolean;
  /** Every signature must be qualified (QES, eIDAS art. 3(12)). */
  readonly requireQualified?: boolean;
  /** Every PDF must declare PDF/A (ISO 19005). */
  readonly requirePdfA?: boolean;
  /** External links block (Genova: "no links"). */
  readonly forbidLinks?: boolean;
  /** Per-code severities; `off` drops the finding. */
  readonly severity?: Readonly<Partial<Record<PecFindingCode, PecSeveritySetting>>>;
}

export const DEFAULT_SEVERITY: Readonly<Record<PecFindingCode, PecSeverity>> = {
  FORMAT_NOT_ALLOWED: 'block',
  ARCHIVE: 'block',
  EXECUTABLE: 'block',
  NOT_SIGNED: 'warn',
  SIGNATURE_NOT_VALID: 'block',
  SIGNATURE_INDETERMINATE: 'warn',
  NOT_QUALIFIED: 'warn',
  NOT_PDFA: 'warn',
  FONT_NOT_EMBEDDED: 'warn',
  JAVASCRIPT: 'block',
  EXTERNAL_LINK: 'warn',
  EMBEDDED_FILE: 'warn',
  XFA: 'block',
  ENCRYPTED: 'block',
  MACROS: 'block',
  DAMAGED: 'block',
  TOO_LARGE: 'block',
  MULTIPLE_MAIN_DOCUMENTS: 'block',
  FILE_NAME_CHARACTERS: 'warn',
};

const REQUIRED_BY: Readonly<Partial<Record<PecFindingCode, keyof PecProfile>>> = {
  NOT_SIGNED: 'requireSigned',
  NOT_QUALIFIED: 'requireQualified',
  NOT_PDFA: 'requirePdfA',
  EXTERNAL_LINK: 'forbidLinks',
};

/** The severity `profile` gives `code`, or `off`. */
export function severityOf(profile: PecProfile, code: PecFindingCode): PecSeveritySetting {
  const own = profile.severity?.[code];
  if (own !== undefined) return own;
  const option = REQUIRED_BY[code];
  if (option !== undefined && profile[option] === true) return 'block';
  return DEFAULT_SEVERITY[code];
}
