/**
 * Small readers of pdf-lib objects shared by the engine's PDF walks: an indirect reference resolved (ISO 32000-2
 * §7.3.10), and the dictionary or array a value is or points to (a stream stands for its dictionary, §7.3.8).
 */
import { PDFArray, PDFDict, PDFRef, PDFStream, type PDFContext, type PDFObject } from 'pdf-lib';

/** `o` with an indirect reference looked up in `context` (undefined when the object is missing). */
export function deref(context: PDFContext, o: PDFObject | undefined): PDFObject | undefined {
  return o instanceof PDFRef ? context.lookup(o) : o;
}

/** The dictionary `o` is or points to; a stream's dictionary for a stream. */
export function dictOf(context: PDFContext, o: PDFObject | undefined): PDFDict | undefined {
  const v = deref(context, o);
  if (v instanceof PDFDict) return v;
  if (v instanceof PDFStream) return v.dict;
  return undefined;
}

/** The array `o` is or points to. */
export function arrayOf(context: PDFContext, o: PDFObject | undefined): PDFArray | undefined {
  const v = deref(context, o);
  return v instanceof PDFArray ? v : undefined;
}
