/**
 * The PDF/A levels Sigla converts to: level B ("basic", visual appearance) of parts 1, 2 and 3 — ISO 19005-1:2005,
 * ISO 19005-2:2011, ISO 19005-3:2012. 2b is the default: PDF 1.7 based, the level AgID's guidelines and conservation
 * systems accept most widely.
 */
import { usageError } from '../../shared/i18n/usage.js';

export const PDFA_LEVELS = ['1b', '2b', '3b'] as const;
export type PdfaLevel = (typeof PDFA_LEVELS)[number];
export const DEFAULT_PDFA_LEVEL: PdfaLevel = '2b';

export function isPdfaLevel(s: string): s is PdfaLevel {
  return (PDFA_LEVELS as readonly string[]).includes(s);
}

/** `--level` as given (`2b`, `2B`, `PDF/A-2b`) or a usage error. */
export function parsePdfaLevel(s: string | undefined): PdfaLevel {
  if (s === undefined) return DEFAULT_PDFA_LEVEL;
  const level = s.trim().toLowerCase().replace(/^pdf\/?a-?/, '');
  if (isPdfaLevel(level)) return level;
  throw usageError('pdfaLevel', { level: s });
}

/** The ISO 19005 part of a level (1, 2, 3). */
export function pdfaPart(level: PdfaLevel): number {
  return Number(level[0]);
}
