/**
 * PAdES B-LT and B-LTA (ETSI EN 319 142-1 §5.4–§5.5) made by `sigla sign --level` with a SoftHSM2 token and by
 * `sigla extend`, against a PKI of its own whose OCSP responder (openssl ocsp, delegated responder) and CRLs
 * (openssl ca -gencrl) answer on loopback, and a TSA (openssl ts) on loopback. Every output is judged by
 * independent tools: the DSS read back with qpdf's JSON, each OCSP response with `openssl ocsp -respin`, each CRL
 * with `openssl crl`, the document time-stamp with `openssl ts -verify` over its ByteRange; pdfsig, PDFBox and
 * `qpdf --check` on every revision; the input a byte prefix of the output.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sha256File, sigla, tool } from '../helpers/cli.js';
import { makeRevocationPki, type RevocationPki } from '../helpers/ocspServer.js';
import { bcCadesLtv } from '../helpers/bcCadesLtv.js';
import { hasPdfBox, padesCheck, revisionEnds } from '../helpers/pdfbox.js';
import { cleanup, hasSoftHsm, makeTestToken, type TestToken } from '../helpers/testPki.js';
import { hasOpenssl, startTsa, type Tsa } from '../helpers/tsaServer.js';

const installed = (cmd: string, arg: string): boolean => tool(cmd, [arg]).status !== -1;
const skip = (!hasSoftHsm() && 'SoftHSM2 not installed') || (!hasOpenssl() && 'openssl not installed') || (!installed('qpdf', '--version') && 'qpdf not installed');
const NO_PDFSIG = !installed('pdfsig', '-v') && 'pdfsig (poppler-utils) not installed';
const NO_PDFBOX = !hasPdfBox() && 'PDFBox or a JDK not installed';
const NO_BC = !hasPdfBox() && 'Bouncy Castle or a JDK not installed';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The objects of a PDF as qpdf sees the whole file (JSON v2, streams inline). */
class QpdfView {
  private readonly objects: Record<string, { value?: Json; stream?: { dict: Record<string, Json>; data?: string } }>;
  constructor(file: string) {
    const r = tool('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', file]);
    assert.ok(r.status === 0 || r.status === 3, r.stderr);
    const j = JSON.parse(r.stdout) as { qpdf: [unknown, Record<string, { value?: Json; stream?: { dict: Record<string, Json>; data?: string } }>] };
    this.objects = j.qpdf[1];
  }
  /** A value with its reference followed ("N 0 R" strings). */
  get(v: Json | undefined): Json | undefined {
    if (typeof v === 'string' && /^\d+ \d+ R$/.test(v)) {
      const o = this.objects[`obj:${v}`];
      return o?.value ?? (o?.stream?.dict as Json | undefined);
    }
    return v;
  }
  dict(v: Json | undefined): Record<string, Json> {
    const d = this.get(v);
    assert.ok(d && typeof d === 'object' && !Array.isArray(d), `not a dictionary: ${JSON.stringify(v)}`);
    return d as Record<string, Json>;
  }
  array(v: Json | undefined): Json[] {
    const a = this.get(v);
    assert.ok(Array.isArray(a), `not an array: ${JSON.stringify(v)}`);
    return a;
  }
  streamData(ref: Json): Buffer {
    assert.equal(typeof ref, 'string');
    const s = this.objects[`obj:${String(ref)}`]?.stream;
    assert.ok(s?.data !== undefined, `not a stream: ${String(ref)}`);
    return Buffer.from(s.data, 'base64');
  }
  catalog(): Record<string, Json> {
    const trailer = this.objects['trailer']?.value as Record<string, Json>;
    return this.dict(trailer['/Root']);
  }
  /** Every signature dictionary reached from the AcroForm's fields (terminal fields with /V). */
  signatures(): Record<string, Json>[] {
    const acro = this.dict(this.catalog()['/AcroForm']);
    return this.array(acro['/Fields']).map((f) => this.dict(f)).filter((f) => f['/V'] !== undefined).map((f) => this.dict(f['/V']));
  }
}

/** A qpdf JSON binary string ("b:HEX") or text string ("u:…") as bytes. */
function stringBytes(v: Json | undefined): Buffer {
  assert.equal(typeof v, 'string');
  const s = String(v);
  return s.startsWith('b:') ? Buffer.from(s.slice(2), 'hex') : Buffer.from(s.slice(2), 'latin1');
}

/** The DER element at the start of `b` (a /Contents value without its zero padding). */
function derPrefix(b: Buffer): Buffer {
  const first = b[1] ?? 0;
  if (first < 0x80) return b.subarray(0, 2 + first);
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (b[2 + i] ?? 0);
  return b.subarray(0, 2 + n + len);
}

interface Dss {
  certs: Buffer[];
  ocsps: Buffer[];
  crls: Buffer[];
  vri: Map<string, { certs: Buffer[]; ocsps: Buffer[]; crls: Buffer[] }>;
}

function readDss(file: string): Dss {
  const q = new QpdfView(file);
  const dss = q.dict(q.catalog()['/DSS']);
  const list = (v: Json | undefined): Buffer[] => (v === undefined ? [] : q.array(v).map((r) => q.streamData(r)));
  const vri = new Map<string, { certs: Buffer[]; ocsps: Buffer[]; crls: Buffer[] }>();
  if (dss['/VRI'] !== undefined) {
    for (const [k, v] of Object.entries(q.dict(dss['/VRI']))) {
      const e = q.dict(v);
      vri.set(k.slice(1), { certs: list(e['/Cert']), ocsps: list(e['/OCSP']), crls: list(e['/CRL']) });
    }
  }
  return { certs: list(dss['/Certs']), ocsps: list(dss['/OCSPs']), crls: list(dss['/CRLs']), vri };
}

function serialOf(pem: string): string {
  return tool('openssl', ['x509', '-in', pem, '-noout', '-serial']).stdout.trim().replace(/^serial=/, '').toUpperCase();
}

function derSerial(der: Buffer, dir: string): string {
  const f = join(dir, 'cert.der');
  writeFileSync(f, der);
  return tool('openssl', ['x509', '-inform', 'DER', '-in', f, '-noout', '-serial']).stdout.trim().replace(/^serial=/, '').toUpperCase();
}

describe('PAdES B-LT / B-LTA: sigla sign --level and sigla extend', { skip }, () => {
  let rev: RevocationPki;
  let tsa: Tsa;
  let token: TestToken;
  let dir: string;
  let doc: string;
  let env: NodeJS.ProcessEnv;
  const base = (): string[] => ['--module', token.module, '--token', token.label, '--cert-id', rev.good.id, '--pin-stdin'];
  const run = (args: string[], input = `${token.pin}\n`) => sigla(args, { input, env });

  before(async () => {
    rev = await makeRevocationPki();
    tsa = await startTsa();
    token = makeTestToken({ label: 'SIGLA-LTV', identities: [rev.good], caCertsDer: [rev.intermediateDer] });
    dir = mkdtempSync(join(tmpdir(), 'sigla-ltv-'));
    // The trust store of Sigla's data folder: the PKI's root and the TSA's (anchors of the paths gathered).
    const data = join(dir, 'data');
    mkdirSync(join(data, 'trust'), { recursive: true });
    copyFileSync(rev.rootPem, join(data, 'trust', 'root.pem'));
    copyFileSync(tsa.caPem, join(data, 'trust', 'tsa-ca.pem'));
    env = { ...token.env, SIGLA_DATA_DIR: data };
    doc = join(dir, 'determina.pdf');
    writeFileSync(doc, readFileSync(join(__dirname, '..', '..', '..', 'resources', 'demo', 'determina.pdf')));
  });
  after(async () => {
    await rev?.close().catch(() => undefined);
    await tsa?.close();
    cleanup(...[token?.dir, dir].filter((d): d is string => d !== undefined));
  });

  /** The checks every long-term output must pass; returns the DSS. */
  function checkLongTerm(out: string, input: string, o: { docTimestamps: number; tsaInDss: boolean }): Dss {
    const bytes = readFileSync(out);
    const original = readFileSync(input);
    assert.ok(bytes.subarray(0, original.length).equals(original), 'the input is a byte prefix of the output');
    const dss = readDss(out);
    // The OCSP responses: each one answers for the signer's serial, good, signed by the delegated responder.
    assert.ok(dss.ocsps.length >= 1, 'an OCSP response in /OCSPs');
    const goodSerial = rev.good.serial.toUpperCase();
    const ocspTexts = dss.ocsps.map((o, i) => {
      const f = join(dir, `ocsp-${i}.der`);
      writeFileSync(f, o);
      const r = tool('openssl', ['ocsp', '-respin', f, '-resp_text', '-noverify']);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    });
    assert.ok(ocspTexts.some((t) => t.includes(`Serial Number: ${goodSerial}`) && /Cert Status: good/.test(t)), `no OCSP response for ${goodSerial}:\n${ocspTexts.join('\n')}`);
    // The intermediate's status comes from the root's CRL (it names no OCSP responder): read by openssl crl.
    assert.ok(dss.crls.length >= 1, 'a CRL in /CRLs');
    const crlIssuers = dss.crls.map((c, i) => {
      const f = join(dir, `crl-${i}.der`);
      writeFileSync(f, c);
      const r = tool('openssl', ['crl', '-inform', 'DER', '-in', f, '-noout', '-issuer']);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    });
    assert.ok(crlIssuers.some((t) => /Sigla Test Revocation Root CA/.test(t)), crlIssuers.join('\n'));
    assert.ok(dss.crls.some((c) => c.equals(readFileSync(rev.rootCrlDer))), 'the root CRL as served');
    // Certificates: the signer's, the intermediate's, the root's, the OCSP responder's, the TSA's.
    const serials = new Set(dss.certs.map((c) => derSerial(c, dir)));
    for (const pem of [rev.good.certPem, rev.intermediatePem, rev.rootPem, rev.responderPem]) assert.ok(serials.has(serialOf(pem)), `certificate ${pem} in /Certs`);
    // The TSA's certificate: of the signature-time-stamp (B-LT at signing) or of the last document time-stamp (renewal).
    assert.equal(serials.has(serialOf(tsa.tsaCertPem)), o.tsaInDss, 'the TSA certificate in /Certs');
    // Each item once.
    for (const list of [dss.certs, dss.ocsps, dss.crls]) assert.equal(new Set(list.map((b) => b.toString('base64'))).size, list.length, 'each DER once');
    // /VRI: the key is SHA-1 of the signature's /Contents (the CMS DER), upper-case hex.
    const q = new QpdfView(out);
    const sigs = q.signatures();
    const cmsSigs = sigs.filter((s) => s['/SubFilter'] === '/ETSI.CAdES.detached');
    assert.ok(cmsSigs.length >= 1);
    const keys = cmsSigs.map((s) => createHash('sha1').update(derPrefix(stringBytes(s['/Contents'])).toString('latin1'), 'latin1').digest('hex').toUpperCase());
    for (const k of keys) {
      const e = dss.vri.get(k);
      assert.ok(e, `VRI entry ${k} (have ${[...dss.vri.keys()].join(', ')})`);
      assert.ok(e.ocsps.length >= 1 && e.crls.length >= 1 && e.certs.length >= 3, 'the VRI entry names its OCSP, CRL and certificates');
    }
    // The document time-stamps: openssl ts -verify over the bytes of their ByteRange.
    const stamps = sigs.filter((s) => s['/SubFilter'] === '/ETSI.RFC3161');
    assert.equal(stamps.length, o.docTimestamps);
    stamps.forEach((s, i) => {
      assert.equal(s['/Type'], '/DocTimeStamp');
      const br = q.array(s['/ByteRange']).map(Number);
      const [a = 0, b = 0, c = 0, d = 0] = br;
      const data = join(dir, `ts-data-${i}`);
      const token = join(dir, `ts-${i}.tst`);
      writeFileSync(data, Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]));
      writeFileSync(token, derPrefix(stringBytes(s['/Contents'])));
      const v = tool('openssl', ['ts', '-verify', '-data', data, '-in', token, '-token_in', '-CAfile', tsa.caPem]);
      assert.equal(v.status, 0, v.stderr + v.stdout);
      assert.match(v.stdout, /Verification: OK/);
    });
    // qpdf --check accepts every revision (each prefix of the file ending at a %%EOF).
    for (const { end } of revisionEnds(bytes)) {
      const f = join(dir, 'revision.pdf');
      writeFileSync(f, bytes.subarray(0, end));
      const c = tool('qpdf', ['--check', f]);
      assert.equal(c.status, 0, `qpdf --check of the revision ending at ${end}: ${c.stdout}${c.stderr}`);
    }
    return dss;
  }

  /**
   * pdfsig lists every signature; each CAdES one must be valid. Poppler does not check RFC 3161 document
   * time-stamps (its type "unknown", "not yet been verified"): for them it only must not report a failure.
   */
  function pdfsigAccepts(out: string, expected: { signatures: number; docTimestamps: number }): void {
    const r = tool('pdfsig', [out]);
    assert.equal(r.status, 0, r.stderr);
    const blocks = r.stdout.split(/^Signature #\d+:$/m).slice(1);
    assert.equal(blocks.length, expected.signatures + expected.docTimestamps, r.stdout);
    const cades = blocks.filter((b) => /Signature Type: ETSI\.CAdES\.detached/.test(b));
    assert.equal(cades.length, expected.signatures, r.stdout);
    for (const b of cades) assert.match(b, /Signature Validation: Signature is Valid\./);
    for (const b of blocks.filter((x) => !cades.includes(x))) {
      assert.match(b, /Signer Certificate Common Name: Sigla Test TSA/);
      assert.match(b, /Signature Validation: (Signature is Valid\.|Signature has not yet been verified\.)/);
    }
    // With a document time-stamp, the last one covers the whole file; without, the DSS revision follows the signature.
    assert.match(blocks[blocks.length - 1] ?? '', expected.docTimestamps > 0 ? /Total document signed/ : /Not total document signed/);
  }

  function pdfboxAccepts(out: string): void {
    const rep = padesCheck(out);
    assert.deepEqual(rep.errors, []);
    for (const s of rep.signatures) {
      assert.equal(s.error, null, JSON.stringify(s));
      assert.equal(s.cmsValid, true, JSON.stringify(s));
      assert.equal(s.holeIsExactlyContents, true);
    }
  }

  it('signs at B-LT: a DSS revision with the OCSP response, the CRL, the certificates and the VRI entry', async (t) => {
    const before = sha256File(doc);
    const r = run(['sign', doc, '--format', 'pades', '--level', 'B-LT', '--tsa', tsa.url, '--out', join(dir, 'lt.pdf'), ...base()]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(sha256File(doc), before, 'input unchanged');
    const out = join(dir, 'lt.pdf');
    checkLongTerm(out, doc, { docTimestamps: 0, tsaInDss: true });
    assert.ok(rev.ocspRequests >= 1, 'the responder was asked');
    await t.test('pdfsig accepts it', { skip: NO_PDFSIG }, () => pdfsigAccepts(out, { signatures: 1, docTimestamps: 0 }));
    await t.test('PDFBox accepts it', { skip: NO_PDFBOX }, () => pdfboxAccepts(out));
    const v = run(['verify', out, '--offline', '--json'], '');
    const report = JSON.parse(v.stdout) as { status: string; signatures: { integrity: string; status: string }[] };
    assert.equal(report.signatures[0]?.integrity, 'valid');
    assert.notEqual(report.status, 'failed', v.stdout);
  });

  it('signs at B-LTA: then a document time-stamp that openssl ts verifies over its ByteRange', async (t) => {
    const r = run(['sign', doc, '--format', 'pades', '--level', 'B-LTA', '--tsa', tsa.url, '--out', join(dir, 'lta.pdf'), ...base()]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const out = join(dir, 'lta.pdf');
    checkLongTerm(out, doc, { docTimestamps: 1, tsaInDss: true });
    await t.test('pdfsig accepts it', { skip: NO_PDFSIG }, () => pdfsigAccepts(out, { signatures: 1, docTimestamps: 1 }));
    await t.test('PDFBox accepts it', { skip: NO_PDFBOX }, () => pdfboxAccepts(out));
  });

  it('extends a B-B signature to B-LTA, then renews it (a second document time-stamp)', async (t) => {
    const bb = join(dir, 'bb.pdf');
    const s = run(['sign', doc, '--format', 'pades', '--out', bb, ...base()]);
    assert.equal(s.status, 0, s.stderr);
    const e = sigla(['extend', bb, '--level', 'B-LTA', '--tsa', tsa.url, '--json'], { env });
    assert.equal(e.status, 0, e.stderr + e.stdout);
    const out = join(dir, 'bb-esteso.pdf');
    assert.equal((JSON.parse(e.stdout) as { output: string }).output, out);
    const dss = checkLongTerm(out, bb, { docTimestamps: 1, tsaInDss: false });
    assert.equal(dss.vri.size, 1);
    await t.test('pdfsig accepts it', { skip: NO_PDFSIG }, () => pdfsigAccepts(out, { signatures: 1, docTimestamps: 1 }));
    await t.test('PDFBox accepts it', { skip: NO_PDFBOX }, () => pdfboxAccepts(out));
    // Renewal: the same command on the extended file adds a DSS for the last time-stamp's TSA and a new time-stamp.
    const again = sigla(['extend', out, '--level', 'B-LTA', '--tsa', tsa.url], { env });
    assert.equal(again.status, 0, again.stderr + again.stdout);
    const renewed = join(dir, 'bb-esteso-2.pdf');
    checkLongTerm(renewed, out, { docTimestamps: 2, tsaInDss: true });
    await t.test('pdfsig accepts the renewal', { skip: NO_PDFSIG }, () => pdfsigAccepts(renewed, { signatures: 1, docTimestamps: 2 }));
  });

  it('extend: B-T on a B-B signature adds a document time-stamp; the output exists → exit 9; --out the input → exit 2', () => {
    const bb = join(dir, 'bt.pdf');
    assert.equal(run(['sign', doc, '--format', 'pades', '--out', bb, ...base()]).status, 0);
    const e = sigla(['extend', bb, '--level', 'B-T', '--tsa', tsa.url], { env });
    assert.equal(e.status, 0, e.stderr);
    const out = join(dir, 'bt-esteso.pdf');
    const q = new QpdfView(out);
    assert.deepEqual(q.signatures().map((s) => s['/SubFilter']), ['/ETSI.CAdES.detached', '/ETSI.RFC3161']);
    assert.ok(readFileSync(out).subarray(0, readFileSync(bb).length).equals(readFileSync(bb)));
    const exists = sigla(['extend', bb, '--level', 'B-T', '--tsa', tsa.url], { env });
    assert.equal(exists.status, 9, exists.stderr);
    const same = sigla(['extend', bb, '--level', 'B-T', '--tsa', tsa.url, '--out', bb, '--force'], { env });
    assert.equal(same.status, 2, same.stderr);
  });

  /** A CAdES output judged by openssl and Bouncy Castle: every signer verifies, the values are there, the archive time-stamps match. */
  function checkCadesLongTerm(file: string, name: string, archives: number): void {
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', rev.rootPem, '-purpose', 'any', '-out', join(dir, `${name}.content`)]);
    assert.equal(v.status, 0, v.stderr);
    assert.ok(readFileSync(join(dir, `${name}.content`)).equals(readFileSync(doc)), 'the content is the document');
    const printed = tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file]);
    assert.match(printed.stdout, /otherRevInfoFormat: .*1\.3\.6\.1\.5\.5\.7\.16\.2/, 'an OCSP response as RFC 5940 other revocation info');
    const out = join(dir, `bc-${name}`);
    mkdirSync(out, { recursive: true });
    const bc = bcCadesLtv(file, out);
    assert.equal(bc.error, null);
    assert.ok(bc.ocsp >= 1 && bc.crls >= 1, `values carried: ${JSON.stringify(bc)}`);
    assert.ok(bc.signers.length >= 1 && bc.signers.every((x) => x.verified));
    for (const x of bc.signers) {
      assert.equal(x.archive.length, archives, 'archive-time-stamp-v3 count');
      for (const a of x.archive) assert.deepEqual([a.tokenValid, a.indexMatches, a.imprintMatches, a.indexVersion], [true, true, true, 3]);
    }
    const ocsp = tool('openssl', ['ocsp', '-respin', join(out, 'ocsp-0.der'), '-resp_text', '-noverify']);
    assert.equal(ocsp.status, 0, ocsp.stderr);
    assert.match(ocsp.stdout, new RegExp(`Serial Number: ${rev.good.serial}`, 'i'));
    assert.match(ocsp.stdout, /Cert Status: good/);
  }

  it('signs CAdES at B-LTA: values in SignedData, an archive-time-stamp-v3 checked by Bouncy Castle', async (t) => {
    if (NO_BC) return t.skip(NO_BC);
    const out = join(dir, 'cades-lta.pdf.p7m');
    const r = run(['sign', doc, '--format', 'cades', '--level', 'B-LTA', '--tsa', tsa.url, '--out', out, ...base()]);
    assert.equal(r.status, 0, r.stderr);
    checkCadesLongTerm(out, 'cades-lta', 1);
  });

  it('extends a CAdES B-B .p7m to B-LTA, then renews it (a second archive time-stamp); signed parts unchanged', async (t) => {
    if (NO_BC) return t.skip(NO_BC);
    const bb = join(dir, 'cades-bb.pdf.p7m');
    assert.equal(run(['sign', doc, '--format', 'cades', '--out', bb, ...base()]).status, 0);
    const e1 = sigla(['extend', bb, '--level', 'B-LTA', '--tsa', tsa.url], { env });
    assert.equal(e1.status, 0, e1.stderr);
    const lta = join(dir, 'cades-bb-esteso.pdf.p7m');
    checkCadesLongTerm(lta, 'cades-ext', 1);
    const e2 = sigla(['extend', lta, '--level', 'B-LTA', '--tsa', tsa.url], { env });
    assert.equal(e2.status, 0, e2.stderr);
    const renewed = join(dir, 'cades-bb-esteso-2.pdf.p7m');
    checkCadesLongTerm(renewed, 'cades-renewed', 2);
    // The original SignerInfo's signature value (the last 256-byte OCTET STRING openssl asn1parse finds in the B-B file)
    // is in both outputs unchanged.
    const dumps = tool('openssl', ['asn1parse', '-inform', 'DER', '-in', bb]).stdout.split('\n').filter((l) => /l= 256 prim: OCTET STRING\s+\[HEX DUMP\]:/.test(l));
    const signature = Buffer.from(dumps[dumps.length - 1]?.split('[HEX DUMP]:')[1]?.trim() ?? '', 'hex');
    assert.equal(signature.length, 256);
    for (const f of [lta, renewed]) assert.ok(readFileSync(f).includes(signature), `the signature value is unchanged in ${f}`);
  });

  it('after signing, the signer is revoked, the responder stops and the certificate expires: B-LTA still passed offline, B-B not', () => {
    const files: Record<string, string> = {
      padesLta: join(dir, 'past-lta.pdf'),
      padesBb: join(dir, 'past-bb.pdf'),
      cadesLta: join(dir, 'past-lta.pdf.p7m'),
      cadesBb: join(dir, 'past-bb.pdf.p7m'),
    };
    for (const [k, out] of Object.entries(files)) {
      const format = k.startsWith('pades') ? 'pades' : 'cades';
      const level = k.endsWith('Lta') ? ['--level', 'B-LTA', '--tsa', tsa.url] : [];
      const r = run(['sign', doc, '--format', format, ...level, '--out', out, ...base()]);
      assert.equal(r.status, 0, r.stderr);
    }
    // Revoked at the CA after signing (the responder and the CRLs would now say so), then verified offline.
    const revoke = tool('openssl', ['ca', '-config', join(rev.dir, 'ca.cnf'), '-name', 'inter_ca', '-revoke', rev.good.certPem, '-crl_reason', 'keyCompromise']);
    assert.equal(revoke.status, 0, revoke.stderr);
    const notAfter = new Date(tool('openssl', ['x509', '-in', rev.good.certPem, '-noout', '-enddate']).stdout.trim().replace(/^notAfter=/, ''));
    assert.ok(!Number.isNaN(notAfter.getTime()));
    const at = new Date(notAfter.getTime() + 30 * 86_400_000).toISOString();
    const verdict = (f: string): { status: string; level: string } => {
      const r = sigla(['verify', f, '--offline', '--at', at, '--trust', rev.rootPem, '--trust', tsa.caPem, '--json'], { env });
      const j = JSON.parse(r.stdout) as { signatures: { status: string; level: string; kind: string }[] } | { signatures: { status: string; level: string; kind: string }[] }[];
      const report = Array.isArray(j) ? j[0] : j;
      const sig = report?.signatures.find((x) => x.kind === 'signer');
      assert.ok(sig, r.stdout + r.stderr);
      return { status: sig.status, level: sig.level };
    };
    assert.deepEqual(verdict(files.padesLta!), { status: 'passed', level: 'B-LTA' });
    assert.deepEqual(verdict(files.cadesLta!), { status: 'passed', level: 'B-LTA' });
    assert.notEqual(verdict(files.padesBb!).status, 'passed');
    assert.notEqual(verdict(files.cadesBb!).status, 'passed');
  });

  it('refuses what it cannot do with coded errors, writing nothing', () => {
    // B-LT/B-LTA need a TSA (usage, exit 2), for CAdES too.
    assert.equal(run(['sign', doc, '--format', 'pades', '--level', 'B-LT', ...base()]).status, 2);
    assert.equal(run(['sign', doc, '--format', 'pades', '--level', 'B-X', '--tsa', tsa.url, ...base()]).status, 2);
    const cades = run(['sign', doc, '--format', 'cades', '--level', 'B-LTA', '--lang', 'it', ...base()]);
    assert.equal(cades.status, 2);
    assert.equal(existsSync(`${doc}.p7m`), false);
    assert.equal(sigla(['extend', doc, '--tsa', tsa.url], { env }).status, 2, 'no --level');
    // A .p7m that is not a CMS object: a bad input (exit 8), nothing written.
    writeFileSync(join(dir, 'x.pdf.p7m'), 'not a signature');
    assert.equal(sigla(['extend', join(dir, 'x.pdf.p7m'), '--level', 'B-LT'], { env }).status, 8);
    assert.equal(existsSync(join(dir, 'x-esteso.pdf.p7m')), false);
    // A PDF without signatures is not a signed file (exit 8); nothing written.
    const plain = sigla(['extend', doc, '--level', 'B-LT'], { env });
    assert.equal(plain.status, 8, plain.stderr);
    assert.equal(existsSync(join(dir, 'determina-esteso.pdf')), false);
  });

  it('B-LT without revocation data for the signer: VALIDATION_DATA_UNAVAILABLE (exit 7), nothing written', async () => {
    // The responder and the CRLs stop answering.
    await rev.close();
    const out = join(dir, 'nodata.pdf');
    const r = run(['sign', doc, '--format', 'pades', '--level', 'B-LT', '--tsa', tsa.url, '--out', out, '--json', ...base()]);
    assert.equal(r.status, 7, r.stdout + r.stderr);
    assert.match(r.stdout, /VALIDATION_DATA_UNAVAILABLE/);
    assert.equal(existsSync(out), false);
  });
});
