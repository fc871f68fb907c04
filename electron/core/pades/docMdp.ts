/**
 * DocMDP (ISO 32000-2 §12.8.2.2): a certified document's /Perms /DocMDP signature says which changes are allowed.
 * P=1 allows none, not even another signature; P=2 allows form filling and signing; P=3 also annotations.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFContext } from 'pdf-lib';

/** The DocMDP permission level of the document, or undefined when it is not certified. */
export function docMdpPermission(catalog: PDFDict, context: PDFContext): number | undefined {
  const perms = catalog.lookupMaybe(PDFName.of('Perms'), PDFDict);
  const sig = perms?.lookupMaybe(PDFName.of('DocMDP'), PDFDict);
  if (!sig) return undefined;
  const refs = sig.lookupMaybe(PDFName.of('Reference'), PDFArray);
  for (let i = 0; refs && i < refs.size(); i++) {
    const r = context.lookup(refs.get(i));
    if (!(r instanceof PDFDict)) continue;
    if (r.get(PDFName.of('TransformMethod')) !== PDFName.of('DocMDP')) continue;
    const params = r.lookupMaybe(PDFName.of('TransformParams'), PDFDict);
    const p = params?.get(PDFName.of('P'));
    return p instanceof PDFNumber ? p.asNumber() : 2;
  }
  return 2;
}
