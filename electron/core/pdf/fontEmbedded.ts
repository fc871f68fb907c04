/**
 * Whether a font's program is in the file (ISO 19005-1 §6.3.4, ISO 19005-2 §6.2.11.4; ISO 32000-2 §9.9): its
 * /FontDescriptor has a /FontFile, /FontFile2 or /FontFile3 stream; a Type 0 font's is its (first and only, §9.7.1)
 * descendant CIDFont's; a Type 3 font is its own glyph program (§9.6.4). A simple font without a descriptor (one of
 * the standard 14) is not embedded.
 */
import { PDFName, PDFStream, type PDFContext, type PDFDict } from 'pdf-lib';
import { arrayOf, deref, dictOf } from './pdfObjects.js';

/** Whether the program of the font dictionary `font` is embedded. */
export function fontEmbedded(context: PDFContext, font: PDFDict): boolean {
  const subtype = font.get(PDFName.of('Subtype'));
  if (subtype === PDFName.of('Type3')) return true;
  const described = subtype === PDFName.of('Type0') ? dictOf(context, arrayOf(context, font.get(PDFName.of('DescendantFonts')))?.get(0)) : font;
  const descriptor = dictOf(context, described?.get(PDFName.of('FontDescriptor')));
  if (!descriptor) return false;
  return ['FontFile', 'FontFile2', 'FontFile3'].some((k) => deref(context, descriptor.get(PDFName.of(k))) instanceof PDFStream);
}
