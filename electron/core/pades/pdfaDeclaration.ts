/**
 * What a PDF says about PDF/A and what can be seen cheaply of its keeping it: the claim (XMP `pdfaid:part` and
 * `pdfaid:conformance`, ISO 19005-1 §6.7.11, ISO 19005-2 §6.6.4), the PDF/A output intent's colour model (§6.2.2 /
 * §6.2.3: device colours must match it), and the violations a signer should tell about before adding a revision to
 * such a file (never fixing them silently): a font not embedded (§6.3.4 / §6.2.11.4), JavaScript (§6.6.1 / §6.6.1,
 * §6.10), encryption (§6.1.3 / §6.1.3), transparency on PDF/A-1 (§6.4), no PDF/A output intent (§6.2.2 / §6.2.3).
 *
 * The look is bounded: the catalog, the pages' resources and the form XObjects they use, each object once, at most
 * {@link MAX_VISITS} dictionaries; a stream is decoded within pdfLimits' bounds.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFContext, type PDFDocument, type PDFObject } from 'pdf-lib';
import { decodeBounded } from '../pdf/pdfLimits.js';
import type { ColourModel } from './visibleAppearance.js';

/** The PDF/A level a file claims. */
export interface PdfaClaim {
  readonly part: number;
  readonly conformance?: string;
}

/** A violation seen before signing a file that claims PDF/A. */
export type PdfaProblem = 'fontNotEmbedded' | 'javaScript' | 'encrypted' | 'transparency' | 'noOutputIntent';

const MAX_VISITS = 20_000;
const MAX_XMP = 4 << 20;

function resolve(context: PDFContext, o: PDFObject | undefined): PDFObject | undefined {
  return o instanceof PDFRef ? context.lookup(o) : o;
}

function dictOf(context: PDFContext, o: PDFObject | undefined): PDFDict | undefined {
  const v = resolve(context, o);
  if (v instanceof PDFDict) return v;
  if (v instanceof PDFStream) return v.dict;
  return undefined;
}

function arrayOf(context: PDFContext, o: PDFObject | undefined): PDFArray | undefined {
  const v = resolve(context, o);
  return v instanceof PDFArray ? v : undefined;
}

const key = (d: PDFDict | undefined, k: string): PDFObject | undefined => d?.get(PDFName.of(k));

/** The PDF/A claim of the catalog's XMP metadata (`pdfaid:part` as an attribute or an element), if any. */
export function pdfaClaim(catalog: PDFDict, context: PDFContext): PdfaClaim | undefined {
  const stream = resolve(context, key(catalog, 'Metadata'));
  if (!(stream instanceof PDFRawStream)) return undefined;
  let xmp: string;
  try {
    const bytes = decodeBounded(stream, context);
    xmp = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, MAX_XMP));
  } catch {
    return undefined;
  }
  const field = (name: string): string | undefined => {
    // Linear patterns only (the XMP may be hostile): no two quantifiers over the same characters.
    const m = new RegExp(`pdfaid:${name}\\s*=\\s*["']([^"']*)["']|<pdfaid:${name}>([^<]*)</pdfaid:${name}>`).exec(xmp);
    return m ? (m[1] ?? m[2])?.trim() : undefined;
  };
  const part = Number(field('part'));
  if (!Number.isInteger(part) || part < 1) return undefined;
  const conformance = field('conformance');
  return { part, ...(conformance ? { conformance } : {}) };
}

/** The PDF/A output intent's destination profile (§6.2.2), if the catalog has one. */
function pdfaOutputIntent(catalog: PDFDict, context: PDFContext): PDFDict | undefined {
  const intents = arrayOf(context, key(catalog, 'OutputIntents'));
  for (const item of intents?.asArray() ?? []) {
    const d = dictOf(context, item);
    if (key(d, 'S') === PDFName.of('GTS_PDFA1')) return d;
  }
  return undefined;
}

/**
 * The colour model device colours must use in this file: the number of components (/N) of the PDF/A output
 * intent's ICC profile (gray, RGB or CMYK); RGB when there is none.
 */
export function outputIntentColours(catalog: PDFDict, context: PDFContext): ColourModel {
  const profile = dictOf(context, key(pdfaOutputIntent(catalog, context), 'DestOutputProfile'));
  const n = key(profile, 'N');
  const components = n instanceof PDFNumber ? n.asNumber() : 3;
  return components === 1 ? 'gray' : components === 4 ? 'cmyk' : 'rgb';
}

/** Whether an action (or a chain of /Next actions) runs JavaScript. */
function isJavaScriptAction(context: PDFContext, o: PDFObject | undefined, depth = 0): boolean {
  const d = dictOf(context, o);
  if (!d || depth > 16) return false;
  if (key(d, 'S') === PDFName.of('JavaScript')) return true;
  const next = resolve(context, key(d, 'Next'));
  const nexts = next instanceof PDFArray ? next.asArray() : next ? [next] : [];
  return nexts.some((n) => isJavaScriptAction(context, n, depth + 1));
}

/** A font dictionary whose program is not in the file (Type 3 fonts are drawn by the file itself). */
function fontNotEmbedded(context: PDFContext, font: PDFDict): boolean {
  const subtype = key(font, 'Subtype');
  if (subtype === PDFName.of('Type3')) return false;
  const target = subtype === PDFName.of('Type0') ? dictOf(context, arrayOf(context, key(font, 'DescendantFonts'))?.get(0)) : font;
  const descriptor = dictOf(context, key(target, 'FontDescriptor'));
  return !descriptor || !['FontFile', 'FontFile2', 'FontFile3'].some((k) => key(descriptor, k) !== undefined);
}

function hasTransparency(context: PDFContext, resources: PDFDict): boolean {
  const states = dictOf(context, key(resources, 'ExtGState'));
  for (const [, v] of states?.entries() ?? []) {
    const gs = dictOf(context, v);
    const soft = key(gs, 'SMask');
    if (soft && soft !== PDFName.of('None')) return true;
    for (const k of ['CA', 'ca']) {
      const a = key(gs, k);
      if (a instanceof PDFNumber && a.asNumber() < 1) return true;
    }
    const bm = key(gs, 'BM');
    if (bm instanceof PDFName && bm !== PDFName.of('Normal') && bm !== PDFName.of('Compatible')) return true;
  }
  return false;
}

/**
 * The violations of a file that claims PDF/A that can be seen without reading its content streams: fonts and
 * transparency in the pages' resources (and the form XObjects and Type 3 glyph resources they reach), JavaScript in
 * the catalog's name tree, open action, additional actions and the pages' annotations, encryption, a missing PDF/A
 * output intent. `encrypted` is the trailer's /Encrypt.
 */
export function pdfaProblems(context: PDFContext, catalog: PDFDict, claim: PdfaClaim, encrypted: boolean): PdfaProblem[] {
  const found = new Set<PdfaProblem>();
  if (encrypted) found.add('encrypted');
  if (!pdfaOutputIntent(catalog, context)) found.add('noOutputIntent');
  const names = dictOf(context, key(catalog, 'Names'));
  if (key(names, 'JavaScript') !== undefined || isJavaScriptAction(context, key(catalog, 'OpenAction'))) found.add('javaScript');
  const aa = dictOf(context, key(catalog, 'AA'));
  if (aa && aa.entries().some(([, v]) => isJavaScriptAction(context, v))) found.add('javaScript');

  let visits = 0;
  const seen = new Set<PDFObject>();
  const once = (o: PDFObject | undefined): PDFDict | undefined => {
    const d = dictOf(context, o);
    if (!d || seen.has(d) || ++visits > MAX_VISITS) return undefined;
    seen.add(d);
    return d;
  };
  const resourcesQueue: PDFObject[] = [];
  const pages: PDFObject[] = [key(catalog, 'Pages') as PDFObject];
  while (pages.length > 0) {
    const node = once(pages.pop());
    if (!node) continue;
    const kids = arrayOf(context, key(node, 'Kids'));
    if (kids) pages.push(...kids.asArray());
    const res = key(node, 'Resources');
    if (res) resourcesQueue.push(res);
    if (claim.part === 1) {
      const group = dictOf(context, key(node, 'Group'));
      if (key(group, 'S') === PDFName.of('Transparency')) found.add('transparency');
    }
    for (const a of arrayOf(context, key(node, 'Annots'))?.asArray() ?? []) {
      const annot = dictOf(context, a);
      if (isJavaScriptAction(context, key(annot, 'A'))) found.add('javaScript');
      const annotAa = dictOf(context, key(annot, 'AA'));
      if (annotAa?.entries().some(([, v]) => isJavaScriptAction(context, v))) found.add('javaScript');
    }
  }
  while (resourcesQueue.length > 0) {
    const res = once(resourcesQueue.pop());
    if (!res) continue;
    for (const [, f] of dictOf(context, key(res, 'Font'))?.entries() ?? []) {
      const font = once(f);
      if (!font) continue;
      if (fontNotEmbedded(context, font)) found.add('fontNotEmbedded');
      const glyphRes = key(font, 'Resources');
      if (glyphRes) resourcesQueue.push(glyphRes);
    }
    if (claim.part === 1 && hasTransparency(context, res)) found.add('transparency');
    for (const [, x] of dictOf(context, key(res, 'XObject'))?.entries() ?? []) {
      const xobject = once(x);
      if (!xobject) continue;
      if (claim.part === 1 && (key(xobject, 'SMask') !== undefined || key(dictOf(context, key(xobject, 'Group')), 'S') === PDFName.of('Transparency'))) found.add('transparency');
      const inner = key(xobject, 'Resources');
      if (inner) resourcesQueue.push(inner);
    }
  }
  const order: PdfaProblem[] = ['encrypted', 'fontNotEmbedded', 'javaScript', 'transparency', 'noOutputIntent'];
  return order.filter((p) => found.has(p));
}

/** A file's PDF/A claim and what it already violates of it; undefined when it claims no PDF/A level. */
export function pdfaStatus(doc: PDFDocument): { readonly claim: PdfaClaim; readonly problems: readonly PdfaProblem[] } | undefined {
  const context = doc.context;
  const catalog = dictOf(context, context.trailerInfo.Root);
  if (!catalog) return undefined;
  const claim = pdfaClaim(catalog, context);
  if (!claim) return undefined;
  return { claim, problems: pdfaProblems(context, catalog, claim, context.trailerInfo.Encrypt !== undefined || doc.isEncrypted) };
}
