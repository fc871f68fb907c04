/**
 * The check a converted file passes before it is offered for signing: the two facts the conversion promises — the
 * XMP declares the PDF/A part asked with level B or a stricter one (A, U include B: ISO 19005-2 §2), and every font
 * is embedded (core/pdf/pdfaFacts.ts). One call site on purpose: when the PEC check (io/pec) lands, this becomes a
 * call to it, with the same success criterion.
 */
import { loadPdf } from '../../core/pdf/loadPdf.js';
import { pdfaFacts, type PdfaClaim } from '../../core/pdf/pdfaFacts.js';
import { SiglaError } from '../../shared/errors.js';
import { readInputFile } from '../readInputFile.js';
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
  return { part, conformance, fonts: facts.fonts };
}
