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
import { PDFArray, PDFName, PDFNumber, type PDFContext, type PDFDict, type PDFDocument, type PDFObject } from 'pdf-lib';
import { fontEmbedded } from '../pdf/fontEmbedded.js';
import { catalogXmp, readPdfaClaim, type PdfaClaim as DeclaredPdfa } from '../pdf/pdfaClaim.js';
import { arrayOf, deref, dictOf } from '../pdf/pdfObjects.js';
import type { ColourModel } from './visibleAppearance.js';

/** The PDF/A level a file claims. */
export interface PdfaClaim extends DeclaredPdfa {
  readonly part: number;
}

/** A violation seen before signing a file that claims PDF/A. */
export type PdfaProblem = 'fontNotEmbedded' | 'javaScript' | 'encrypted' | 'transparency' | 'noOutputIntent';

const MAX_VISITS = 20_000;

const key = (d: PDFDict | undefined, k: string): PDFObject | undefined => d?.get(PDFName.of(k));

/** The PDF/A claim of the catalog's XMP metadata (core/pdf/pdfaClaim.ts), if it names a part. */
export function pdfaClaim(catalog: PDFDict, context: PDFContext): PdfaClaim | undefined {
  let xmp: string | undefined;
  try {
    xmp = catalogXmp(catalog, context);
  } catch {
    return undefined;
  }
  const { part, conformance } = readPdfaClaim(xmp ?? '');
  return part === undefined ? undefined : { part, ...(conformance ? { conformance } : {}) };
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
  const next = deref(context, key(d, 'Next'));
  const nexts = next instanceof PDFArray ? next.asArray() : next ? [next] : [];
  return nexts.some((n) => isJavaScriptAction(context, n, depth + 1));
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
      if (!fontEmbedded(context, font)) found.add('fontNotEmbedded');
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
