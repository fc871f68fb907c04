/**
 * The codes of the pre-send PEC check (issue 15) and the document types it tells apart, shared by the engine
 * (core/pec) and the texts (i18n/pecFindings.ts), as findingCodes.ts is for verification findings.
 *
 * A finding: `block` — the receiving office would reject the message (exit 13); `warn` — it may question it.
 * The type of a file is by its content, not its name; a signed envelope (.p7m) counts as the document inside it.
 */
export const PEC_FINDING_CODES = [
  'FORMAT_NOT_ALLOWED',
  'ARCHIVE',
  'EXECUTABLE',
  'NOT_SIGNED',
  'SIGNATURE_NOT_VALID',
  'SIGNATURE_INDETERMINATE',
  'NOT_QUALIFIED',
  'NOT_PDFA',
  'FONT_NOT_EMBEDDED',
  'JAVASCRIPT',
  'EXTERNAL_LINK',
  'EMBEDDED_FILE',
  'XFA',
  'ENCRYPTED',
  'MACROS',
  'DAMAGED',
  'TOO_LARGE',
  'MULTIPLE_MAIN_DOCUMENTS',
  'FILE_NAME_CHARACTERS',
] as const;

export type PecFindingCode = (typeof PEC_FINDING_CODES)[number];

export type PecSeverity = 'block' | 'warn';

/** A severity a profile may give a code: `off` drops the finding. */
export type PecSeveritySetting = PecSeverity | 'off';

export interface PecFinding {
  readonly code: PecFindingCode;
  readonly severity: PecSeverity;
  /** Values for the localized text (`{name}` placeholders). */
  readonly params: Readonly<Record<string, string | number>>;
}

export function isPecFindingCode(s: string): s is PecFindingCode {
  return (PEC_FINDING_CODES as readonly string[]).includes(s);
}

export const DOCUMENT_TYPES = [
  'pdf',
  'ooxml',
  'odf',
  'xml',
  'html',
  'svg',
  'text',
  'rtf',
  'tiff',
  'jpeg',
  'png',
  'gif',
  'eml',
  'zip',
  'rar',
  '7z',
  'gzip',
  'executable',
  /** A Compound File (MS-CFB): Office 97-2003 documents, and encrypted OOXML files. */
  'ole',
  'unknown',
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];
