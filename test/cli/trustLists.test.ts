/**
 * Trusted lists end to end through the `sigla` command: a LOTL → TL built and signed in the test (xmlsec1, see
 * helpers/trustedListFixture.ts), served on loopback; `trust update`, `trust import`, `trust status`, and `verify`
 * of signatures made in the test (Sigla with a PKCS#12 identity and an openssl TSA; openssl cms for a signature
 * without signing time). The test PKI's CA is listed as CA/QC and its TSA as TSA/QTST.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla } from '../helpers/cli.js';
import { startListServer, type ListServer } from '../helpers/listServer.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';
import { startTsa, type Tsa } from '../helpers/tsaServer.js';
import { makeListSigner, signedLotl, signedTrustedList, xmlsecVerify, type FixturePeriod, type ListSigner } from '../helpers/trustedListFixture.js';

const DAY = 86_400_000;

describe('sigla trust update / import / status, and verify with the lists', () => {
  let pki: TestPki;
  let tsa: Tsa;
  let srv: ListServer;
  let tlSigner: ListSigner & { dir: string };
  let lotlSigner: ListSigner & { dir: string };
  let stranger: ListSigner & { dir: string };
  let dir: string;
  let stamped: string;
  let noTime: string;
  const now = Date.now();
  const env = (name: string): NodeJS.ProcessEnv => ({ ...process.env, SIGLA_DATA_DIR: join(dir, name), LANG: 'it_IT.UTF-8', NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' });

  const tl = (caPeriods: readonly FixturePeriod[], sequence = 7, nextUpdate: Date = new Date(now + 180 * DAY), issued: Date = new Date(now - DAY)): Buffer =>
    signedTrustedList(
      {
        territory: 'IT',
        sequence,
        issued,
        nextUpdate,
        providers: [
          {
            name: 'Sigla Test Trust Services S.p.A.',
            services: [
              { type: 'CA/QC', name: 'Sigla Test Qualified CA', certificate: pki.intermediatePem, periods: caPeriods },
              { type: 'TSA/QTST', name: 'Sigla Test TSA', certificate: tsa.tsaCertPem, periods: [{ status: 'granted', from: '2016-07-01T00:00:00Z' }] },
            ],
          },
        ],
      },
      tlSigner,
    );
  const granted: FixturePeriod[] = [{ status: 'granted', from: '2016-07-01T00:00:00Z', additional: ['ForeSignatures'] }];
  const lotl = (itLocation: string, itSigners: readonly string[] = [tlSigner.certPem], sequence = 300): Buffer =>
    signedLotl(
      {
        sequence,
        issued: new Date(now - DAY),
        nextUpdate: new Date(now + 180 * DAY),
        pointers: [
          { territory: 'EU', location: `${srv.base}/lotl.xml`, signers: [lotlSigner.certPem] },
          { territory: 'IT', location: itLocation, signers: itSigners },
        ],
      },
      lotlSigner,
    );

  const update = (name: string): ReturnType<typeof sigla> => sigla(['trust', 'update', '--lotl', `${srv.base}/lotl.xml`, '--lotl-signers', lotlSigner.certPem, '--json'], { env: env(name) });
  const verify = (name: string, file: string, extra: readonly string[] = []): { status: number; report: Record<string, unknown> & { signatures: Record<string, unknown>[] } } => {
    const r = sigla(['verify', file, '--offline', '--json', ...extra], { env: env(name) });
    return { status: r.status ?? -1, report: JSON.parse(r.stdout) as Record<string, unknown> & { signatures: Record<string, unknown>[] } };
  };

  before(async () => {
    pki = makeTestPki();
    tsa = await startTsa({});
    srv = await startListServer();
    tlSigner = makeListSigner('Sigla Test IT TL signer');
    lotlSigner = makeListSigner('Sigla Test LOTL signer');
    stranger = makeListSigner('Not named by the LOTL');
    dir = mkdtempSync(join(tmpdir(), 'sigla-trustcli-'));
    writeFileSync(join(dir, 'determina.txt'), 'Determina n. 12 — affidamento del servizio\n');
    const s = sigla(['sign', join(dir, 'determina.txt'), '--p12', pki.signer.p12, '--pin-stdin', '--tsa', tsa.url], { input: `${pki.signer.p12Password}\n`, env: env('signing') });
    assert.equal(s.status, 0, s.stderr);
    stamped = join(dir, 'determina.txt.p7m');
    // No signed attributes at all (openssl -noattr): no claimed signing time, so --at is the time that matters.
    noTime = join(dir, 'senza-ora.p7m');
    execFileSync('openssl', ['cms', '-sign', '-binary', '-nodetach', '-noattr', '-in', join(dir, 'determina.txt'), '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-certfile', pki.intermediatePem, '-outform', 'DER', '-out', noTime]);
  });
  after(async () => {
    srv?.close();
    await tsa?.close();
    cleanup(pki.dir, tlSigner.dir, lotlSigner.dir, stranger.dir, dir);
  });

  it('update fetches LOTL → TL; verify gives passed, QESig and a qualified time-stamp', () => {
    srv.set('/tl-it.xml', tl(granted));
    srv.set('/lotl.xml', lotl(`${srv.base}/tl-it.xml`));
    const u = update('good');
    assert.equal(u.status, 0, u.stderr);
    const st = JSON.parse(u.stdout) as { lists: { territory: string; isLotl: boolean; valid: boolean; sequenceNumber: number; services?: number }[] };
    assert.ok(st.lists.some((l) => l.isLotl && l.valid && l.sequenceNumber === 300));
    assert.ok(st.lists.some((l) => l.territory === 'IT' && !l.isLotl && l.valid && l.sequenceNumber === 7 && l.services === 2));
    const v = verify('good', stamped);
    assert.equal(v.status, 0, JSON.stringify(v.report));
    const sig = v.report.signatures[0] as { status: string; qualification: string; trustedList: { country: string; tsp: string; status: string }; timestamps: { qualified: boolean }[] };
    assert.equal(sig.status, 'passed');
    assert.equal(sig.qualification, 'QESig');
    assert.equal(sig.trustedList.country, 'IT');
    assert.equal(sig.trustedList.tsp, 'Sigla Test Trust Services S.p.A.');
    assert.equal(sig.timestamps[0]?.qualified, true);
    assert.equal(v.report['trustNotes'], undefined);
    const text = sigla(['trust', 'status'], { env: env('good') });
    assert.equal(text.status, 0);
    assert.match(text.stdout, /Elenco IT: VALIDO, in uso/);
    assert.match(text.stdout, /ora italiana/);
  });

  it('without lists: no qualification from --trust anchors, and the report says lists are missing', () => {
    const v = verify('empty', stamped, ['--trust', pki.rootPem]);
    assert.equal(v.status, 0, JSON.stringify(v.report));
    assert.notEqual(v.report.signatures[0]?.['qualification'], 'QESig');
    assert.deepEqual((v.report['trustNotes'] as { code: string }[]).map((n) => n.code), ['TRUSTED_LISTS_MISSING']);
  });

  it('a CA withdrawn before the signing time gives no QESig', () => {
    srv.set('/tl-it.xml', tl([{ status: 'withdrawn', from: new Date(now - 2 * DAY) }, ...granted]));
    srv.set('/lotl.xml', lotl(`${srv.base}/tl-it.xml`));
    assert.equal(update('withdrawn').status, 0);
    const sig = verify('withdrawn', stamped).report.signatures[0] as { qualification?: string; trustedList?: { status: string } };
    assert.notEqual(sig.qualification, 'QESig');
    assert.equal(sig.trustedList?.status, 'withdrawn');
  });

  it('a granted-then-withdrawn history is read at the time that matters (--at before / after)', () => {
    const withdrawnFrom = new Date(now + 20 * DAY);
    srv.set('/tl-it.xml', tl([{ status: 'withdrawn', from: withdrawnFrom }, ...granted]));
    srv.set('/lotl.xml', lotl(`${srv.base}/tl-it.xml`));
    assert.equal(update('history').status, 0);
    const before = verify('history', noTime, ['--at', new Date(now + 10 * DAY).toISOString()]).report.signatures[0] as { qualification?: string; trustedList?: { status: string } };
    assert.equal(before.qualification, 'QESig', JSON.stringify(before));
    assert.equal(before.trustedList?.status, 'granted');
    const afterW = verify('history', noTime, ['--at', new Date(now + 30 * DAY).toISOString()]).report.signatures[0] as { qualification?: string; trustedList?: { status: string } };
    assert.notEqual(afterW.qualification, 'QESig');
    assert.equal(afterW.trustedList?.status, 'withdrawn');
  });

  it('a TL with one byte changed is refused (xmlsec1 agrees); the good copy stays in use', () => {
    const good = tl(granted, 8);
    srv.set('/tl-it.xml', good);
    srv.set('/lotl.xml', lotl(`${srv.base}/tl-it.xml`));
    assert.equal(update('tamper').status, 0);
    const bad = Buffer.from(tl(granted, 9));
    const at = bad.indexOf('Sigla Test Qualified CA');
    bad[at] = 'Z'.charCodeAt(0);
    assert.equal(xmlsecVerify(bad, tlSigner.certPem).ok, false);
    assert.equal(xmlsecVerify(good, tlSigner.certPem).ok, true);
    srv.set('/tl-it.xml', bad);
    const u = update('tamper');
    assert.equal(u.status, 8, u.stderr);
    const st = JSON.parse(sigla(['trust', 'status', '--json'], { env: env('tamper') }).stdout) as { lists: { territory: string; valid: boolean; reason?: string; sequenceNumber?: number; inUseSequenceNumber?: number }[] };
    const refused = st.lists.find((l) => l.territory === 'IT' && !l.valid);
    assert.equal(refused?.reason, 'SIGNATURE_INVALID');
    assert.equal(refused?.inUseSequenceNumber, 8);
    assert.ok(st.lists.some((l) => l.territory === 'IT' && l.valid && l.sequenceNumber === 8));
    const text = sigla(['trust', 'status'], { env: env('tamper') }).stdout;
    assert.match(text, /RIFIUTATO/);
  });

  it('a tampered TL in an empty cache gives no qualification at all', () => {
    const bad = Buffer.from(tl(granted, 9));
    bad[bad.indexOf('Sigla Test TSA')] = 'X'.charCodeAt(0);
    srv.set('/tl-it.xml', bad);
    srv.set('/lotl.xml', lotl(`${srv.base}/tl-it.xml`));
    assert.equal(update('tamper-empty').status, 8);
    const v = verify('tamper-empty', stamped);
    const sig = v.report.signatures[0] as { qualification?: string; trustedList?: unknown; status: string };
    assert.notEqual(sig.qualification, 'QESig');
    assert.equal(sig.trustedList, undefined);
    assert.equal(sig.status, 'indeterminate');
  });

  it('a TL signed by a certificate its LOTL pointer does not name is refused (xmlsec1: its own signature is fine)', () => {
    const other = signedTrustedList({ territory: 'IT', sequence: 10, issued: new Date(now - DAY), nextUpdate: new Date(now + 90 * DAY), providers: [] }, stranger);
    assert.equal(xmlsecVerify(other, stranger.certPem).ok, true);
    assert.equal(xmlsecVerify(other, tlSigner.certPem).ok, false);
    srv.set('/tl-it.xml', other);
    srv.set('/lotl.xml', lotl(`${srv.base}/tl-it.xml`));
    const u = update('stranger');
    assert.equal(u.status, 8, u.stderr);
    const st = JSON.parse(u.stdout) as { lists: { territory: string; valid: boolean; reason?: string }[] };
    assert.ok(['SIGNER_NOT_ALLOWED', 'SIGNATURE_INVALID'].includes(st.lists.find((l) => l.territory === 'IT')?.reason ?? ''));
  });

  it('offline import: a TL with --signers, then verify; without signers and no LOTL it is refused (exit 8)', () => {
    const file = join(dir, 'TSL-IT.xml');
    writeFileSync(file, tl(granted, 11));
    const refused = sigla(['trust', 'import', file, '--json'], { env: env('import') });
    assert.equal(refused.status, 8, refused.stderr);
    const ok = sigla(['trust', 'import', file, '--signers', tlSigner.certPem, '--json'], { env: env('import') });
    assert.equal(ok.status, 0, ok.stderr);
    const sig = verify('import', stamped).report.signatures[0] as { qualification?: string };
    assert.equal(sig.qualification, 'QESig');
    // A LOTL imported first: a TL then needs no --signers (its pointer names them).
    const lotlFile = join(dir, 'eu-lotl.xml');
    writeFileSync(lotlFile, lotl('https://example.invalid/tl-it.xml'));
    const both = sigla(['trust', 'import', file, lotlFile, '--json'], { env: env('import2') });
    // The LOTL itself is checked against the pinned EU signers, which did not sign this test LOTL.
    assert.equal(both.status, 8, both.stderr);
    const withSigners = sigla(['trust', 'import', lotlFile, '--signers', lotlSigner.certPem], { env: env('import3') });
    assert.equal(withSigners.status, 0, withSigners.stderr);
    const tlOnly = sigla(['trust', 'import', file], { env: env('import3') });
    assert.equal(tlOnly.status, 0, tlOnly.stderr);
  });

  it('a list past its NextUpdate is used, with a warning that says how many days old', () => {
    srv.set('/tl-it.xml', tl(granted, 12, new Date(now - 10 * DAY - 3600_000), new Date(now - 200 * DAY)));
    srv.set('/lotl.xml', lotl(`${srv.base}/tl-it.xml`));
    assert.equal(update('stale').status, 0);
    const v = verify('stale', stamped);
    assert.equal((v.report.signatures[0] as { qualification?: string }).qualification, 'QESig');
    const note = (v.report['trustNotes'] as { code: string; params: { territory: string; days: number } }[]).find((n) => n.code === 'TRUSTED_LIST_STALE');
    assert.deepEqual([note?.params.territory, note?.params.days], ['IT', 10]);
    const text = sigla(['verify', stamped, '--offline'], { env: env('stale') }).stdout;
    assert.match(text, /scaduto da 10 giorni/);
  });

  it('a download failure exits 14 and is shown; a non-list is refused with exit 8', () => {
    const down = sigla(['trust', 'update', '--lotl', 'http://127.0.0.1:1/lotl.xml', '--lotl-signers', lotlSigner.certPem, '--json'], { env: env('down') });
    assert.equal(down.status, 14, down.stderr);
    assert.equal((JSON.parse(down.stdout) as { error: { code: string } }).error.code, 'TL_DOWNLOAD');
    assert.match(sigla(['trust', 'status'], { env: env('down') }).stdout, /NON SCARICATO/);
    srv.set('/garbage.xml', Buffer.from('<html>not a list</html>'));
    const garbage = sigla(['trust', 'update', '--lotl', `${srv.base}/garbage.xml`, '--lotl-signers', lotlSigner.certPem], { env: env('garbage') });
    assert.equal(garbage.status, 8, garbage.stderr);
    assert.deepEqual((JSON.parse(readFileSync(join(dir, 'garbage', 'trusted-lists', 'state.json'), 'utf8')) as { lists: unknown[] }).lists, []);
  });
});
