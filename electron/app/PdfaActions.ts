/**
 * Firma's "Converti in PDF/A" (issue 15): whether a chosen document can be converted (a PDF, an Office/ODF/RTF/text
 * document) and is not PDF/A already, and the conversion itself through the CLI's engine (io/pdfa), written beside
 * the document under a free name (`NAME-pdfa.pdf`, then `NAME-pdfa (2).pdf`…): the document is never replaced.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { declaredPdfa } from '../io/pdfa/checkConverted.js';
import { convertToPdfa, type PdfaResult } from '../io/pdfa/convertToPdfa.js';
import { currentEnvironment, findConverters } from '../io/pdfa/findConverters.js';
import { pdfaInputKind, type PdfaConverter } from '../io/pdfa/pdfaInput.js';
import { DEFAULT_PDFA_LEVEL, type PdfaLevel } from '../io/pdfa/pdfaLevel.js';
import { freeOutputPath, pdfaOutputName } from '../io/outputNames.js';
import { readInputFile } from '../io/readInputFile.js';

/** PDFs larger than this are not parsed for the status (the button is offered; the conversion says the rest). */
const STATUS_PARSE_MAX = 20 * 1024 * 1024;

export interface PdfaStatus {
  /** The converter the document needs, or null when it cannot be converted. */
  readonly converter: PdfaConverter | null;
  /** That converter is installed. */
  readonly installed: boolean;
  /** The PDF/A it declares already (`2b`), or null. */
  readonly pdfa: string | null;
}

export async function pdfaStatus(path: string, size: number, env: NodeJS.ProcessEnv): Promise<PdfaStatus> {
  const bytes = size > STATUS_PARSE_MAX ? readInputFile(path, { head: 1024 }) : readInputFile(path);
  let converter: PdfaConverter;
  try {
    converter = pdfaInputKind(path, bytes).converter;
  } catch {
    return { converter: null, installed: false, pdfa: null };
  }
  const found = findConverters(currentEnvironment(env));
  const installed = converter === 'libreoffice' ? found.soffice !== undefined : found.gs !== undefined && found.srgbProfile !== undefined;
  const claim = converter === 'ghostscript' && size <= STATUS_PARSE_MAX ? await declaredPdfa(bytes) : undefined;
  return { converter, installed, pdfa: claim?.part !== undefined ? `${claim.part}${(claim.conformance ?? '').toLowerCase()}` : null };
}

/** Converts the document beside it (converters looked for on `env`'s PATH, the app's environment); the PDF/A file is a new document, the original untouched. */
export function convertBeside(path: string, env: NodeJS.ProcessEnv, level: PdfaLevel = DEFAULT_PDFA_LEVEL): Promise<PdfaResult> {
  const output = freeOutputPath(dirname(path), pdfaOutputName(path), existsSync);
  return convertToPdfa({ input: path, output, level, force: false, env, converters: findConverters(currentEnvironment(env)) });
}
