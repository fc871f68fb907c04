/**
 * Test fixture: ETSI TS 119 612 v2 trusted lists (a member state's TL and the EU LOTL) built as XML text and signed
 * with `xmlsec1` (Debian's xmlsec1, an independent XML-DSig implementation), so that tests of Sigla's own list
 * parser and signature check are not checking our code against itself.
 *
 * The signature is the enveloped XAdES-style one the real lists carry (TS 119 612 §5.7.1, XAdES baseline B):
 * SignedInfo with exclusive c14n, rsa-sha256 (or ecdsa-sha256 for EC keys), a Reference URI="" with the
 * enveloped-signature + exc-c14n transforms (the whole list), a Reference to the xades:SignedProperties (SigningTime),
 * and KeyInfo/X509Data with the signer certificate.
 *
 * Keys and certificates: PEM file paths (as `test/helpers/testPki.ts` produces) or PEM text.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const TSL_NS = 'http://uri.etsi.org/02231/v2#';
export const ECC_NS = 'http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#';
export const ADDITIONALTYPES_NS = 'http://uri.etsi.org/02231/v2/additionaltypes#';
export const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

export const SVC_TYPE = 'http://uri.etsi.org/TrstSvc/Svctype/';
export const SVC_STATUS = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/';
export const SVC_INFO_EXT = 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/';
export const TSL_TYPE_EU_GENERIC = 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric';
export const TSL_TYPE_LOTL = 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists';

/** A PEM file path or PEM text. */
export type Pem = string;

export interface ListSigner {
  readonly keyPem: Pem;
  readonly certPem: Pem;
}

/** TS 119 612 §5.5.9.2 CriteriaList, as the fixture writes it. */
export interface FixtureCriteria {
  readonly assert?: 'all' | 'atLeastOne' | 'none';
  /** One KeyUsage element with these bits, e.g. `{ nonRepudiation: true }`. */
  readonly keyUsage?: Readonly<Record<string, boolean>>;
  /** PolicySet elements, each a list of policy OIDs. */
  readonly policySets?: readonly (readonly string[])[];
  /** ExtendedKeyUsage elements (additionaltypes, inside ecc:otherCriteriaList as the ES list has them), each a list of EKU OIDs. */
  readonly extendedKeyUsage?: readonly (readonly string[])[];
  readonly lists?: readonly FixtureCriteria[];
}

export interface FixtureQualification {
  /** Qualifier names (`QCWithQSCD`, `QCForESig`, …) or full URIs. */
  readonly qualifiers: readonly string[];
  readonly criteria: FixtureCriteria;
}

export interface FixturePeriod {
  /** A status name (`granted`, `withdrawn`, `accredited`, …) or its full URI. */
  readonly status: string;
  readonly from: string | Date;
  /** AdditionalServiceInformation: names (`ForeSignatures`, `ForeSeals`, `ForWebSiteAuthentication`) or URIs. */
  readonly additional?: readonly string[];
  readonly qualifications?: readonly FixtureQualification[];
  readonly expiredCertsRevocationInfo?: string | Date;
  /** A service type for this period when it differs from the service's. */
  readonly type?: string;
}

export interface FixtureService {
  /** A type path (`CA/QC`, `TSA/QTST`, `OCSP/QC`, …) or its full URI. */
  readonly type: string;
  readonly name: string;
  /** The service's certificate (PEM path or text, or DER bytes); also gives X509SubjectName and X509SKI. */
  readonly certificate?: Pem | Uint8Array;
  /** Periods in any order; the newest is the current ServiceInformation, the others ServiceHistoryInstance. */
  readonly periods: readonly FixturePeriod[];
  /** Italian name besides the English one. */
  readonly nameIt?: string;
}

export interface FixtureProvider {
  readonly name: string;
  readonly tradeNames?: readonly string[];
  readonly services: readonly FixtureService[];
}

export interface TrustedListSpec {
  readonly territory: string;
  readonly sequence: number;
  readonly issued: string | Date;
  /** Absent: a closed list (empty NextUpdate). */
  readonly nextUpdate?: string | Date;
  readonly operator?: string;
  readonly providers: readonly FixtureProvider[];
}

export interface FixturePointer {
  readonly territory: string;
  readonly location: string;
  readonly signers: readonly (Pem | Uint8Array)[];
  /** Default: EUgeneric (EUlistofthelists for territory `EU`). */
  readonly type?: string;
  readonly mimeType?: string;
  readonly operator?: string;
}

export interface LotlSpec {
  readonly sequence: number;
  readonly issued?: string | Date;
  readonly nextUpdate?: string | Date;
  readonly pointers: readonly FixturePointer[];
}

export interface SignOptions {
  /** XAdES SigningTime (default: now). */
  readonly signingTime?: string | Date;
  /** Leave out the xades:SignedProperties reference (a plain XML-DSig enveloped signature). */
  readonly noSignedProperties?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------

function readPem(p: Pem): string {
  return p.includes('-----BEGIN') ? p : fs.readFileSync(p, 'utf8');
}

/** DER bytes of a certificate given as PEM (path or text) or DER. */
export function certificateDer(c: Pem | Uint8Array): Buffer {
  if (c instanceof Uint8Array) return Buffer.from(c);
  return Buffer.from(new crypto.X509Certificate(readPem(c)).raw);
}

function iso(t: string | Date): string {
  return (typeof t === 'string' ? new Date(t) : t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const uri = (base: string, nameOrUri: string): string => (nameOrUri.includes('://') ? nameOrUri : base + nameOrUri);

/** The SubjectKeyIdentifier extension value (base64, as X509SKI holds it) of a certificate, if it has one. */
function skiBase64(der: Buffer): string | undefined {
  // node's X509Certificate has no SKI accessor; openssl prints it (an independent reader).
  const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-ext', 'subjectKeyIdentifier'], { input: der, encoding: 'utf8' });
  const m = /\n\s*([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+)\s*$/.exec(text);
  return m?.[1] === undefined ? undefined : Buffer.from(m[1].replace(/:/g, ''), 'hex').toString('base64');
}

/** RFC 2253 subject of a certificate as openssl prints it. */
function subjectName(der: Buffer): string {
  return execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-subject', '-nameopt', 'RFC2253'], { input: der, encoding: 'utf8' })
    .replace(/^subject=/, '').trim();
}

function criteriaXml(c: FixtureCriteria): string {
  const parts: string[] = [];
  if (c.keyUsage !== undefined) {
    parts.push(`<ecc:KeyUsage>${Object.entries(c.keyUsage).map(([bit, v]) => `<ecc:KeyUsageBit name="${escapeXml(bit)}">${String(v)}</ecc:KeyUsageBit>`).join('')}</ecc:KeyUsage>`);
  }
  for (const set of c.policySets ?? []) {
    parts.push(`<ecc:PolicySet>${set.map((oid) => `<ecc:PolicyIdentifier><xades:Identifier>urn:oid:${escapeXml(oid)}</xades:Identifier></ecc:PolicyIdentifier>`).join('')}</ecc:PolicySet>`);
  }
  for (const set of c.extendedKeyUsage ?? []) {
    parts.push(`<ecc:otherCriteriaList><tl:ExtendedKeyUsage xmlns:tl="${ADDITIONALTYPES_NS}">${set.map((oid) => `<tl:KeyPurposeId><xades:Identifier>urn:oid:${escapeXml(oid)}</xades:Identifier></tl:KeyPurposeId>`).join('')}</tl:ExtendedKeyUsage></ecc:otherCriteriaList>`);
  }
  for (const l of c.lists ?? []) parts.push(criteriaXml(l));
  return `<ecc:CriteriaList assert="${c.assert ?? 'all'}">${parts.join('')}</ecc:CriteriaList>`;
}

function extensionsXml(p: FixturePeriod): string {
  const ext: string[] = [];
  for (const a of p.additional ?? []) {
    ext.push(`<tsl:Extension Critical="false"><tsl:AdditionalServiceInformation><tsl:URI xml:lang="en">${escapeXml(uri(SVC_INFO_EXT, a))}</tsl:URI></tsl:AdditionalServiceInformation></tsl:Extension>`);
  }
  if (p.qualifications !== undefined && p.qualifications.length > 0) {
    const elements = p.qualifications.map((q) =>
      `<ecc:QualificationElement><ecc:Qualifiers>${q.qualifiers.map((x) => `<ecc:Qualifier uri="${escapeXml(uri(SVC_INFO_EXT, x))}"/>`).join('')}</ecc:Qualifiers>${criteriaXml(q.criteria)}</ecc:QualificationElement>`);
    ext.push(`<tsl:Extension Critical="true"><ecc:Qualifications xmlns:ecc="${ECC_NS}" xmlns:xades="${XADES_NS}">${elements.join('')}</ecc:Qualifications></tsl:Extension>`);
  }
  if (p.expiredCertsRevocationInfo !== undefined) {
    ext.push(`<tsl:Extension Critical="false"><tsl:ExpiredCertsRevocationInfo>${iso(p.expiredCertsRevocationInfo)}</tsl:ExpiredCertsRevocationInfo></tsl:Extension>`);
  }
  return ext.length === 0 ? '' : `<tsl:ServiceInformationExtensions>${ext.join('')}</tsl:ServiceInformationExtensions>`;
}

function serviceXml(s: FixtureService): string {
  const periods = [...s.periods].sort((a, b) => new Date(b.from).getTime() - new Date(a.from).getTime());
  const der = s.certificate === undefined ? undefined : certificateDer(s.certificate);
  const ski = der === undefined ? undefined : skiBase64(der);
  const subject = der === undefined ? undefined : subjectName(der);
  const names = `<tsl:ServiceName><tsl:Name xml:lang="en">${escapeXml(s.name)}</tsl:Name>${s.nameIt === undefined ? '' : `<tsl:Name xml:lang="it">${escapeXml(s.nameIt)}</tsl:Name>`}</tsl:ServiceName>`;
  const idBy = (withCert: boolean): string => {
    const ids: string[] = [];
    if (withCert && der !== undefined) ids.push(`<tsl:DigitalId><tsl:X509Certificate>${der.toString('base64')}</tsl:X509Certificate></tsl:DigitalId>`);
    if (subject !== undefined) ids.push(`<tsl:DigitalId><tsl:X509SubjectName>${escapeXml(subject)}</tsl:X509SubjectName></tsl:DigitalId>`);
    if (ski !== undefined) ids.push(`<tsl:DigitalId><tsl:X509SKI>${ski}</tsl:X509SKI></tsl:DigitalId>`);
    return `<tsl:ServiceDigitalIdentity>${ids.join('')}</tsl:ServiceDigitalIdentity>`;
  };
  const body = (p: FixturePeriod, current: boolean): string =>
    `<tsl:ServiceTypeIdentifier>${escapeXml(uri(SVC_TYPE, p.type ?? s.type))}</tsl:ServiceTypeIdentifier>${names}${idBy(current)}` +
    `<tsl:ServiceStatus>${escapeXml(uri(SVC_STATUS, p.status))}</tsl:ServiceStatus><tsl:StatusStartingTime>${iso(p.from)}</tsl:StatusStartingTime>` +
    extensionsXml(p);
  const [current, ...history] = periods;
  if (current === undefined) throw new Error('a fixture service needs at least one period');
  const hist = history.length === 0 ? '' :
    `<tsl:ServiceHistory>${history.map((p) => `<tsl:ServiceHistoryInstance>${body(p, false)}</tsl:ServiceHistoryInstance>`).join('\n')}</tsl:ServiceHistory>`;
  return `<tsl:TSPService><tsl:ServiceInformation>${body(current, true)}</tsl:ServiceInformation>${hist}</tsl:TSPService>`;
}

function providerXml(p: FixtureProvider): string {
  const trade = (p.tradeNames ?? []).map((t) => `<tsl:Name xml:lang="en">${escapeXml(t)}</tsl:Name>`).join('');
  return `<tsl:TrustServiceProvider><tsl:TSPInformation><tsl:TSPName><tsl:Name xml:lang="en">${escapeXml(p.name)}</tsl:Name></tsl:TSPName>` +
    `${trade === '' ? '' : `<tsl:TSPTradeName>${trade}</tsl:TSPTradeName>`}</tsl:TSPInformation>` +
    `<tsl:TSPServices>\n${p.services.map(serviceXml).join('\n')}\n</tsl:TSPServices></tsl:TrustServiceProvider>`;
}

function pointerXml(p: FixturePointer): string {
  const type = p.type ?? (p.territory === 'EU' ? TSL_TYPE_LOTL : TSL_TYPE_EU_GENERIC);
  const ids = p.signers.map((c) => `<tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>${certificateDer(c).toString('base64')}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>`).join('');
  return `<tsl:OtherTSLPointer><tsl:ServiceDigitalIdentities>${ids}</tsl:ServiceDigitalIdentities><tsl:TSLLocation>${escapeXml(p.location)}</tsl:TSLLocation>` +
    `<tsl:AdditionalInformation><tsl:OtherInformation><tsl:TSLType>${escapeXml(type)}</tsl:TSLType></tsl:OtherInformation>` +
    `<tsl:OtherInformation><tsl:SchemeOperatorName><tsl:Name xml:lang="en">${escapeXml(p.operator ?? `${p.territory} scheme operator`)}</tsl:Name></tsl:SchemeOperatorName></tsl:OtherInformation>` +
    `<tsl:OtherInformation><tsl:SchemeTerritory>${escapeXml(p.territory)}</tsl:SchemeTerritory></tsl:OtherInformation>` +
    `<tsl:OtherInformation><tl:MimeType xmlns:tl="${ADDITIONALTYPES_NS}">${escapeXml(p.mimeType ?? 'application/vnd.etsi.tsl+xml')}</tl:MimeType></tsl:OtherInformation>` +
    `</tsl:AdditionalInformation></tsl:OtherTSLPointer>`;
}

function listXml(o: { type: string; sequence: number; operator: string; territory: string; issued: string | Date; nextUpdate?: string | Date | undefined; pointers: readonly FixturePointer[]; body: string }): string {
  const next = o.nextUpdate === undefined ? '<tsl:NextUpdate/>' : `<tsl:NextUpdate><tsl:dateTime>${iso(o.nextUpdate)}</tsl:dateTime></tsl:NextUpdate>`;
  const pointers = o.pointers.length === 0 ? '' : `<tsl:PointersToOtherTSL>${o.pointers.map(pointerXml).join('\n')}</tsl:PointersToOtherTSL>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<tsl:TrustServiceStatusList xmlns:tsl="${TSL_NS}" xmlns:ecc="${ECC_NS}" xmlns:xades="${XADES_NS}" Id="tsl-fixture" TSLTag="http://uri.etsi.org/19612/TSLTag">\n` +
    `<tsl:SchemeInformation><tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier><tsl:TSLSequenceNumber>${o.sequence}</tsl:TSLSequenceNumber>` +
    `<tsl:TSLType>${escapeXml(o.type)}</tsl:TSLType><tsl:SchemeOperatorName><tsl:Name xml:lang="en">${escapeXml(o.operator)}</tsl:Name>` +
    `<tsl:Name xml:lang="it">${escapeXml(o.operator)} (it)</tsl:Name></tsl:SchemeOperatorName>` +
    `<tsl:SchemeTerritory>${escapeXml(o.territory)}</tsl:SchemeTerritory>\n${pointers}\n` +
    `<tsl:ListIssueDateTime>${iso(o.issued)}</tsl:ListIssueDateTime>${next}</tsl:SchemeInformation>\n${o.body}\n</tsl:TrustServiceStatusList>\n`;
}

/** The unsigned XML of a member state's trusted list (for tests that craft their own variants). */
export function trustedListXml(spec: TrustedListSpec): string {
  return listXml({
    type: TSL_TYPE_EU_GENERIC, sequence: spec.sequence, operator: spec.operator ?? `${spec.territory} supervisory body`,
    territory: spec.territory, issued: spec.issued, nextUpdate: spec.nextUpdate, pointers: [],
    body: `<tsl:TrustServiceProviderList>\n${spec.providers.map(providerXml).join('\n')}\n</tsl:TrustServiceProviderList>`,
  });
}

/** The unsigned XML of a LOTL. */
export function lotlXml(spec: LotlSpec): string {
  const now = new Date();
  return listXml({
    type: TSL_TYPE_LOTL, sequence: spec.sequence, operator: 'European Commission', territory: 'EU',
    issued: spec.issued ?? now, nextUpdate: spec.nextUpdate ?? new Date(now.getTime() + 180 * 86_400_000),
    pointers: spec.pointers, body: '',
  });
}

/**
 * Signs a TrustServiceStatusList document with xmlsec1: inserts a signature template as the document element's
 * last child and lets `xmlsec1 --sign` fill digests, value and certificate.
 */
export function signListXml(xml: string, signer: ListSigner, opts: SignOptions = {}): Buffer {
  const keyPem = readPem(signer.keyPem);
  const certPem = readPem(signer.certPem);
  const keyType = crypto.createPrivateKey(keyPem).asymmetricKeyType;
  const sigAlg = keyType === 'ec' ? 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256' : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  const der = certificateDer(certPem);
  const certDigest = crypto.createHash('sha256').update(der).digest('base64');
  const id = `sig-${crypto.randomBytes(8).toString('hex')}`;
  const signedProps = opts.noSignedProperties === true ? '' :
    `<ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#xades-${id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>`;
  const object = opts.noSignedProperties === true ? '' :
    `<ds:Object><xades:QualifyingProperties xmlns:xades="${XADES_NS}" Target="#${id}"><xades:SignedProperties Id="xades-${id}"><xades:SignedSignatureProperties>` +
    `<xades:SigningTime>${iso(opts.signingTime ?? new Date())}</xades:SigningTime><xades:SigningCertificateV2><xades:Cert><xades:CertDigest>` +
    `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${certDigest}</ds:DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificateV2></xades:SignedSignatureProperties>` +
    `</xades:SignedProperties></xades:QualifyingProperties></ds:Object>`;
  const template = `<ds:Signature xmlns:ds="${DS_NS}" Id="${id}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
    `<ds:SignatureMethod Algorithm="${sigAlg}"/><ds:Reference Id="ref-${id}" URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>` +
    `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>` +
    `${signedProps}</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo>${object}</ds:Signature>`;
  const close = xml.lastIndexOf('</');
  if (close < 0) throw new Error('not an XML document');
  const unsigned = `${xml.slice(0, close)}${template}${xml.slice(close)}`;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-tsl-'));
  try {
    const inFile = path.join(dir, 'in.xml');
    const outFile = path.join(dir, 'out.xml');
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    fs.writeFileSync(inFile, unsigned);
    fs.writeFileSync(keyFile, keyPem, { mode: 0o600 });
    fs.writeFileSync(certFile, certPem);
    try {
      execFileSync('xmlsec1', ['--sign', '--privkey-pem', `${keyFile},${certFile}`, '--id-attr:Id', `${XADES_NS}:SignedProperties`,
        '--output', outFile, inFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: Buffer };
      throw new Error(`xmlsec1 --sign failed: ${String(err.stderr ?? e)}`, { cause: e });
    }
    return fs.readFileSync(outFile);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A member state's trusted list signed by `signer` with xmlsec1. */
export function signedTrustedList(spec: TrustedListSpec, signer: ListSigner, opts: SignOptions = {}): Buffer {
  return signListXml(trustedListXml(spec), signer, opts);
}

/** A LOTL signed by `signer` with xmlsec1. */
export function signedLotl(spec: LotlSpec, signer: ListSigner, opts: SignOptions = {}): Buffer {
  return signListXml(lotlXml(spec), signer, opts);
}

export interface XmlsecVerdict {
  readonly ok: boolean;
  readonly output: string;
}

/** `xmlsec1 --verify` of list bytes with the given certificate's public key only (no KeyInfo trust). */
export function xmlsecVerify(xml: Uint8Array, certPem: Pem): XmlsecVerdict {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-tslv-'));
  try {
    const f = path.join(dir, 'list.xml');
    const c = path.join(dir, 'cert.pem');
    fs.writeFileSync(f, xml);
    fs.writeFileSync(c, readPem(certPem));
    try {
      const out = execFileSync('xmlsec1', ['--verify', '--pubkey-cert-pem', c, '--id-attr:Id', `${XADES_NS}:SignedProperties`, f],
        { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
      return { ok: true, output: out };
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string };
      return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed list-signing certificate made with openssl (RSA 2048 or EC P-256). */
export function makeListSigner(cn: string, ec = false): ListSigner & { dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-tslsigner-'));
  const keyPem = path.join(dir, 'key.pem');
  const certPem = path.join(dir, 'cert.pem');
  const algo = ec ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
  execFileSync('openssl', ['genpkey', ...algo, '-out', keyPem], { stdio: 'ignore' });
  execFileSync('openssl', ['req', '-x509', '-new', '-key', keyPem, '-sha256', '-days', '3650', '-subj', `/C=IT/O=Sigla Test Scheme Operator/CN=${cn}`,
    '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation', '-addext', 'extendedKeyUsage=0.4.0.2231.3.0', '-out', certPem], { stdio: 'ignore' });
  return { keyPem, certPem, dir };
}
