/**
 * The XML signature of a trusted list (ETSI TS 119 612 §5.7: an enveloped XAdES signature, W3C XML-DSig 1.1 core
 * validation §3.2 done by xml-crypto; no canonicalisation written here), checked against the certificates the list
 * may be signed with (the LOTL pointer's ServiceDigitalIdentities for a TL, the pinned or announced certificates for
 * the LOTL). The KeyInfo certificate is never trusted by itself: the key used is an allowed certificate's.
 *
 * Rules beyond core validation, against signature wrapping and partial signing:
 * - exactly one ds:Signature in the document, a child of the document element tsl:TrustServiceStatusList, and no
 *   second TrustServiceStatusList anywhere;
 * - exactly one Reference with URI="" and the enveloped-signature transform (the whole list is signed, §5.7.1), with
 *   no transform but enveloped-signature and canonicalisation (an XPath/XSLT transform could sign less);
 * - any other Reference points by Id inside the Signature (the XAdES SignedProperties), never at list content;
 * - the data read afterwards comes from the very DOM checked here ({@link readSignedTrustedList}).
 */
import * as crypto from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { SignatureAlgorithm } from 'xml-crypto';
import { isSiglaError } from '../../shared/errors.js';
import type { ListSignatureCheck, TrustedList } from './TrustedList.js';
import { trustedListFromDocument } from './parseTrustedList.js';
import { NS, childElements, childrenNamed, descendant, descendants, firstChild, listText, parseListDocument, textOf } from './xmlDocument.js';

const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const C14N_TRANSFORMS = new Set([
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  'http://www.w3.org/2006/12/xml-c14n11',
  'http://www.w3.org/2006/12/xml-c14n11#WithComments',
]);

/** RFC 6931 §2.3 signature algorithms xml-crypto lacks: RSA PKCS#1 v1.5 SHA-384 and ECDSA (r||s, XML-DSig 1.1 §6.4.3). */
const EXTRA_SIGNATURE_ALGORITHMS: Readonly<Record<string, { hash: string; ecdsa: boolean }>> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { hash: 'sha384', ecdsa: false },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { hash: 'sha256', ecdsa: true },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { hash: 'sha384', ecdsa: true },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { hash: 'sha512', ecdsa: true },
};

/** RFC 6931 §2.1.3 / XML Encryption: digest algorithms xml-crypto lacks. */
const EXTRA_HASHES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmldsig-more#sha224': 'sha224',
};

function signatureAlgorithm(uri: string, hash: string, ecdsa: boolean): new () => SignatureAlgorithm {
  return class implements SignatureAlgorithm {
    getSignature(): string {
      throw new Error('verification only');
    }

    verifySignature(material: string, key: crypto.KeyLike, signatureValue: string): boolean {
      const value = Buffer.from(signatureValue, 'base64');
      const keyObject = key instanceof crypto.KeyObject ? key : crypto.createPublicKey(key);
      return crypto.verify(hash, Buffer.from(material, 'utf8'), ecdsa ? { key: keyObject, dsaEncoding: 'ieee-p1363' } : keyObject, value);
    }

    getAlgorithmName(): string {
      return uri;
    }
  } as unknown as new () => SignatureAlgorithm;
}

function hashAlgorithm(uri: string, hash: string): new () => { getAlgorithmName(): string; getHash(xml: string): string } {
  return class {
    getAlgorithmName(): string {
      return uri;
    }

    getHash(xml: string): string {
      return crypto.createHash(hash).update(xml, 'utf8').digest('base64');
    }
  };
}

export interface SignedTrustedList {
  readonly check: ListSignatureCheck;
  /** The list, read from the same DOM the signature covered; only when `check.ok`. */
  readonly list?: TrustedList;
}

/** Checks a list's XML signature against the allowed signer certificates (DER). */
export function verifyListSignature(xml: Uint8Array, allowedSigners: readonly Uint8Array[]): ListSignatureCheck {
  return readSignedTrustedList(xml, allowedSigners, false).check;
}

/**
 * Checks the signature and, when it holds, reads the list from the same DOM (so no second parse can see other
 * content than the one signed). A list that is not readable XML gives `MALFORMED`; a signed document that is not a
 * readable TS 119 612 list throws TL_FORMAT from the reading.
 */
export function readSignedTrustedList(xml: Uint8Array, allowedSigners: readonly Uint8Array[], read = true): SignedTrustedList {
  let text: string;
  let doc: Document;
  try {
    text = listText(xml);
    doc = parseListDocument(text);
  } catch (e) {
    if (isSiglaError(e)) return { check: { ok: false, reason: 'MALFORMED', detail: e.message } };
    throw e;
  }
  const check = checkSignature(text, doc, allowedSigners);
  if (!check.ok || !read) return { check };
  return { check, list: trustedListFromDocument(doc) };
}

type Failure = Extract<ListSignatureCheck, { ok: false }>;
const fail = (reason: Failure['reason'], detail?: string): Failure => (detail === undefined ? { ok: false, reason } : { ok: false, reason, detail });

function checkSignature(text: string, doc: Document, allowedSigners: readonly Uint8Array[]): ListSignatureCheck {
  const root = doc.documentElement;
  if (root.namespaceURI !== NS.tsl || root.localName !== 'TrustServiceStatusList') return fail('MALFORMED', 'document element is not tsl:TrustServiceStatusList');
  if (descendants(root, NS.tsl, 'TrustServiceStatusList').length > 0) return fail('MALFORMED', 'a second TrustServiceStatusList inside the list');
  const signatures = descendants(root, NS.ds, 'Signature');
  const [signature] = signatures;
  if (signature === undefined) return fail('NO_SIGNATURE');
  if (signatures.length > 1) return fail('MALFORMED', `${signatures.length} ds:Signature elements`);
  if (signature.parentNode !== root) return fail('MALFORMED', 'ds:Signature is not a child of the document element');
  const signedInfo = childrenNamed(signature, NS.ds, 'SignedInfo');
  if (signedInfo.length !== 1 || signedInfo[0] === undefined) return fail('MALFORMED', 'not exactly one SignedInfo');

  // References: one whole-document enveloped reference; the others only inside the Signature.
  let whole = 0;
  let signedPropertiesId: string | undefined;
  for (const ref of childrenNamed(signedInfo[0], NS.ds, 'Reference')) {
    // xmldom's getAttribute gives '' for a missing attribute: a Reference without URI must not pass for URI="".
    const uri = ref.hasAttribute('URI') ? ref.getAttribute('URI') : null;
    const transforms = childrenNamed(firstChild(ref, NS.ds, 'Transforms') ?? ref, NS.ds, 'Transform').map((t) => t.getAttribute('Algorithm') ?? '');
    if (transforms.some((t) => t !== ENVELOPED && !C14N_TRANSFORMS.has(t))) return fail('NOT_WHOLE_DOCUMENT', 'a transform other than enveloped-signature and canonicalisation');
    if (uri === '') {
      if (!transforms.includes(ENVELOPED)) return fail('NOT_WHOLE_DOCUMENT', 'the URI="" reference has no enveloped-signature transform');
      whole++;
      continue;
    }
    const id = uri?.startsWith('#') === true ? uri.slice(1) : undefined;
    if (id === undefined || id === '') return fail('NOT_WHOLE_DOCUMENT', 'a reference outside the document');
    const targets = elementsWithId(root, id);
    const [target] = targets;
    if (targets.length !== 1 || target === undefined) return fail('MALFORMED', `reference #${id} names ${targets.length} elements`);
    if (!isInside(target, signature)) return fail('NOT_WHOLE_DOCUMENT', `reference #${id} points at list content, not inside the signature`);
    if (target.namespaceURI === NS.xades && target.localName === 'SignedProperties') signedPropertiesId = id;
  }
  if (whole !== 1) return fail('NOT_WHOLE_DOCUMENT', whole === 0 ? 'no URI="" reference: the whole list is not signed' : 'more than one URI="" reference');

  // KeyInfo certificates: when there are any, one of them must be an allowed signer.
  const keyInfoCerts = descendants(firstChild(signature, NS.ds, 'KeyInfo') ?? signature, NS.ds, 'X509Certificate')
    .filter((c) => isInside(c, firstChild(signature, NS.ds, 'KeyInfo')))
    .map((c) => Buffer.from(textOf(c).replace(/\s+/g, ''), 'base64'));
  const allowed = allowedSigners.map((c) => Buffer.from(c));
  if (keyInfoCerts.length > 0 && !keyInfoCerts.some((k) => allowed.some((a) => a.equals(k)))) return fail('SIGNER_NOT_ALLOWED', 'the KeyInfo certificate is not among the allowed signers');
  if (allowed.length === 0) return fail('SIGNER_NOT_ALLOWED', 'no allowed signer certificate');
  // Try the KeyInfo's allowed certificate first, then the others.
  const ordered = [...allowed].sort((a, b) => Number(keyInfoCerts.some((k) => k.equals(b))) - Number(keyInfoCerts.some((k) => k.equals(a))));

  let lastDetail = 'signature value does not verify with any allowed certificate';
  for (const cert of ordered) {
    let key: crypto.KeyObject;
    try {
      key = crypto.createPublicKey({ key: cert, format: 'der', type: 'spki' });
    } catch {
      try {
        key = new crypto.X509Certificate(cert).publicKey;
      } catch {
        continue;
      }
    }
    const sx = new SignedXml({ publicCert: key });
    sx.getCertFromKeyInfo = (): null => null; // never the KeyInfo's key
    for (const [uri, a] of Object.entries(EXTRA_SIGNATURE_ALGORITHMS)) sx.SignatureAlgorithms[uri] = signatureAlgorithm(uri, a.hash, a.ecdsa);
    for (const [uri, h] of Object.entries(EXTRA_HASHES)) sx.HashAlgorithms[uri] = hashAlgorithm(uri, h);
    try {
      sx.loadSignature(signature);
      if (!sx.checkSignature(text)) return fail('SIGNATURE_INVALID', 'a reference digest does not match: the list was changed after signing');
      return {
        ok: true,
        signer: new Uint8Array(cert),
        ...signingTime(signature, signedPropertiesId),
      };
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (!/invalid signature: the signature value/.test(msg)) return fail('SIGNATURE_INVALID', msg.slice(0, 200));
      lastDetail = 'signature value does not verify with any allowed certificate';
    }
  }
  return fail('SIGNATURE_INVALID', lastDetail);
}

/** The XAdES SigningTime (EN 319 132-1 §5.2.1), only from SignedProperties a verified reference covered. */
function signingTime(signature: Element, signedPropertiesId: string | undefined): { signingTime?: string } {
  if (signedPropertiesId === undefined) return {};
  const props = descendants(signature, NS.xades, 'SignedProperties').find((p) => idOf(p) === signedPropertiesId);
  const t = props === undefined ? undefined : descendant(props, NS.xades, 'SigningTime');
  const ms = t === undefined ? NaN : Date.parse(textOf(t));
  return Number.isNaN(ms) ? {} : { signingTime: new Date(ms).toISOString() };
}

function idOf(el: Element): string | undefined {
  const name = ['Id', 'ID', 'id'].find((a) => el.hasAttribute(a));
  return name === undefined ? undefined : el.getAttribute(name) ?? undefined;
}

/** Elements whose Id/ID/id attribute is `id` (the attributes xml-crypto resolves references by). */
function elementsWithId(root: Element, id: string): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [root];
  for (let el = stack.pop(); el !== undefined; el = stack.pop()) {
    if (['Id', 'ID', 'id'].some((a) => el.hasAttribute(a) && el.getAttribute(a) === id)) out.push(el);
    stack.push(...childElements(el));
  }
  return out;
}

function isInside(node: Node, ancestor: Node | undefined): boolean {
  if (ancestor === undefined) return false;
  for (let n: Node | null = node; n !== null; n = n.parentNode) if (n === ancestor) return true;
  return false;
}
