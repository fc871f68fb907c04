/**
 * What the io layer (io/pec/) found in one file of a PEC message: the facts the rules (pecRules.ts) judge. Every
 * list is bounded by the reader; `truncated` says a reader stopped at a limit.
 */
import type { DocumentType } from './DocumentType.js';

export type PecRole = 'main' | 'attachment';

export interface PdfFacts {
  readonly encrypted: boolean;
  /** XMP `pdfaid:part` + `pdfaid:conformance` (ISO 19005), e.g. `2B`; undefined when the XMP declares none. */
  readonly pdfa?: string;
  /** Names of fonts used (page, form XObject and annotation appearance resources) that are not embedded. */
  readonly fontsNotEmbedded: readonly string[];
  /** Active content: `JavaScript`, `Launch`, `SubmitForm`, `ImportData`, `RichMedia` (ISO 32000-2 §12.6.4). */
  readonly activeContent: readonly string[];
  /** URIs of URI actions (§12.6.4.8), GoToR/GoToE targets to other files. */
  readonly externalLinks: readonly string[];
  /** Names of embedded files (§7.11.4: /EmbeddedFiles name tree, FileAttachment annotations). */
  readonly embeddedFiles: readonly string[];
  /** An XFA form (§12.7.9). */
  readonly xfa: boolean;
  /** Signature fields with a value (§12.7.5.5). */
  readonly signatureFields: number;
}

export interface OfficeFacts {
  /** `vbaProject.bin` (OOXML), `Basic/` or `Scripts/` (ODF) entries. */
  readonly macros: readonly string[];
  /** `TargetMode="External"` relationship targets (OOXML), `xlink:href` to http(s)/ftp/file (ODF). */
  readonly externalLinks: readonly string[];
  /** Files embedded in the document (`embeddings/`, ODF objects that are OLE). */
  readonly embeddedFiles: readonly string[];
  /** An encrypted OOXML (a CFB container, not a ZIP) or ODF entries with `manifest:encryption-data`. */
  readonly encrypted: boolean;
}

/** What Sigla's verification concluded about the file's signatures (core/verify, with the trusted lists in use). */
export interface SignatureFacts {
  /** `passed`, `failed` or `indeterminate` (ETSI EN 319 102-1), the worst of the file's signatures. */
  readonly status: 'passed' | 'failed' | 'indeterminate';
  /** Every signer's qualification (ETSI TS 119 615), e.g. `QESig`, `AdESig`. */
  readonly qualifications: readonly string[];
  readonly signers: readonly string[];
}

export interface FileFacts {
  /** The path as the user gave it. */
  readonly file: string;
  /** The file's own name (last path component). */
  readonly name: string;
  readonly size: number;
  readonly role: PecRole;
  /** True when the user chose the role (`--main`, the app); false when it is the default (first file = main). */
  readonly roleGiven: boolean;
  /** The type of the document (inside its signed envelopes). */
  readonly type: DocumentType;
  /** Envelopes around the document (`p7m`, `tsd`, `m7m`), outermost first. */
  readonly envelopes: readonly string[];
  /** Undefined when the file carries no signature (neither an envelope nor a PDF signature). */
  readonly signature?: SignatureFacts;
  readonly pdf?: PdfFacts;
  readonly office?: OfficeFacts;
  /** The reader could not make sense of the document (a damaged PDF or ZIP): why, as a coded word. */
  readonly damaged?: string;
}
