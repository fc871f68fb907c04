/**
 * Trusted lists (ETSI TS 119 612): parsing, the XML signature check (verdicts compared with xmlsec1 on the same
 * bytes), hostile input, signature wrapping, and a service's status in time. Lists are built and signed by
 * test/helpers/trustedListFixture.ts with xmlsec1.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { isSiglaError } from '../../electron/shared/errors.js';
import { parseTrustedList } from '../../electron/core/tsl/parseTrustedList.js';
import { grantedAt, isGrantedStatus, periodAt, statusName } from '../../electron/core/tsl/serviceStatusAt.js';
import { caServicesFor, tsaServicesFor } from '../../electron/core/tsl/serviceMatch.js';
import { readSignedTrustedList, verifyListSignature } from '../../electron/core/tsl/verifyListSignature.js';
import type { ListedService } from '../../electron/core/tsl/TrustedList.js';
import { qualify, timestampQualified } from '../../electron/core/tsl/qualification.js';
import {
  certificateDer, makeListSigner, signListXml, signedLotl, signedTrustedList, trustedListXml, xmlsecVerify,
  type ListSigner, type TrustedListSpec,
} from '../helpers/trustedListFixture.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const der = (pemPath: string): Uint8Array => new Uint8Array(new X509Certificate(readFileSync(pemPath)).raw);

describe('trusted lists', () => {
  let pki: TestPki;
  let rsa: ListSigner & { dir: string };
  let ec: ListSigner & { dir: string };
  let other: ListSigner & { dir: string };
  let spec: TrustedListSpec;
  let list: Buffer;

  before(() => {
    pki = makeTestPki();
    rsa = makeListSigner('IT TL signer');
    ec = makeListSigner('IT TL signer EC', true);
    other = makeListSigner('Someone else');
    spec = {
      territory: 'IT', sequence: 194, issued: '2024-01-10T00:00:00Z', nextUpdate: '2024-07-10T00:00:00Z',
      providers: [{
        name: 'Sigla Test Trust Services', tradeNames: ['VATIT-00000000000'],
        services: [
          {
            type: 'CA/QC', name: 'Sigla Test Qualified CA', nameIt: 'CA qualificata di prova', certificate: pki.intermediatePem,
            periods: [
              { status: 'withdrawn', from: '2023-01-01T00:00:00Z', additional: ['ForeSignatures'] },
              { status: 'granted', from: '2016-07-01T00:00:00Z', additional: ['ForeSignatures'],
                qualifications: [{ qualifiers: ['QCWithQSCD'], criteria: { assert: 'atLeastOne', keyUsage: { nonRepudiation: true }, policySets: [['0.4.0.194112.1.2']], extendedKeyUsage: [['1.3.6.1.5.5.7.3.4']] } }] },
              { status: 'accredited', from: '2010-01-01T00:00:00Z', expiredCertsRevocationInfo: '2010-01-01T00:00:00Z' },
            ],
          },
          { type: 'TSA/QTST', name: 'Sigla Test TSA', certificate: pki.signer.certPem, periods: [{ status: 'granted', from: '2018-01-01T00:00:00Z' }] },
        ],
      }],
    };
    list = signedTrustedList(spec, rsa, { signingTime: '2024-01-10T08:00:00Z' });
  });
  after(() => cleanup(pki.dir, rsa.dir, ec.dir, other.dir));

  it('parses providers, services, history, extensions and names', () => {
    const tl = parseTrustedList(list);
    assert.equal(tl.territory, 'IT');
    assert.equal(tl.sequenceNumber, 194);
    assert.equal(tl.isLotl, false);
    assert.equal(tl.issued, '2024-01-10T00:00:00.000Z');
    assert.equal(tl.nextUpdate, '2024-07-10T00:00:00.000Z');
    assert.equal(tl.operator, 'IT supervisory body (it)', 'the Italian name is preferred');
    const [tsp] = tl.providers;
    assert.ok(tsp);
    assert.deepEqual(tsp.tradeNames, ['VATIT-00000000000']);
    const [ca, tsa] = tsp.services;
    assert.ok(ca && tsa);
    assert.equal(ca.type, 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC');
    assert.equal(ca.name, 'CA qualificata di prova');
    assert.deepEqual(Buffer.from(ca.certificates[0] ?? []), Buffer.from(der(pki.intermediatePem)));
    assert.equal(ca.skis.length, 1);
    assert.deepEqual(ca.periods.map((p) => [statusName(p.status), p.from, p.until]), [
      ['withdrawn', '2023-01-01T00:00:00.000Z', undefined],
      ['granted', '2016-07-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z'],
      ['accredited', '2010-01-01T00:00:00.000Z', '2016-07-01T00:00:00.000Z'],
    ]);
    const granted = ca.periods[1];
    assert.deepEqual(granted?.additionalServiceInformation, ['http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures']);
    const q = granted?.qualifications[0];
    assert.deepEqual(q?.qualifiers, ['http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithQSCD']);
    assert.equal(q?.criteria.assert, 'atLeastOne');
    assert.deepEqual(q?.criteria.keyUsage, [[{ bit: 'nonRepudiation', value: true }]]);
    assert.deepEqual(q?.criteria.policySets, [['0.4.0.194112.1.2']]);
    assert.deepEqual(q?.criteria.extendedKeyUsage, [['1.3.6.1.5.5.7.3.4']]);
    assert.equal(ca.periods[2]?.expiredCertsRevocationInfo, '2010-01-01T00:00:00.000Z');
  });

  it('parses a LOTL: pointers with territory, location, type, MIME type and signers', () => {
    const lotl = parseTrustedList(signedLotl({ sequence: 9, pointers: [{ territory: 'IT', location: 'http://127.0.0.1:1/it.xml', signers: [rsa.certPem, ec.certPem] }] }, other));
    assert.equal(lotl.isLotl, true);
    assert.equal(lotl.territory, 'EU');
    const [p] = lotl.pointers;
    assert.equal(p?.territory, 'IT');
    assert.equal(p?.location, 'http://127.0.0.1:1/it.xml');
    assert.equal(p?.type, 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric');
    assert.equal(p?.mimeType, 'application/vnd.etsi.tsl+xml');
    assert.deepEqual(p?.signers.map((s) => Buffer.from(s)), [certificateDer(rsa.certPem), certificateDer(ec.certPem)]);
  });

  it('accepts the signature with the signer certificate, as xmlsec1 does, and returns the XAdES SigningTime', () => {
    assert.equal(xmlsecVerify(list, rsa.certPem).ok, true);
    const r = verifyListSignature(list, [der(other.certPem), der(rsa.certPem)]);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.ok(r.ok);
    assert.deepEqual(Buffer.from(r.signer), certificateDer(rsa.certPem));
    assert.equal(r.signingTime, '2024-01-10T08:00:00.000Z');
    const both = readSignedTrustedList(list, [der(rsa.certPem)]);
    assert.equal(both.list?.providers.length, 1);
  });

  it('accepts an ECDSA-signed list (ecdsa-sha256), as xmlsec1 does', () => {
    const ecList = signedTrustedList(spec, ec);
    assert.equal(xmlsecVerify(ecList, ec.certPem).ok, true);
    assert.equal(verifyListSignature(ecList, [der(ec.certPem)]).ok, true);
  });

  it('refuses a list with one byte changed (SIGNATURE_INVALID); xmlsec1 fails it too', () => {
    const tampered = Buffer.from(list);
    const at = tampered.indexOf('Sigla Test TSA');
    tampered[at] = 'X'.charCodeAt(0);
    assert.equal(xmlsecVerify(tampered, rsa.certPem).ok, false);
    const r = verifyListSignature(tampered, [der(rsa.certPem)]);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'SIGNATURE_INVALID');
  });

  it('refuses a list whose KeyInfo certificate is not an allowed one (SIGNER_NOT_ALLOWED); xmlsec1 with that key fails', () => {
    assert.equal(xmlsecVerify(list, other.certPem).ok, false);
    const r = verifyListSignature(list, [der(other.certPem)]);
    assert.equal(!r.ok && r.reason, 'SIGNER_NOT_ALLOWED');
  });

  it('never takes the key from KeyInfo: without KeyInfo the allowed certificates are tried, a wrong one fails', () => {
    const noKeyInfo = Buffer.from(list.toString('utf8').replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, ''));
    // KeyInfo is outside SignedInfo: removing it leaves the signature intact.
    assert.equal(verifyListSignature(noKeyInfo, [der(other.certPem), der(rsa.certPem)]).ok, true);
    const r = verifyListSignature(noKeyInfo, [der(other.certPem)]);
    assert.equal(!r.ok && r.reason, 'SIGNATURE_INVALID');
    assert.equal(xmlsecVerify(noKeyInfo, other.certPem).ok, false);
  });

  it('refuses a reference that does not cover the whole list (NOT_WHOLE_DOCUMENT)', () => {
    // A list signed over its SchemeInformation only, by xmlsec1 (valid XML-DSig, but not the whole list).
    const xml = trustedListXml(spec).replace('<tsl:SchemeInformation>', '<tsl:SchemeInformation Id="si">');
    const signed = signListXml(xml, rsa, { noSignedProperties: true }).toString('utf8').replace('URI=""', 'URI="#si"');
    const r = verifyListSignature(Buffer.from(signed), [der(rsa.certPem)]);
    assert.equal(!r.ok && r.reason, 'NOT_WHOLE_DOCUMENT');
  });

  it('refuses signature wrapping: a second list inside, or the signature moved', () => {
    const text = list.toString('utf8');
    const sig = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(text)?.[0] ?? '';
    assert.ok(sig.length > 0);
    // The signed list moved into the signature's Object; an attacker's list as the document element.
    const evil = text.replace(sig, '').replace('Sigla Test TSA', 'Evil TSA');
    const inner = evil.replace(/^<\?xml[^>]*>\s*/, '');
    const wrapped = `<?xml version="1.0" encoding="UTF-8"?>\n${inner.replace('</tsl:TrustServiceStatusList>', `${sig.replace('</ds:Signature>', `<ds:Object>${text.replace(/^<\?xml[^>]*>\s*/, '').replace(sig, '')}</ds:Object></ds:Signature>`)}</tsl:TrustServiceStatusList>`)}`;
    const r1 = verifyListSignature(Buffer.from(wrapped), [der(rsa.certPem)]);
    assert.equal(r1.ok, false);
    assert.equal(!r1.ok && r1.reason, 'MALFORMED');
    // The signature moved under SchemeInformation.
    const moved = text.replace(sig, '').replace('</tsl:SchemeInformation>', `${sig}</tsl:SchemeInformation>`);
    const r2 = verifyListSignature(Buffer.from(moved), [der(rsa.certPem)]);
    assert.equal(!r2.ok && r2.reason, 'MALFORMED');
    // No signature at all.
    const r3 = verifyListSignature(Buffer.from(text.replace(sig, '')), [der(rsa.certPem)]);
    assert.equal(!r3.ok && r3.reason, 'NO_SIGNATURE');
  });

  it('refuses DOCTYPE/ENTITY declarations (entity bomb, XXE) quickly with TL_FORMAT', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#">&lol3;</tsl:TrustServiceStatusList>';
    const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>';
    for (const doc of [bomb, xxe]) {
      const t0 = process.hrtime.bigint();
      assert.throws(() => parseTrustedList(Buffer.from(doc)), (e: unknown) => isSiglaError(e) && e.code === 'TL_FORMAT' && e.exitCode === 8);
      assert.ok(Number(process.hrtime.bigint() - t0) < 5e9);
      const r = verifyListSignature(Buffer.from(doc), [der(rsa.certPem)]);
      assert.equal(!r.ok && r.reason, 'MALFORMED');
    }
    for (const bad of ['not xml at all', '<a><b></a>', '<x/>', Buffer.from([0xff, 0xfe, 0x3c])]) {
      assert.throws(() => parseTrustedList(Buffer.from(bad)), (e: unknown) => isSiglaError(e) && e.code === 'TL_FORMAT');
    }
    assert.throws(() => parseTrustedList(Buffer.from(`<a>${'<b>'.repeat(100)}${'</b>'.repeat(100)}</a>`)), (e: unknown) => isSiglaError(e) && e.code === 'TL_FORMAT');
  });

  it('reads a granted-then-withdrawn history at the right time; pre-eIDAS accredited counts as granted', () => {
    const ca = parseTrustedList(list).providers[0]?.services[0];
    assert.ok(ca);
    assert.equal(periodAt(ca, new Date('2009-01-01T00:00:00Z')), undefined);
    assert.equal(grantedAt(ca, new Date('2009-01-01T00:00:00Z')), false);
    assert.equal(statusName(periodAt(ca, new Date('2012-05-05T00:00:00Z'))?.status ?? ''), 'accredited');
    assert.equal(grantedAt(ca, new Date('2012-05-05T00:00:00Z')), true);
    assert.equal(grantedAt(ca, new Date('2020-01-01T00:00:00Z')), true);
    assert.equal(grantedAt(ca, new Date('2022-12-31T23:59:59Z')), true);
    assert.equal(grantedAt(ca, new Date('2023-01-01T00:00:00Z')), false, 'withdrawn from its starting time');
    assert.equal(grantedAt(ca, new Date('2025-01-01T00:00:00Z')), false);
    for (const s of ['undersupervision', 'supervisionincessation', 'accredited', 'setbynationallaw', 'granted', 'recognisedatnationallevel']) {
      assert.equal(isGrantedStatus(`http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/${s}`), true, s);
    }
    for (const s of ['withdrawn', 'deprecatedatnationallevel', 'supervisionrevoked', 'accreditationrevoked']) {
      assert.equal(isGrantedStatus(`http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/${s}`), false, s);
    }
  });

  it('matches a certificate to the CA service of its issuer, and a TSA certificate to its TSA service', () => {
    const tl = parseTrustedList(list);
    const services: ListedService[] = tl.providers.flatMap((p) => p.services.map((service) => ({ country: tl.territory, tsp: p.name, service })));
    const leaf = der(pki.ecSigner.certPem);
    assert.equal(caServicesFor(leaf, [der(pki.intermediatePem), der(pki.rootPem)], services)[0]?.service.name, 'CA qualificata di prova');
    assert.equal(caServicesFor(leaf, [], services)[0]?.service.name, 'CA qualificata di prova', 'by AKI = SKI and issuer name');
    assert.equal(caServicesFor(der(pki.intermediatePem), [der(pki.rootPem)], services).length, 0, 'the root is not listed');
    assert.equal(tsaServicesFor(der(pki.signer.certPem), [der(pki.intermediatePem)], services)[0]?.service.name, 'Sigla Test TSA');
    assert.equal(tsaServicesFor(der(pki.auth.certPem), [der(pki.intermediatePem)], services).length, 0);
  });

  it('qualifies: QESig when granted at issuance and signing, withdrawn → AdESig, QCForESeal → QESeal, failed → NA, indeterminate; QTST at genTime', () => {
    const build = (periods: TrustedListSpec['providers'][number]['services'][number]['periods']): ListedService[] => {
      const tl = parseTrustedList(signedTrustedList({ ...spec, providers: [{ name: 'TSP', services: [
        { type: 'CA/QC', name: 'CA', certificate: pki.intermediatePem, periods },
        { type: 'TSA/QTST', name: 'TSA', certificate: pki.signer.certPem, periods: [{ status: 'granted', from: '2018-01-01T00:00:00Z' }, { status: 'withdrawn', from: '2040-01-01T00:00:00Z' }] },
      ] }] }, rsa));
      return tl.providers.flatMap((p) => p.services.map((service) => ({ country: tl.territory, tsp: p.name, service })));
    };
    const leaf = der(pki.signer.certPem);
    const path = [der(pki.intermediatePem), der(pki.rootPem)];
    const soon = new Date(Date.now() + 86_400_000);
    const granted = build([{ status: 'granted', from: '2016-07-01T00:00:00Z', additional: ['ForeSignatures'] }]);
    const r = qualify({ certificate: leaf, path, services: granted, signingTime: soon, signatureStatus: 'passed' });
    assert.equal(r.qualification, 'QESig');
    assert.deepEqual(r.trustedList, { country: 'IT', tsp: 'TSP', service: 'CA', status: 'granted' });
    assert.equal(qualify({ certificate: leaf, path, services: granted, signingTime: soon, signatureStatus: 'failed' }).qualification, 'NA');
    assert.equal(qualify({ certificate: leaf, path, services: granted, signingTime: soon, signatureStatus: 'indeterminate' }).qualification, 'Indeterminate QESig');
    const withdrawn = build([{ status: 'granted', from: '2016-07-01T00:00:00Z' }, { status: 'withdrawn', from: new Date(Date.now() + 3_600_000) }]);
    const w = qualify({ certificate: leaf, path, services: withdrawn, signingTime: soon, signatureStatus: 'passed' });
    assert.equal(w.qualification, 'AdESig');
    assert.ok(w.reasons.some((f) => f.code === 'QC_CA_NOT_GRANTED_AT_SIGNING'));
    const noQscd = build([{ status: 'granted', from: '2016-07-01T00:00:00Z', qualifications: [{ qualifiers: ['QCNoQSCD'], criteria: { keyUsage: { nonRepudiation: true } } }] }]);
    assert.equal(qualify({ certificate: leaf, path, services: noQscd, signingTime: soon, signatureStatus: 'passed' }).qualification, 'AdESig-QC');
    const seal = build([{ status: 'granted', from: '2016-07-01T00:00:00Z', qualifications: [{ qualifiers: ['QCForESeal'], criteria: { policySets: [['0.4.0.194112.1.2']] } }] }]);
    assert.equal(qualify({ certificate: leaf, path, services: seal, signingTime: soon, signatureStatus: 'passed' }).qualification, 'QESeal');
    assert.equal(qualify({ certificate: der(pki.auth.certPem), path, services: granted, signingTime: soon, signatureStatus: 'passed' }).qualification, 'AdESig');
    assert.equal(timestampQualified({ tsaCertificate: leaf, path, services: granted, genTime: soon }).qualified, true);
    assert.equal(timestampQualified({ tsaCertificate: leaf, path, services: granted, genTime: new Date('2041-01-01T00:00:00Z') }).qualified, false);
    assert.equal(timestampQualified({ tsaCertificate: der(pki.auth.certPem), path, services: granted, genTime: soon }).qualified, false);
  });
});
