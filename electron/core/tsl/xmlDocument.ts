/**
 * The one way Sigla reads a trusted list's XML text: UTF-8 (TS 119 612 §5.1.2 and its XSD require it), bounded in
 * size and element count, no document type declaration (so no entity expansion, no external entity: XXE), parsed
 * by `@xmldom/xmldom` with every parser error fatal. `verifyListSignature` and `parseTrustedList` both start here, on
 * the same bytes, so the signature check and the data read see one tree.
 */
import { DOMParser } from '@xmldom/xmldom';
import { SiglaError } from '../../shared/errors.js';

/** The largest list read: the EU member states' lists are 0.1–5 MB today (IT 2.4 MB). */
export const TL_MAX_BYTES = 64 * 1024 * 1024;
/** The most elements a list may have (IT seq 194 has about 70,000). */
export const TL_MAX_ELEMENTS = 2_000_000;
/** The deepest nesting allowed (a TS 119 612 list nests about 15 levels). */
export const TL_MAX_DEPTH = 64;

export const NS = {
  tsl: 'http://uri.etsi.org/02231/v2#',
  ecc: 'http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#',
  tie: 'http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/additionaltypes#',
  additionalTypes: 'http://uri.etsi.org/02231/v2/additionaltypes#',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xades: 'http://uri.etsi.org/01903/v1.3.2#',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

export function tlFormat(detail: string, cause?: unknown): SiglaError {
  return new SiglaError('TL_FORMAT', `trusted list: ${detail}`, cause === undefined ? {} : { cause });
}

/** The list's text: UTF-8 (a BOM is dropped), refused when it is not UTF-8, too large or declares a DTD. */
export function listText(xml: Uint8Array): string {
  if (xml.length > TL_MAX_BYTES) throw tlFormat(`larger than ${TL_MAX_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(xml);
  } catch (e) {
    throw tlFormat('not UTF-8 text', e);
  }
  const decl = /^\s*<\?xml[^?]*\bencoding\s*=\s*["']([^"']+)["']/.exec(text);
  if (decl?.[1] !== undefined && !/^utf-?8$/i.test(decl[1])) throw tlFormat(`declared encoding ${decl[1]} (UTF-8 required)`);
  // A DTD is never part of a trusted list; refusing it outright rules out entity expansion ("billion laughs") and
  // external entities whatever the parser would do with them.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw tlFormat('document type declaration (DOCTYPE/ENTITY) not allowed');
  let elements = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const c = text.charCodeAt(i + 1);
    // '/', '!', '?' start end tags, comments/CDATA and PIs; everything else starts an element.
    if (c !== 0x2f && c !== 0x21 && c !== 0x3f && ++elements > TL_MAX_ELEMENTS) throw tlFormat(`more than ${TL_MAX_ELEMENTS} elements`);
  }
  return text;
}

/** Parses list text (from {@link listText}) into a DOM; any well-formedness error is TL_FORMAT. */
export function parseListDocument(text: string): Document {
  const fail = (msg: string): never => {
    throw tlFormat(`XML not well-formed: ${msg.slice(0, 200)}`);
  };
  const doc = new DOMParser({
    locator: {},
    // Warnings too: xml-crypto re-parses the same text with xmldom's defaults, which would print them.
    errorHandler: { warning: fail, error: fail, fatalError: fail },
  }).parseFromString(text, 'text/xml');
  const root = doc.documentElement;
  if (root === null || root === undefined) throw tlFormat('no document element');
  // Nesting is checked without recursion, so that a hostile list cannot exhaust the stack of the code that reads it.
  const stack: [Element, number][] = [[root, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [el, depth] = top;
    if (depth > TL_MAX_DEPTH) throw tlFormat(`elements nested deeper than ${TL_MAX_DEPTH}`);
    for (const c of childElements(el)) stack.push([c, depth + 1]);
  }
  return doc;
}

/** Element children of `el` (in document order). */
export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n !== null; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

/** Element children with this namespace and local name. */
export function childrenNamed(el: Element, ns: string, local: string): Element[] {
  return childElements(el).filter((c) => c.namespaceURI === ns && c.localName === local);
}

export function firstChild(el: Element | undefined, ns: string, local: string): Element | undefined {
  return el === undefined ? undefined : childrenNamed(el, ns, local)[0];
}

/** The text of an element, trimmed. */
export function textOf(el: Element | undefined): string {
  return (el?.textContent ?? '').trim();
}

/** The first descendant element with this namespace and local name (depth first). */
export function descendant(el: Element, ns: string, local: string): Element | undefined {
  for (const c of childElements(el)) {
    if (c.namespaceURI === ns && c.localName === local) return c;
    const d = descendant(c, ns, local);
    if (d !== undefined) return d;
  }
  return undefined;
}

/** Every descendant element with this namespace and local name. */
export function descendants(el: Element, ns: string, local: string, out: Element[] = []): Element[] {
  for (const c of childElements(el)) {
    if (c.namespaceURI === ns && c.localName === local) out.push(c);
    descendants(c, ns, local, out);
  }
  return out;
}
