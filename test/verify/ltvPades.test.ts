/**
 * Validation in the past of a PAdES signature with the DSS of its document (ETSI EN 319 142-1 §5.4.2) and a document
 * time-stamp after it (§5.4.3): the signature is Sigla's (B-T, test PKI and test TSA), the DSS (certificates, the
 * `openssl ocsp` response, the `openssl ca -gencrl` CRL, a VRI entry) and the document time-stamp are added by
 * PDFBox (test/helpers/java/PdfLtv.java) in revisions of their own. The signer is then revoked, after the time-stamp,
 * and the files are verified offline after the signer's certificate expired.
 * A hostile DSS (pdf-lib) is read within bounds, with a finding.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFArray, PDFDocument, PDFName, PDFNull, PDFNumber } from 'pdf-lib';
import { sigla, tool } from '../helpers/cli.js';
import { makeRevocationPki, type RevocationPki } from '../helpers/ocspServer.js';
import { startTsa, type Tsa } from '../helpers/tsaServer.js';
import { hasPdfLtv, pdfBoxAddDocTimestamp, pdfBoxAddDss } from '../helpers/bcLtv.js';
import { makePdflibPdf } from '../helpers/pdfProducers.js';
import { readPdfDss, DSS_LIMITS } from '../../electron/core/verify/pdfDss.js';

const skip = tool('openssl', ['version']).status !== 0 ? 'openssl missing' : !hasPdfLtv() ? 'PDFBox / Java missing' : false;

interface Finding {
  code: string;
  params: Record<string, string | number>;
}

interface Rep {
  status: string;
  signatures: { status: string; subIndication?: string; level: string; poe?: string; renewalDue?: string; timestamps: { time: string }[]; warnings: Finding[]; problems: Finding[] }[];
  timestamps?: { time: string; trusted: boolean }[];
}

const ok = (r: { status: number; stderr: string }): void => assert.equal(r.status, 0, r.stderr);

describe('long-term validation of PAdES with a DSS and a document time-stamp', { skip }, () => {
  let pki: RevocationPki;
  let tsa: Tsa;
  const f = (name: string): string => join(pki.dir, name);
  const later = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString();

  before(async () => {
    pki = await makeRevocationPki();
    tsa = await startTsa();
    writeFileSync(f('atto.pdf'), await makePdflibPdf({ useObjectStreams: false }));
    const s = sigla(['sign', f('atto.pdf'), '--format', 'pades', '--p12', pki.good.p12, '--pin-stdin', '--tsa', tsa.url, '--out', f('bt.pdf')], { input: `${pki.good.p12Password}\n` });
    assert.equal(s.status, 0, s.stderr);
    await new Promise((r) => setTimeout(r, 1100));
    const cnf = f('ca.cnf');
    ok(tool('openssl', ['ca', '-config', cnf, '-name', 'root_ca', '-gencrl', '-out', f('root-now.crl.pem')]));
    ok(tool('openssl', ['crl', '-in', f('root-now.crl.pem'), '-outform', 'DER', '-out', f('root-now.crl')]));
    ok(tool('openssl', ['ocsp', '-issuer', pki.intermediatePem, '-cert', pki.good.certPem, '-url', pki.url, '-respout', f('good.ocsp'), '-noverify']));
    pdfBoxAddDss(f('bt.pdf'), f('lt.pdf'), { certs: [pki.intermediateDer, pki.rootDer], ocsps: [f('good.ocsp')], crls: [f('root-now.crl')] });
    pdfBoxAddDocTimestamp(f('lt.pdf'), f('lta.pdf'), tsa.url);
    ok(tool('openssl', ['ca', '-config', cnf, '-name', 'inter_ca', '-revoke', pki.good.certPem, '-crl_reason', 'keyCompromise']));
  });
  after(async () => {
    await pki?.close();
    await tsa?.close();
  });

  const verify = (file: string, ...extra: string[]): { code: number; rep: Rep } => {
    const r = sigla(['verify', f(file), '--trust', pki.rootPem, '--trust', tsa.caPem, '--offline', '--json', ...extra]);
    return { code: r.status, rep: JSON.parse(r.stdout) as Rep };
  };

  it('PDFBox\'s revisions are sound for qpdf', () => {
    for (const x of ['lt.pdf', 'lta.pdf']) assert.equal(tool('qpdf', ['--check', f(x)]).status, 0, x);
  });

  it('the DSS makes the signature passed at B-LT after the certificate expired', () => {
    const { code, rep } = verify('lt.pdf', '--at', later);
    const s = rep.signatures[0];
    assert.equal(code, 0, JSON.stringify(rep));
    assert.equal(s?.level, 'B-LT');
    assert.equal(s?.poe, s?.timestamps[0]?.time);
    assert.equal(s?.renewalDue, undefined);
    assert.deepEqual(s?.warnings.filter((w) => w.code === 'REVOCATION_FROM_FILE').map((w) => w.params['source']), ['OCSP', 'CRL']);
  });

  it('with a document time-stamp after the DSS: B-LTA, renewal due 90 days before the TSA certificate expires', () => {
    const { code, rep } = verify('lta.pdf', '--at', later);
    const s = rep.signatures[0];
    assert.equal(code, 0, JSON.stringify(rep));
    assert.equal(s?.level, 'B-LTA');
    assert.equal(rep.timestamps?.length, 1);
    const end = tool('openssl', ['x509', '-in', tsa.tsaCertPem, '-noout', '-enddate']).stdout.trim().replace(/^notAfter=/, '');
    assert.equal(s?.renewalDue, new Date(new Date(end).getTime() - 90 * 86_400_000).toISOString());
    // Two years on, the test TSA's certificate (one year) has expired: the renewal is due; today it is not.
    assert.ok(s?.warnings.some((w) => w.code === 'LTA_RENEWAL_DUE' && w.params['time'] === s.renewalDue), JSON.stringify(s?.warnings));
    const today = verify('lta.pdf');
    assert.equal(today.code, 0, JSON.stringify(today.rep));
    assert.ok(!today.rep.signatures[0]?.warnings.some((w) => w.code === 'LTA_RENEWAL_DUE'));
    // The text report says it in Italian.
    const text = sigla(['verify', f('lta.pdf'), '--trust', pki.rootPem, '--trust', tsa.caPem, '--offline', '--at', later]);
    assert.match(text.stdout, /Livello della firma: B-LTA/);
    assert.match(text.stdout, /Rinnovo della marcatura entro il \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \(ora italiana\)/);
  });

  it('without the DSS the same signature stays B-T after the expiry, the missing revocation data said', () => {
    const { code, rep } = verify('bt.pdf', '--at', later);
    assert.equal(code, 0, JSON.stringify(rep));
    assert.equal(rep.signatures[0]?.level, 'B-T');
    assert.ok(rep.signatures[0]?.warnings.some((w) => w.code === 'LTV_REVOCATION_DATA_MISSING'));
  });
});

describe('a hostile DSS is read within bounds', () => {
  it('entries of the wrong type and too many items give what can be read and PDF_DSS_UNREADABLE', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const ctx = doc.context;
    const many = PDFArray.withContext(ctx);
    for (let i = 0; i < DSS_LIMITS.itemsPerArray + 5; i++) many.push(PDFNull);
    const cert = ctx.register(ctx.flateStream(readFileSync(join(__dirname, '..', '..', '..', 'package.json'))));
    const certs = PDFArray.withContext(ctx);
    certs.push(cert);
    doc.catalog.set(PDFName.of('DSS'), ctx.obj({ Certs: certs, OCSPs: many, CRLs: PDFNumber.of(7), VRI: PDFNumber.of(1) }));
    const loaded = await PDFDocument.load(await doc.save());
    const dss = readPdfDss(loaded);
    assert.equal(dss.all.certificates.length, 1);
    assert.equal(dss.all.ocspResponses.length, 0);
    assert.deepEqual(dss.problems.map((p) => p.code), ['PDF_DSS_UNREADABLE']);
  });
});
