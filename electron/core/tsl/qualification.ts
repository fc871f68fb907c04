/**
 * Qualification of a signature's certificate from the trusted lists: ETSI TS 119 615 §4.3 and TS 119 172-4 (the
 * "qualification conclusion" EU DSS computes). Inputs: the certificate's qcStatements (EN 319 412-5: QcCompliance,
 * QcSSCD, QcType), key usage / policies / EKU for the Qualifications' CriteriaList (TS 119 612 §5.5.9.2), and the
 * issuing CA/QC service's status, Qualifications and AdditionalServiceInformation (ForeSignatures/ForeSeals) both at
 * issuance (notBefore) and at signing time.
 */
import { children, content, oidString, readTlv } from '../asn1/Ber.js';
import { certificateExtensions } from '../cert/CertificateInfo.js';
import { parseCertificate } from '../cert/parseCertificate.js';
import { finding, type Finding } from '../findings/Finding.js';
import type { CriteriaList, ListedService, Qualification, ServiceStatusPeriod, TrustedListMatch } from './TrustedList.js';
import { caServicesFor, tsaServicesFor } from './serviceMatch.js';
import { isGrantedStatus, periodAt, statusName } from './serviceStatusAt.js';

const EXT = 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/';
const KU_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'crlSign', 'encipherOnly', 'decipherOnly'];

/** What the qualification rules read of a certificate. */
export interface QcFacts {
  readonly qcCompliance: boolean;
  readonly qcSSCD: boolean;
  /** QcType (EN 319 412-5 §4.2.3): esign, eseal, web. */
  readonly qcTypes: readonly ('esign' | 'eseal' | 'web')[];
  readonly keyUsage: ReadonlySet<string>;
  readonly policies: readonly string[];
  readonly eku: readonly string[];
  readonly notBefore: Date;
}

export function qcFacts(cert: Uint8Array): QcFacts {
  const ext = certificateExtensions(cert);
  const qcIds = new Set<string>();
  const qcTypes: ('esign' | 'eseal' | 'web')[] = [];
  const qcs = ext.get('1.3.6.1.5.5.7.1.3');
  for (const st of qcs === undefined ? [] : children(readTlv(qcs))) {
    const [id, info] = children(st);
    if (id === undefined) continue;
    const oid = oidString(id);
    qcIds.add(oid);
    if (oid === '0.4.0.1862.1.6' && info !== undefined) {
      for (const t of children(info)) {
        const v = oidString(t);
        if (v === '0.4.0.1862.1.6.1') qcTypes.push('esign');
        else if (v === '0.4.0.1862.1.6.2') qcTypes.push('eseal');
        else if (v === '0.4.0.1862.1.6.3') qcTypes.push('web');
      }
    }
  }
  const keyUsage = new Set<string>();
  const ku = ext.get('2.5.29.15');
  if (ku !== undefined) {
    const bits = content(readTlv(ku));
    KU_BITS.forEach((name, i) => {
      const byte = bits[1 + (i >> 3)] ?? 0;
      if ((byte & (0x80 >> (i & 7))) !== 0) keyUsage.add(name);
    });
  }
  const pol = ext.get('2.5.29.32');
  const policies = pol === undefined ? [] : children(readTlv(pol)).map((p) => children(p)[0]).filter((x) => x !== undefined).map((x) => oidString(x));
  const ekuExt = ext.get('2.5.29.37');
  const eku = ekuExt === undefined ? [] : children(readTlv(ekuExt)).map((x) => oidString(x));
  return {
    qcCompliance: qcIds.has('0.4.0.1862.1.1'), qcSSCD: qcIds.has('0.4.0.1862.1.4'), qcTypes, keyUsage, policies, eku,
    notBefore: new Date(parseCertificate(cert).validFrom),
  };
}

/** TS 119 612 §5.5.9.2: whether a CriteriaList applies to the certificate. */
export function criteriaMatch(c: CriteriaList, f: QcFacts): boolean {
  const results: boolean[] = [
    ...c.keyUsage.map((set) => set.every((b) => f.keyUsage.has(b.bit) === b.value)),
    ...c.policySets.map((set) => set.every((oid) => f.policies.includes(oid))),
    ...c.extendedKeyUsage.map((set) => set.every((oid) => f.eku.includes(oid))),
    ...c.lists.map((l) => criteriaMatch(l, f)),
  ];
  if (c.assert === 'all') return results.every(Boolean);
  if (c.assert === 'atLeastOne') return results.some(Boolean);
  return !results.some(Boolean);
}

/** The qualifier URIs (last segment) whose criteria match the certificate in a period. */
function qualifiers(p: ServiceStatusPeriod, f: QcFacts): Set<string> {
  const out = new Set<string>();
  for (const q of p.qualifications) if (criteriaMatch(q.criteria, f)) for (const u of q.qualifiers) out.add(u.startsWith(EXT) ? u.slice(EXT.length) : u);
  return out;
}

interface Conclusion { readonly qc: boolean; readonly type: 'sig' | 'seal' | 'wsa'; readonly qscd: boolean }

/** DSS-like conclusion in one period: the certificate's own statements overridden by the list's qualifiers. */
function conclusion(p: ServiceStatusPeriod, f: QcFacts): Conclusion {
  const q = qualifiers(p, f);
  const qc = q.has('QCNotQualified') ? false : q.has('QCStatement') ? true : f.qcCompliance;
  const asi = p.additionalServiceInformation.map((u) => (u.startsWith(EXT) ? u.slice(EXT.length) : u));
  let type: Conclusion['type'] = f.qcTypes.includes('eseal') ? 'seal' : f.qcTypes.includes('web') ? 'wsa' : 'sig';
  if (q.has('QCForESig')) type = 'sig';
  else if (q.has('QCForESeal')) type = 'seal';
  else if (q.has('QCForWSA')) type = 'wsa';
  else if (f.qcTypes.length === 0 && asi.includes('ForeSeals') && !asi.includes('ForeSignatures')) type = 'seal';
  let qscd = f.qcSSCD;
  if (q.has('QCWithSSCD') || q.has('QCWithQSCD') || q.has('QCQSCDManagedOnBehalf')) qscd = true;
  else if (q.has('QCNoSSCD') || q.has('QCNoQSCD')) qscd = false;
  // The service must be meant for that type (ForeSignatures/ForeSeals), when it says.
  const forType = asi.length === 0 || (type === 'sig' ? asi.includes('ForeSignatures') : type === 'seal' ? asi.includes('ForeSeals') : asi.includes('ForWebSiteAuthentication'));
  return { qc: qc && forType, type, qscd };
}

export interface QualifyInput {
  readonly certificate: Uint8Array;
  /** The issuer first, up to the root; the certificate excluded. */
  readonly path: readonly Uint8Array[];
  readonly services: readonly ListedService[];
  readonly signingTime: Date;
  readonly signatureStatus: 'passed' | 'failed' | 'indeterminate';
}

export interface QualifyResult {
  readonly qualification: Qualification;
  readonly trustedList?: TrustedListMatch;
  readonly reasons: readonly Finding[];
}

const name = (c: Conclusion, ok: boolean): Qualification => {
  const kind = c.type === 'seal' ? 'Seal' : 'Sig';
  if (ok && c.qc && c.qscd) return kind === 'Seal' ? 'QESeal' : 'QESig';
  if (ok && c.qc) return kind === 'Seal' ? 'AdESeal-QC' : 'AdESig-QC';
  return kind === 'Seal' ? 'AdESeal' : 'AdESig';
};

export function qualify(input: QualifyInput): QualifyResult {
  const f = qcFacts(input.certificate);
  const reasons: Finding[] = [];
  const fallback: Conclusion = { qc: false, type: f.qcTypes.includes('eseal') ? 'seal' : 'sig', qscd: false };
  const finish = (q: Qualification, match?: TrustedListMatch): QualifyResult => {
    const qualification = input.signatureStatus === 'failed' ? 'NA' : input.signatureStatus === 'indeterminate' && q !== 'NA' ? (`Indeterminate ${q}` as Qualification) : q;
    return { qualification, ...(match === undefined ? {} : { trustedList: match }), reasons };
  };
  const listed = caServicesFor(input.certificate, input.path, input.services).filter((l) => l.service.type.endsWith('/CA/QC'));
  if (listed.length === 0) {
    reasons.push(finding('QC_CA_NOT_LISTED'));
    return finish(name(fallback, false));
  }
  // Prefer a service granted at issuance and at signing time.
  const scored = listed.map((l) => {
    const atIssuance = periodAt(l.service, f.notBefore);
    const atSigning = periodAt(l.service, input.signingTime);
    return { l, atIssuance, atSigning, ok: atIssuance !== undefined && isGrantedStatus(atIssuance.status) && atSigning !== undefined && isGrantedStatus(atSigning.status) };
  });
  const best = scored.find((s) => s.ok) ?? scored[0];
  if (best === undefined) return finish(name(fallback, false));
  const match: TrustedListMatch = { country: best.l.country, tsp: best.l.tsp, service: best.l.service.name, status: statusName(best.atSigning?.status ?? '') || 'unknown' };
  if (best.atIssuance === undefined || !isGrantedStatus(best.atIssuance.status)) {
    reasons.push(finding('QC_CA_NOT_GRANTED_AT_ISSUANCE', { time: f.notBefore.toISOString(), status: statusName(best.atIssuance?.status ?? '') }));
  }
  if (best.atSigning === undefined || !isGrantedStatus(best.atSigning.status)) {
    reasons.push(finding('QC_CA_NOT_GRANTED_AT_SIGNING', { time: input.signingTime.toISOString(), status: statusName(best.atSigning?.status ?? '') }));
  }
  if (!best.ok || best.atIssuance === undefined || best.atSigning === undefined) return finish(name(fallback, false), match);
  const atIssuance = conclusion(best.atIssuance, f);
  const atSigning = conclusion(best.atSigning, f);
  // Qualified status comes from issuance; QSCD must hold at both times (TS 119 615 §4.3, DSS).
  const c: Conclusion = { qc: atIssuance.qc && atSigning.qc, type: atIssuance.type, qscd: atIssuance.qscd && atSigning.qscd };
  if (!c.qc) reasons.push(finding('QC_NOT_QUALIFIED'));
  else if (!c.qscd) reasons.push(finding('QC_NO_QSCD'));
  if (c.type === 'wsa') reasons.push(finding('QC_FOR_WSA'));
  return finish(name(c, c.type !== 'wsa'), match);
}

/** A time-stamp is qualified when its TSA (or the TSA's issuer) is a TSA/QTST service granted at genTime. */
export function timestampQualified(input: { tsaCertificate: Uint8Array; path: readonly Uint8Array[]; services: readonly ListedService[]; genTime: Date }): { qualified: boolean; trustedList?: TrustedListMatch } {
  const hits = tsaServicesFor(input.tsaCertificate, input.path, input.services);
  let first: TrustedListMatch | undefined;
  for (const l of hits) {
    const p = periodAt(l.service, input.genTime);
    const match: TrustedListMatch = { country: l.country, tsp: l.tsp, service: l.service.name, status: statusName(p?.status ?? '') || 'unknown' };
    first ??= match;
    if (l.service.type.endsWith('/TSA/QTST') && p !== undefined && isGrantedStatus(p.status)) return { qualified: true, trustedList: match };
  }
  return first === undefined ? { qualified: false } : { qualified: false, trustedList: first };
}
