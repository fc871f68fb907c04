/**
 * Reads a trusted list (ETSI TS 119 612 v2.x, the XML of §5 / Annex C): the scheme information (§5.3), the pointers
 * to other lists (§5.3.13, what a LOTL is made of), the trust service providers (§5.4) and their services (§5.5) with
 * the service history (§5.6), AdditionalServiceInformation (§5.5.9.4), Qualifications (§5.5.9.2) and
 * expiredCertsRevocationInfo (§5.5.9.1) extensions. Namespace-aware; hostile input is bounded by `xmlDocument.ts`.
 *
 * This reads data only: whether the list is authentic is `verifyListSignature`'s question, asked on the same bytes
 * (or use {@link readSignedTrustedList}, which parses once for both).
 */
import type {
  CriteriaList,
  ListPointer,
  QualificationElement,
  ServiceStatusPeriod,
  TrustedList,
  TrustService,
  TrustServiceProvider,
} from './TrustedList.js';
import {
  NS,
  childElements,
  childrenNamed,
  descendants,
  firstChild,
  listText,
  parseListDocument,
  textOf,
  tlFormat,
} from './xmlDocument.js';

export const LOTL_TYPE_SUFFIX = 'listofthelists';

/** Parses list bytes. Throws SiglaError TL_FORMAT for anything that is not a readable TS 119 612 list. */
export function parseTrustedList(xml: Uint8Array): TrustedList {
  return trustedListFromDocument(parseListDocument(listText(xml)));
}

const tsl = (el: Element | undefined, local: string): Element | undefined => firstChild(el, NS.tsl, local);
const tslAll = (el: Element | undefined, local: string): Element[] => (el === undefined ? [] : childrenNamed(el, NS.tsl, local));

/** The list read from a parsed document (the one whose signature was checked, when it was). */
export function trustedListFromDocument(doc: Document): TrustedList {
  const root = doc.documentElement;
  if (root.namespaceURI !== NS.tsl || root.localName !== 'TrustServiceStatusList') {
    throw tlFormat(`document element is {${root.namespaceURI ?? ''}}${root.localName}, not tsl:TrustServiceStatusList`);
  }
  const info = tsl(root, 'SchemeInformation');
  if (info === undefined) throw tlFormat('no SchemeInformation');
  const type = textOf(tsl(info, 'TSLType'));
  const seqText = textOf(tsl(info, 'TSLSequenceNumber'));
  if (!/^\d{1,9}$/.test(seqText)) throw tlFormat('TSLSequenceNumber is not a number');
  const territory = textOf(tsl(info, 'SchemeTerritory'));
  if (territory === '') throw tlFormat('no SchemeTerritory');
  const issued = isoTime(textOf(tsl(info, 'ListIssueDateTime')), 'ListIssueDateTime');
  const nextText = textOf(tsl(tsl(info, 'NextUpdate'), 'dateTime'));
  const pointers = tslAll(tsl(info, 'PointersToOtherTSL'), 'OtherTSLPointer').map(readPointer);
  const providers = tslAll(tsl(root, 'TrustServiceProviderList'), 'TrustServiceProvider').map(readProvider);
  return {
    type,
    isLotl: type.toLowerCase().endsWith(LOTL_TYPE_SUFFIX),
    territory,
    sequenceNumber: Number(seqText),
    operator: pickName(tsl(info, 'SchemeOperatorName')),
    issued,
    ...(nextText === '' ? {} : { nextUpdate: isoTime(nextText, 'NextUpdate') }),
    pointers,
    providers,
  };
}

/** TS 119 612 §5.1.4: times are UTC xsd:dateTime. Returned as ISO 8601 with milliseconds (Date#toISOString). */
function isoTime(text: string, what: string): string {
  // xsd:dateTime with a zone; a time without one is read as UTC, as TS 119 612 §5.1.4 mandates UTC.
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  const t = m?.[1] === undefined ? NaN : Date.parse(`${m[1]}${m[2] ?? 'Z'}`);
  if (Number.isNaN(t)) throw tlFormat(`${what} is not a date-time`);
  return new Date(t).toISOString();
}

/** A multilingual name (§5.1.4): Italian when given, else English, else the first. */
export function pickName(el: Element | undefined): string {
  const names = tslAll(el, 'Name');
  const lang = (n: Element): string => (n.getAttributeNS(NS.xml, 'lang') ?? n.getAttribute('xml:lang') ?? '').toLowerCase();
  const chosen = names.find((n) => lang(n) === 'it') ?? names.find((n) => lang(n) === 'en') ?? names[0];
  return textOf(chosen);
}

function base64Der(text: string, what: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length === 0) throw tlFormat(`${what} is not base64`);
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

function readPointer(p: Element): ListPointer {
  const signers = tslAll(tsl(p, 'ServiceDigitalIdentities'), 'ServiceDigitalIdentity')
    .flatMap((sdi) => tslAll(sdi, 'DigitalId'))
    .flatMap((d) => tslAll(d, 'X509Certificate'))
    .map((c) => base64Der(textOf(c), 'OtherTSLPointer X509Certificate'));
  const others = tslAll(tsl(p, 'AdditionalInformation'), 'OtherInformation');
  const other = (ns: string, local: string): string | undefined => {
    for (const o of others) {
      const el = firstChild(o, ns, local);
      if (el !== undefined) return textOf(el);
    }
    return undefined;
  };
  const type = other(NS.tsl, 'TSLType');
  const mimeType = other(NS.additionalTypes, 'MimeType');
  return {
    territory: other(NS.tsl, 'SchemeTerritory') ?? '',
    location: textOf(tsl(p, 'TSLLocation')),
    ...(mimeType === undefined ? {} : { mimeType }),
    ...(type === undefined ? {} : { type }),
    signers,
  };
}

function readProvider(p: Element): TrustServiceProvider {
  const infoEl = tsl(p, 'TSPInformation');
  return {
    name: pickName(tsl(infoEl, 'TSPName')),
    tradeNames: tslAll(tsl(infoEl, 'TSPTradeName'), 'Name').map((n) => textOf(n)),
    services: tslAll(tsl(p, 'TSPServices'), 'TSPService').map(readService),
  };
}

interface RawPeriod {
  readonly status: string;
  readonly from: string;
  readonly additionalServiceInformation: readonly string[];
  readonly qualifications: readonly QualificationElement[];
  readonly expiredCertsRevocationInfo?: string;
}

function readPeriod(el: Element): RawPeriod {
  const exts = tslAll(tsl(el, 'ServiceInformationExtensions'), 'Extension');
  const additional: string[] = [];
  const qualifications: QualificationElement[] = [];
  let expired: string | undefined;
  for (const ext of exts) {
    for (const c of childElements(ext)) {
      if (c.namespaceURI === NS.tsl && c.localName === 'AdditionalServiceInformation') {
        const u = textOf(tsl(c, 'URI'));
        if (u !== '') additional.push(u);
      } else if (c.namespaceURI === NS.ecc && c.localName === 'Qualifications') {
        for (const q of childrenNamed(c, NS.ecc, 'QualificationElement')) qualifications.push(readQualification(q));
      } else if (c.localName === 'ExpiredCertsRevocationInfo') {
        expired = isoTime(textOf(c), 'ExpiredCertsRevocationInfo');
      }
    }
  }
  return {
    status: textOf(tsl(el, 'ServiceStatus')),
    from: isoTime(textOf(tsl(el, 'StatusStartingTime')), 'StatusStartingTime'),
    additionalServiceInformation: additional,
    qualifications,
    ...(expired === undefined ? {} : { expiredCertsRevocationInfo: expired }),
  };
}

function readQualification(q: Element): QualificationElement {
  const qualifiers = childrenNamed(firstChild(q, NS.ecc, 'Qualifiers') ?? q, NS.ecc, 'Qualifier')
    .map((x) => x.getAttribute('uri') ?? '')
    .filter((u) => u !== '');
  const criteria = firstChild(q, NS.ecc, 'CriteriaList');
  return { qualifiers, criteria: criteria === undefined ? emptyCriteria() : readCriteria(criteria) };
}

function emptyCriteria(): CriteriaList {
  return { assert: 'all', keyUsage: [], policySets: [], extendedKeyUsage: [], subjectDnAttributes: [], lists: [] };
}

/** xades:Identifier values as dotted OIDs (`urn:oid:1.2.3` → `1.2.3`). */
function identifiers(el: Element): string[] {
  return descendants(el, NS.xades, 'Identifier').map((i) => textOf(i).replace(/^urn:oid:/i, ''));
}

/** §5.5.9.2 CriteriaList: KeyUsage, PolicySet, nested CriteriaList, and otherCriteriaList (EKU, subject DN attributes). */
function readCriteria(el: Element): CriteriaList {
  const assertAttr = el.getAttribute('assert') ?? 'all';
  const assert = assertAttr === 'atLeastOne' || assertAttr === 'none' ? assertAttr : 'all';
  const keyUsage: { bit: string; value: boolean }[][] = [];
  const policySets: string[][] = [];
  const eku: string[][] = [];
  const dn: string[][] = [];
  const lists: CriteriaList[] = [];
  const other = (c: Element): void => {
    if (c.localName === 'ExtendedKeyUsage') eku.push(identifiers(c));
    else if (c.localName === 'CertSubjectDNAttribute') dn.push(identifiers(c));
  };
  for (const c of childElements(el)) {
    if (c.namespaceURI === NS.ecc && c.localName === 'KeyUsage') {
      keyUsage.push(childrenNamed(c, NS.ecc, 'KeyUsageBit').map((b) => ({ bit: b.getAttribute('name') ?? '', value: textOf(b) === 'true' || textOf(b) === '1' })));
    } else if (c.namespaceURI === NS.ecc && c.localName === 'PolicySet') {
      policySets.push(childrenNamed(c, NS.ecc, 'PolicyIdentifier').flatMap(identifiers));
    } else if (c.namespaceURI === NS.ecc && c.localName === 'CriteriaList') {
      lists.push(readCriteria(c));
    } else if (c.namespaceURI === NS.ecc && c.localName === 'otherCriteriaList') {
      for (const o of childElements(c)) other(o);
    } else {
      other(c);
    }
  }
  return { assert, keyUsage, policySets, extendedKeyUsage: eku, subjectDnAttributes: dn, lists };
}

function readService(s: Element): TrustService {
  const info = tsl(s, 'ServiceInformation');
  if (info === undefined) throw tlFormat('TSPService without ServiceInformation');
  const ids = tslAll(tsl(info, 'ServiceDigitalIdentity'), 'DigitalId');
  const certificates = ids.flatMap((d) => tslAll(d, 'X509Certificate')).map((c) => base64Der(textOf(c), 'X509Certificate'));
  const subjectNames = ids.flatMap((d) => tslAll(d, 'X509SubjectName')).map((n) => textOf(n));
  const skis = ids.flatMap((d) => tslAll(d, 'X509SKI')).map((k) => Buffer.from(base64Der(textOf(k), 'X509SKI')).toString('hex'));
  const raw = [readPeriod(info), ...tslAll(tsl(s, 'ServiceHistory'), 'ServiceHistoryInstance').map(readPeriod)];
  // Newest first; each period lasts until the next newer one starts (§5.6: history instances are the earlier states).
  raw.sort((a, b) => Date.parse(b.from) - Date.parse(a.from));
  const periods: ServiceStatusPeriod[] = raw.map((p, i) => {
    const newer = i === 0 ? undefined : raw[i - 1];
    return newer === undefined ? p : { ...p, until: newer.from };
  });
  return {
    type: textOf(tsl(info, 'ServiceTypeIdentifier')),
    name: pickName(tsl(info, 'ServiceName')),
    certificates,
    subjectNames,
    skis,
    periods,
  };
}
