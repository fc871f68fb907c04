/**
 * `sigla trust import` and `sigla verify` with the real lists and real signatures of the shared corpus (issue 12,
 * Acceptance, first bullet), each in a data folder of its own (SIGLA_DATA_DIR):
 *  - IT trusted list sequence 194 imported offline with the AgID certificates (`--signers`), and again through the
 *    LOTL sequence 332 (imported with its signer) so that the IT list needs no `--signers`;
 *  - every file of `tsl/signatures` whose CA `tsl/MANIFEST.tsv` says is in the IT list: `passed` and `QESig` at its
 *    signing time (`--at`, `--offline`), `trustedList` IT with the TSP the MANIFEST names; the seals of
 *    `annotation-and-visible-change.pdf` are qualified seals without QSCD (see below); the Estonian signature of that
 *    file and `cades-double-signing-certificate.p7m` (CA not listed) are not qualified and name no list;
 *  - the ParER files `cades/` the MANIFEST calls "valid at 2013-09-08" verify at that date with IT sequence 141
 *    (through LOTL 248) and no `--trust`;
 *  - an IT list with one byte changed is refused (exit 8) and the list in use stays.
 *
 * Runs only when SIGLA_CORPUS points at the corpus directory:
 *   SIGLA_CORPUS=../shared/corpus node --test dist/test/corpus/trustCli.test.js
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, type CliResult } from '../helpers/cli.js';
import { readManifest, readTsv } from '../helpers/manifest.js';

const CORPUS_ENV = process.env['SIGLA_CORPUS'];
const corpus = CORPUS_ENV ? resolve(CORPUS_ENV) : '';
const tsl = join(corpus, 'tsl');
const skip = !CORPUS_ENV ? 'SIGLA_CORPUS not set' : !existsSync(join(tsl, 'MANIFEST.tsv')) ? 'no tsl/MANIFEST.tsv' : false;

const IT_194 = 'lists/IT_TSL_seq194_2023-09-26.xml';
const IT_141 = 'lists/IT_TSL_seq141_2019-09-04.xml';
const LOTL_332 = 'lists/EU-LOTL_seq332_2023-09-27.xml';
const LOTL_248 = 'lists/EU-LOTL_seq248_2019-09-04.xml';

interface Finding { code: string; params: Record<string, unknown> }
interface Sig {
  signer: string;
  status: string;
  subIndication?: string;
  qualification?: string;
  qualificationReasons?: Finding[];
  trustedList?: { country: string; tsp: string; service: string; status: string };
}
interface Report { status: string; signatures: Sig[] }
interface TrustStatus { lists: { territory: string; isLotl: boolean; sequenceNumber?: number; valid: boolean; reason?: string; services?: number }[] }

function run(args: readonly string[], dataDir: string): CliResult {
  return sigla(args, { env: { ...process.env, SIGLA_DATA_DIR: dataDir } });
}

function json<T>(r: CliResult, what: string): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`${what}: no JSON (exit ${r.status}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
  }
}

function verify(dataDir: string, file: string, at: string, ...extra: string[]): { r: CliResult; report: Report } {
  const r = run(['verify', file, '--offline', '--at', at, '--json', ...extra], dataDir);
  return { r, report: json<Report>(r, `verify ${file}`) };
}

const line = (file: string, s: Sig): string =>
  `${file} | ${s.signer} | ${s.status}${s.subIndication ? `/${s.subIndication}` : ''} | ${s.qualification ?? '-'} | ${s.trustedList ? `${s.trustedList.country} ${s.trustedList.tsp} (${s.trustedList.status})` : '-'} | ${(s.qualificationReasons ?? []).map((f) => f.code).join(',')}`;

/**
 * The files of `tsl/signatures`, with the time to verify at (the CMS signing-time the MANIFEST gives, else the PDF
 * /M in UTC) and what is expected. `tsp` is the TSP name as the IT list spells it (the MANIFEST names it in other
 * cases for InfoCert: compared without case).
 */
const SIGNATURES: readonly { file: string; at: string; listed: boolean; tsp?: string; note?: string }[] = [
  { file: 'OK.txt.p7m', at: '2023-01-12T09:21:06Z', listed: true, tsp: 'Aruba Posta Elettronica Certificata S.p.A.' },
  { file: 'comune-ceva.pdf.p7m', at: '2025-10-01T16:43:49Z', listed: true, tsp: 'Aruba Posta Elettronica Certificata S.p.A.' },
  { file: 'ispra-atto-aggiuntivo.p7m', at: '2022-03-07T14:45:14Z', listed: true, tsp: 'Aruba Posta Elettronica Certificata S.p.A.' },
  // /M 2016-08-12 18:07 and 19:00 (+02): both signatures exist at 17:00Z.
  { file: 'hello_signed_INCSAVE_signed.pdf', at: '2016-08-12T17:00:00Z', listed: true, tsp: 'Aruba Posta Elettronica Certificata S.p.A.' },
  // /M 2018-11-13 16:05 (+01).
  { file: 'adbe_ocsp_signed.pdf', at: '2018-11-13T15:05:00Z', listed: true, tsp: 'InfoCert S.p.A.' },
  // /M D:20200429005504-07'00' of the two seals.
  { file: 'annotation-and-visible-change.pdf', at: '2020-04-29T07:55:04Z', listed: true, tsp: 'Intesi Group S.p.A.', note: 'seals' },
  { file: 'cades-double-signing-certificate.p7m', at: '2024-01-15T12:00:00Z', listed: false, note: 'detached' },
];

const notQualified = (q: string | undefined): boolean => q !== undefined && !/^(Indeterminate )?(QESig|QESeal|AdESig-QC|AdESeal-QC)$/.test(q);

describe('sigla trust import and verify with the real lists of the corpus', { skip }, () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'sigla-corpus-trust-'));
    dirs.push(d);
    return d;
  };
  let it194 = '';
  let rows: Record<string, string>[] = [];
  const table: string[] = [];

  before(() => {
    rows = readTsv(join(tsl, 'MANIFEST.tsv'));
    it194 = fresh();
    const r = run(['trust', 'import', join(tsl, IT_194), '--signers', join(tsl, 'certs', 'IT-tl-signers'), '--json'], it194);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const st = json<TrustStatus>(r, 'trust import');
    const it = st.lists.find((l) => l.territory === 'IT' && !l.isLotl);
    assert.deepEqual([it?.valid, it?.sequenceNumber, it?.services], [true, 194, 451]);
  });
  after(() => {
    console.log(`file | signer | status | qualification | trusted list | reasons\n${table.join('\n')}`);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the table below covers every file of tsl/signatures, and agrees with the MANIFEST on which CAs are listed', () => {
    const inManifest = rows.filter((r) => (r['path'] ?? '').startsWith('signatures/'));
    assert.deepEqual(inManifest.map((r) => (r['path'] ?? '').slice('signatures/'.length)).sort(), SIGNATURES.map((s) => s.file).sort());
    for (const s of SIGNATURES) {
      const notes = inManifest.find((r) => r['path'] === `signatures/${s.file}`)?.['notes'] ?? '';
      assert.equal(/: IN IT TL seq194/.test(notes), s.listed, s.file);
      const named = /\bTSP ([^,]+?S\.p\.A\.)/.exec(notes)?.[1];
      if (named !== undefined) assert.equal(named.toLowerCase(), s.tsp?.toLowerCase(), `${s.file}: the TSP the MANIFEST names`);
    }
  });

  for (const s of SIGNATURES) {
    it(`${s.file} at ${s.at}`, () => {
      const file = join(tsl, 'signatures', s.file);
      const extra: string[] = [];
      if (s.note === 'detached') {
        // The signed content is not in the corpus (DSS's test gives only its SHA-256): any content will do to ask
        // the question here, which is about the certificate and the list, not the document.
        const content = join(fresh(), 'content.bin');
        writeFileSync(content, 'not the signed document\n');
        extra.push('--detached-content', content);
      }
      const { r, report } = verify(it194, file, s.at, ...extra);
      for (const sig of report.signatures) table.push(line(s.file, sig));
      assert.ok(report.signatures.length > 0, s.file);
      // A failed signature has no qualification (NA), whenever it failed (in a PDF: also for changes after it).
      for (const sig of report.signatures) if (sig.status === 'failed') assert.equal(sig.qualification, 'NA', line(s.file, sig));
      if (!s.listed) {
        for (const sig of report.signatures) {
          assert.ok(notQualified(sig.qualification), `${s.file}: ${sig.qualification}`);
          assert.equal(sig.trustedList, undefined);
          assert.ok(sig.qualificationReasons?.some((f) => f.code === 'QC_CA_NOT_LISTED'), JSON.stringify(sig.qualificationReasons));
        }
        return;
      }
      const listed = report.signatures.filter((sig) => sig.trustedList !== undefined);
      if (s.note === 'seals') {
        // Two Adobe Sign seals by the Intesi Group seal CA (CA/QC granted, ForeSeals) and an Estonian signature
        // whose CA is in the EE list, not imported here. The seal certificate has QcCompliance and QcType eseal
        // but no QcSSCD statement, and the Intesi service has no Qualifications extension: per TS 119 615 (and
        // EU DSS's QSCDByCertificatePostEIDAS, which reads QcSSCD only) it is a qualified certificate for seals not
        // on a QSCD: AdESeal-QC, with the reason QC_NO_QSCD. Not QESeal.
        assert.equal(listed.length, 2, 'the two seals');
        for (const sig of listed) {
          assert.equal(sig.status, 'passed', line(s.file, sig));
          assert.equal(sig.qualification, 'AdESeal-QC', line(s.file, sig));
          assert.ok(sig.qualificationReasons?.some((f) => f.code === 'QC_NO_QSCD'));
          assert.equal(sig.trustedList?.country, 'IT');
          assert.equal(sig.trustedList?.tsp.toLowerCase(), s.tsp?.toLowerCase());
          assert.equal(sig.trustedList?.status, 'granted');
        }
        const ee = report.signatures.filter((sig) => sig.trustedList === undefined);
        assert.equal(ee.length, 1, 'the Estonian signature');
        for (const sig of ee) {
          assert.ok(notQualified(sig.qualification), line(s.file, sig));
          assert.ok(sig.qualificationReasons?.some((f) => f.code === 'QC_CA_NOT_LISTED'));
        }
        return;
      }
      assert.equal(r.status, 0, `${s.file}: exit ${r.status}\n${table.join('\n')}`);
      assert.equal(report.status, 'passed');
      for (const sig of report.signatures) {
        assert.equal(sig.status, 'passed', line(s.file, sig));
        assert.equal(sig.qualification, 'QESig', line(s.file, sig));
        assert.equal(sig.trustedList?.country, 'IT');
        assert.ok(/^(granted|accredited)$/.test(sig.trustedList?.status ?? ''), line(s.file, sig));
      }
      // The signer the MANIFEST describes is under the TSP it names (comune-ceva has a second, InfoCamere signer).
      assert.ok(report.signatures.some((sig) => sig.trustedList?.tsp.toLowerCase() === s.tsp?.toLowerCase()), `${s.file}: ${s.tsp ?? ''}`);
    });
  }

  it('the IT list needs no --signers once the LOTL 332 (imported with its signer) points to it', () => {
    const d = fresh();
    const alone = run(['trust', 'import', join(tsl, IT_194), '--json'], d);
    assert.equal(alone.status, 8, 'a TL with no LOTL and no --signers has nothing to be checked with');
    const lotl = run(['trust', 'import', join(tsl, LOTL_332), '--signers', join(tsl, 'certs', 'EU-lotl-signers-seq332'), '--json'], d);
    assert.equal(lotl.status, 0, lotl.stderr + lotl.stdout);
    const r = run(['trust', 'import', join(tsl, IT_194), '--json'], d);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const it = json<TrustStatus>(r, 'trust import').lists.find((l) => l.territory === 'IT' && !l.isLotl && l.valid);
    assert.equal(it?.sequenceNumber, 194);
    const { report } = verify(d, join(tsl, 'signatures', 'OK.txt.p7m'), '2023-01-12T09:21:06Z');
    assert.equal(report.signatures[0]?.qualification, 'QESig');
    // The LOTL signed by a certificate that is not its signer is refused.
    const wrong = run(['trust', 'import', join(tsl, LOTL_332), '--signers', join(tsl, 'certs', 'EU-lotl-signers-seq332', 'kremer_10000000.pem'), '--json'], fresh());
    assert.equal(wrong.status, 8);
  });

  it('an IT list with one byte changed is refused (exit 8) and the list in use stays', () => {
    const xml = readFileSync(join(tsl, IT_194));
    const bad = Buffer.from(xml);
    // One letter of the first TSP's name (inside the signed content).
    const at = bad.indexOf('<TSPName>');
    assert.ok(at > 0);
    const p = bad.indexOf('>', bad.indexOf('<Name', at)) + 1;
    bad[p] = bad[p] === 0x58 ? 0x59 : 0x58;
    const file = join(fresh(), 'TSL-IT.xml');
    writeFileSync(file, bad);
    for (const d of [fresh(), it194]) {
      const r = run(['trust', 'import', file, '--signers', join(tsl, 'certs', 'IT-tl-signers'), '--json'], d);
      assert.equal(r.status, 8, r.stdout + r.stderr);
    }
    const st = json<TrustStatus>(run(['trust', 'status', '--json'], it194), 'trust status');
    assert.ok(st.lists.some((l) => l.territory === 'IT' && l.valid && l.sequenceNumber === 194), 'the good copy is still in use');
    assert.ok(st.lists.some((l) => l.territory === 'IT' && !l.valid && l.reason === 'SIGNATURE_INVALID'), JSON.stringify(st.lists));
  });

  describe('ParER files at 2013-09-08 with IT 141 (through LOTL 248), no --trust', () => {
    let d = '';
    before(() => {
      d = fresh();
      const lotl = run(['trust', 'import', join(tsl, LOTL_248), '--signers', join(tsl, 'certs', 'EU-lotl-signers-seq248'), '--json'], d);
      assert.equal(lotl.status, 0, lotl.stderr + lotl.stdout);
      const it = run(['trust', 'import', join(tsl, IT_141), '--json'], d);
      assert.equal(it.status, 0, it.stderr + it.stdout);
    });
    const parer = skip ? [] : readManifest(corpus).filter((r) => r.rel.startsWith('cades/') && /^valid at (ref date )?2013-09-08/.test(r.expected));
    it('the MANIFEST has the six ParER files valid at 2013-09-08', () => assert.equal(parer.length, 6, parer.map((r) => r.rel).join(', ')));
    for (const row of parer) {
      it(`${row.rel}: passed, every signature's CA found in the IT list`, () => {
        const { r, report } = verify(d, join(corpus, row.rel), '2013-09-08T12:00:00Z');
        for (const sig of report.signatures) table.push(line(row.rel, sig));
        assert.equal(r.status, 0, `${row.rel}: exit ${r.status} ${report.status}`);
        assert.equal(report.status, 'passed');
        for (const sig of report.signatures) {
          assert.equal(sig.trustedList?.country, 'IT', line(row.rel, sig));
          assert.equal(sig.qualification, 'QESig', line(row.rel, sig));
        }
      });
    }
    it('the ParER negative cases stay negative with the list: cades_bes_errore_critto failed, p7m_b64 expired at 2013-09-08', () => {
      const bad = verify(d, join(corpus, 'cades', 'cades_bes_errore_critto.p7m'), '2013-09-08T12:00:00Z');
      assert.equal(bad.r.status, 6);
      assert.equal(bad.report.signatures[0]?.subIndication, 'SIG_CRYPTO_FAILURE');
      assert.equal(bad.report.signatures[0]?.qualification, 'NA');
      const expired = verify(d, join(corpus, 'cades', 'p7m_b64.xml.p7m'), '2013-09-08T12:00:00Z');
      assert.equal(expired.report.status, 'indeterminate');
      assert.equal(expired.report.signatures[0]?.subIndication, 'OUT_OF_BOUNDS_NO_POE');
      for (const x of [bad, expired]) for (const sig of x.report.signatures) table.push(line('(negative)', sig));
    });
  });
});
