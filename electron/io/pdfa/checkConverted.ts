/**
 * The check a converted file passes before it is offered for signing: the two facts the conversion promises — the
 * XMP declares the PDF/A part asked with level B or a stricter one (A, U include B: ISO 19005-2 §2), and every font
 * is embedded (core/pdf/pdfaFacts.ts) — and then the PEC check's rules (io/pec/checkPecFiles.ts, offline, the default
 * profile): no NOT_PDFA, no FONT_NOT_EMBEDDED and nothing that blocks (JavaScript, XFA, encryption…), the message
 * size aside (the file is not a message yet). One call site: what `sigla pdfa` and "Converti in PDF/A" offer for
 * signing is what `sigla pec check` accepts as PDF/A.
 */
import { loadPdf } from '../../core/pdf/loadPdf.js';
import { pdfaFacts, type PdfaClaim } from '../../core/pdf/pdfaFacts.js';
import { SiglaError } from '../../shared/errors.js';
import { readInputFile } from '../readInputFile.js';
import { checkPecFiles } from '../pec/checkPecFiles.js';
import { pdfaPart, type PdfaLevel } from './pdfaLevel.js';

export interface ConvertedCheck {
  readonly part: number;
  readonly conformance: string;
  /** Fonts looked at, all embedded. */
  readonly fonts: number;
}

/** What a PDF declares (for an input: "already PDF/A"); undefined when it cannot be read or declares nothing. */
export async function declaredPdfa(bytes: Uint8Array): Promise<PdfaClaim | undefined> {
  try {
    const claim = pdfaFacts(await loadPdf(bytes)).claim;
    return claim.part === undefined ? undefined : claim;
  } catch {
    return undefined;
  }
}

/** Checks the converted file at `path`; CONVERSION_CHECK_FAILED when a promise is not kept. */
export async function checkConverted(path: string, level: PdfaLevel): Promise<ConvertedCheck> {
  const facts = pdfaFacts(await loadPdf(readInputFile(path)));
  const { part, conformance } = facts.claim;
  if (part !== pdfaPart(level) || conformance === undefined || !['A', 'B', 'U'].includes(conformance)) {
    throw new SiglaError('CONVERSION_CHECK_FAILED', `the result declares PDF/A ${part ?? '-'}${conformance ?? ''}, not ${level}`, {
      params: { level, problem: 'notPdfa', fonts: '' },
    });
  }
  if (facts.fontsNotEmbedded.length > 0) {
    const fonts = facts.fontsNotEmbedded.join(', ');
    throw new SiglaError('CONVERSION_CHECK_FAILED', `fonts not embedded: ${fonts}`, { params: { level, problem: 'fontsNotEmbedded', fonts } });
  }
  const report = await checkPecFiles([{ path, role: 'main' }], { offline: true, maxTotalBytes: Number.MAX_SAFE_INTEGER });
  const refused = (report.files[0]?.findings ?? []).filter((f) => PDFA_RULES.has(f.code) || f.severity === 'block').map((f) => f.code);
  const unreadable = report.files[0]?.error?.code;
  if (refused.length > 0 || unreadable !== undefined) {
    const codes = [...refused, ...(unreadable !== undefined ? [unreadable] : [])].join(', ');
    throw new SiglaError('CONVERSION_CHECK_FAILED', `the PEC check refuses the result: ${codes}`, { params: { level, problem: 'pecFindings', fonts: codes } });
  }
  return { part, conformance, fonts: facts.fonts };
}

/** The PEC check's findings that say a file is not the PDF/A it should be. */
const PDFA_RULES: ReadonlySet<string> = new Set(['NOT_PDFA', 'FONT_NOT_EMBEDDED']);
