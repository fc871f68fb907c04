/**
 * One indirect object read at its byte offset (ISO 32000-2 §7.3.10: "num gen obj … endobj"), through a window of the
 * file that grows until the object is whole: a dictionary or array is whole when pdf-lib's parser ends it; a
 * stream when its data and `endstream` lie inside the window (§7.3.8.1), so a cut never passes for a short stream.
 */
import { PDFObjectParser, type PDFContext, type PDFObject } from 'pdf-lib';
import { pdfParseError, textAt } from './PdfBytes.js';
import { withWindow, type PdfSource } from './PdfSource.js';

export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  readonly object: PDFObject;
}

interface ParserPosition {
  bytes: { offset(): number };
}

/** The object at byte `at` (end-of-line bytes before "num gen obj" are tolerated, as readers do). */
export function readIndirectObject(src: PdfSource, at: number, context: PDFContext): IndirectObject {
  return withWindow(src, at, (window, atEnd) => {
    const head = /^[\r\n\t\f ]*(\d+)\s+(\d+)\s+obj/.exec(textAt(window, 0, 64));
    if (!head?.[0]) throw pdfParseError('a cross-reference offset does not point at an object');
    const parser = PDFObjectParser.forBytes(window.subarray(head[0].length), context);
    const object = parser.parseObject() as PDFObject;
    const end = head[0].length + (parser as unknown as ParserPosition).bytes.offset();
    return { value: { num: Number(head[1]), gen: Number(head[2]), object }, complete: atEnd || end < window.length };
  });
}
