/**
 * Signature fields of the interactive form (ISO 32000-2 §12.7.5.5): the names in use, so a new field gets a unique
 * one (`Signature1`, `Signature2`…), and an existing empty field found by its fully qualified name.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFContext, type PDFObject } from 'pdf-lib';
import { limitError, PDF_LIMITS } from '../pdf/pdfLimits.js';

export interface FoundField {
  readonly ref: PDFRef;
  readonly dict: PDFDict;
  readonly name: string;
}

function partialName(d: PDFDict): string | undefined {
  const t = d.get(PDFName.of('T'));
  return t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : undefined;
}

/** Every field (terminal or not) with its fully qualified name; guards against loops in /Kids. */
export function allFields(acroForm: PDFDict | undefined, context: PDFContext): FoundField[] {
  const out: FoundField[] = [];
  const seen = new Set<string>();
  const walk = (arr: PDFArray | undefined, prefix: string, depth = 0): void => {
    // §12.7.4: fields nest through /Kids; an explicit limit, not the call stack, ends a hostile chain.
    if (arr && depth > PDF_LIMITS.nesting) throw limitError('pdfNesting', 'form fields nested too deep');
    for (let i = 0; arr && i < arr.size(); i++) {
      const item = arr.get(i);
      if (!(item instanceof PDFRef) || seen.has(item.toString())) continue;
      seen.add(item.toString());
      const d = context.lookup(item);
      if (!(d instanceof PDFDict)) continue;
      const part = partialName(d);
      const name = part === undefined ? prefix : prefix ? `${prefix}.${part}` : part;
      if (part !== undefined) out.push({ ref: item, dict: d, name });
      walk(d.lookupMaybe(PDFName.of('Kids'), PDFArray), name, depth + 1);
    }
  };
  walk(acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray), '');
  return out;
}

export function uniqueSignatureName(fields: readonly FoundField[]): string {
  const names = new Set(fields.map((f) => f.name));
  for (let i = 1; ; i++) if (!names.has(`Signature${i}`)) return `Signature${i}`;
}

/** Field type, inherited from ancestors (§12.7.4.1). */
export function fieldType(d: PDFDict, context: PDFContext): PDFName | undefined {
  for (let cur: PDFDict | undefined = d, depth = 0; cur && depth < 32; depth++) {
    const ft = cur.get(PDFName.of('FT'));
    if (ft instanceof PDFName) return ft;
    const parent: PDFObject | undefined = cur.get(PDFName.of('Parent'));
    const p: PDFObject | undefined = parent ? context.lookup(parent) : undefined;
    cur = p instanceof PDFDict ? p : undefined;
  }
  return undefined;
}
