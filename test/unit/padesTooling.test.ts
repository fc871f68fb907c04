/**
 * Self-test of the independent PAdES test tooling: the PDF producers (test/helpers/pdfProducers.ts) make valid PDFs
 * whose notes tell the truth, and the PDFBox + Bouncy Castle checker (test/helpers/pdfbox.ts) accepts a signature
 * made by PDFBox itself and rejects a tampered copy. Nothing here touches Sigla's own PDF or CMS code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tool } from '../helpers/cli.js';
import { hasPdfBox, isRevisionEnd, padesCheck, padesCheckMany, pdfBoxMissing, revisionEnds, revisions } from '../helpers/pdfbox.js';
import {
  DETECTABLE_TAGS, PRODUCER_NAMES, PRODUCER_WORDS, makeProducerPdfs, pdfStructureTags, pdfboxSign, producerFailures,
  producerSkips, qpdfCheck, type ProducedPdf,
} from '../helpers/pdfProducers.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';

function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(path.delimiter).some((d) => {
    try {
      fs.accessSync(path.join(d, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const tags = (p: ProducedPdf): string[] => p.notes.split(',').filter((t) => t !== '');

test('PAdES test tooling: producers, qpdf/pdfinfo, PadesCheck, revisions', async (t) => {
  if (!onPath('qpdf')) {
    t.skip('qpdf not installed (Debian package qpdf)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-pades-tooling-'));
  const pki: TestPki = makeTestPki();
  t.after(() => cleanup(dir, pki.dir));

  const produced = await makeProducerPdfs(path.join(dir, 'pdfs'), { pki });
  const byName = new Map(produced.map((p) => [p.name, p]));
  t.diagnostic(`produced: ${produced.map((p) => p.name).join(', ')}`);
  for (const s of producerSkips()) t.diagnostic(`skipped producer ${s}`);

  await t.test('no available producer failed, every producer is made or skipped with a reason', () => {
    assert.deepEqual(producerFailures(), []);
    const skipped = producerSkips().join('\n');
    for (const name of PRODUCER_NAMES) {
      const base = name.startsWith('pdfbox') ? 'pdfbox' : name;
      assert.ok(byName.has(name) || skipped.includes(`${base}:`), `${name} neither produced nor skipped`);
    }
    for (const name of ['pdflib', 'pdflib-objstm', 'incremental', 'qpdf-objstm', 'qpdf-linearized', 'qpdf-pdf20',
      'qpdf-rotated', 'qpdf-encrypted', 'incremental-xrefstm']) {
      assert.ok(byName.has(name), `${name} must always be produced when qpdf is installed`);
    }
  });

  const poppler = onPath('pdfinfo') && onPath('pdftotext');
  const warnings: string[] = [];
  for (const p of produced) {
    await t.test(`${p.name}: qpdf --check, pdfinfo, text, structure matches notes`, async (st) => {
      const q = qpdfCheck(p.file);
      assert.ok(q.status === 0 || q.status === 3, `qpdf --check exited ${q.status}: ${q.output}`);
      if (q.warnings) warnings.push(p.name);

      const probed = pdfStructureTags(p.file);
      const claimed = tags(p).filter((x) => DETECTABLE_TAGS.includes(x));
      assert.deepEqual([...probed].sort(), claimed.sort(), `notes of ${p.name} disagree with its structure`);

      // Its own subtest, so that a machine without poppler counts it as skipped.
      await st.test('pdfinfo and pdftotext', { skip: !poppler && 'pdfinfo/pdftotext not installed (Debian package poppler-utils)' }, () => {
        const info = tool('pdfinfo', [p.file]);
        assert.equal(info.status, 0, info.stderr);
        assert.match(info.stdout, tags(p).includes('two-pages') ? /^Pages:\s+2$/m : /^Pages:\s+[1-9]/m);
        assert.match(info.stdout, tags(p).includes('encrypted-empty-user-password') ? /^Encrypted:\s+yes/m : /^Encrypted:\s+no/m);
        if (tags(p).includes('pdf-2.0')) assert.match(info.stdout, /^PDF version:\s+2\.0$/m);
        if (tags(p).includes('incremental') && p.name.startsWith('incremental')) {
          assert.match(info.stdout, /^Title:\s+Determina n\. 42 - revisione 2$/m, 'the appended revision is the one read');
        }
        const text = tool('pdftotext', ['-enc', 'UTF-8', p.file, '-']);
        assert.equal(text.status, 0, text.stderr);
        for (const w of PRODUCER_WORDS) assert.ok(text.stdout.includes(w), `${p.name}: text lacks '${w}'`);
      });
    });
  }
  // A producer this machine cannot run: its checks are reported as skipped (node's summary counts them).
  for (const name of PRODUCER_NAMES.filter((n) => !byName.has(n))) {
    const base = name.startsWith('pdfbox') ? 'pdfbox' : name;
    const reason = producerSkips().find((s) => s.startsWith(`${base}:`)) ?? `${name} not produced`;
    await t.test(`${name}: qpdf --check, pdfinfo, text, structure matches notes`, { skip: reason }, () => undefined);
  }
  t.diagnostic(`qpdf --check warnings (exit 3): ${warnings.length === 0 ? 'none' : warnings.join(', ')}`);

  await t.test('revisions() / isRevisionEnd()', () => {
    const plain = byName.get('pdflib');
    const inc = byName.get('incremental');
    const incStm = byName.get('incremental-xrefstm');
    assert.ok(plain && inc && incStm);
    assert.deepEqual(revisions(plain.file), [fs.statSync(plain.file).size]);
    const r = revisions(inc.file);
    assert.equal(r.length, 2);
    // pdf-lib ends its file right after '%%EOF' (no EOL), so the update starts with an EOL of its own.
    const plainBytes = fs.readFileSync(plain.file);
    assert.equal(revisionEnds(inc.file)[0]?.eof, plainBytes.length, 'first revision of the update is the original file');
    assert.ok(fs.readFileSync(inc.file).subarray(0, plainBytes.length).equals(plainBytes));
    assert.equal(r[1], fs.statSync(inc.file).size);
    assert.equal(revisions(incStm.file).length, 2);
    const lin = byName.get('qpdf-linearized');
    assert.ok(lin);
    assert.equal(revisions(lin.file).length, 2, 'a linearized file has two %%EOF markers in one revision');
    const buf = fs.readFileSync(inc.file);
    const first = revisionEnds(buf)[0];
    assert.ok(first);
    assert.equal(isRevisionEnd(buf, first.eof), true);
    assert.equal(isRevisionEnd(buf, first.end), true);
    assert.equal(isRevisionEnd(buf, first.eof - 1), false);
    assert.equal(isRevisionEnd(buf, 100), false);
  });

  const pdfboxSkip = !hasPdfBox() ? pdfBoxMissing() : !byName.has('pdfbox-signed') ? 'pdfbox-signed not produced' : false;

  await t.test('PadesCheck accepts the PDFBox-signed files', { skip: pdfboxSkip }, () => {
    const cades = byName.get('pdfbox-signed');
    const pkcs7 = byName.get('pdfbox-signed-pkcs7');
    assert.ok(cades && pkcs7);
    assert.equal(revisions(cades.file).length, 2);
    const [rc, rp] = padesCheckMany([cades.file, pkcs7.file]);
    assert.ok(rc && rp);
    for (const [r, p] of [[rc, cades], [rp, pkcs7]] as const) {
      assert.deepEqual(r.errors, [], JSON.stringify(r));
      assert.equal(r.file, p.file);
      assert.equal(r.pages, 2);
      assert.equal(r.signatureCount, 1);
      assert.equal(r.sigFlags, 3);
      assert.equal(r.encrypted, false);
      const s = r.signatures[0];
      assert.ok(s);
      assert.equal(s.error, null, JSON.stringify(s));
      assert.equal(s.field, 'Signature1');
      assert.equal(s.filter, 'Adobe.PPKLite');
      assert.equal(s.byteRangeStartsAtZero, true);
      assert.equal(s.holeIsExactlyContents, true);
      assert.equal(s.endsAtRevisionEnd, true);
      assert.equal(s.coversWholeFile, true);
      assert.equal(s.cmsValid, true);
      assert.equal(s.messageDigestMatches, true);
      assert.equal(s.contentTypeIsData, true);
      assert.equal(s.encapsulatedContent, false);
      assert.equal(s.digestAlgorithm, SHA256_OID);
      assert.match(s.signerSubject ?? '', /CN=ROSSI MARIO/);
      assert.equal(s.certificateCount, 3, 'signer + intermediate + root from the PKCS#12');
      assert.equal(s.hasTimestamp, false);
      assert.match(s.signingTimeM ?? '', /^D:\d{14}/);
      assert.equal(s.reason, 'Approvazione della determina');
      assert.equal(s.location, 'Roma');
      assert.ok(s.byteRange);
      const [a, b, c, d] = s.byteRange;
      assert.equal(c + d, fs.statSync(p.file).size);
      assert.equal(s.contentsHexLength, c - (a + b) - 2);
      assert.ok(s.cmsLength !== null && s.cmsLength * 2 <= (s.contentsHexLength ?? 0));
      assert.equal(revisions(p.file)[1], c + d);
      assert.equal(s.widgetPageFromP, 0);
    }
    const c = rc.signatures[0];
    const p = rp.signatures[0];
    assert.ok(c && p);
    assert.equal(c.subFilter, 'ETSI.CAdES.detached');
    assert.equal(c.hasSigningTime, false);
    assert.equal(c.hasSigningCertificateV2, true);
    assert.equal(c.signingCertificateV2Matches, true);
    assert.equal(p.subFilter, 'adbe.pkcs7.detached');
    assert.equal(p.hasSigningTime, true);
    assert.match(p.cmsSigningTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(p.hasSigningCertificateV2, false);
    assert.equal(p.signingCertificateV2Matches, null);
    assert.equal(c.timestampValid, null);
  });

  await t.test('PadesCheck verifies a signature-time-stamp and a document time-stamp', { skip: pdfboxSkip }, () => {
    const st = byName.get('pdfbox-signed-t');
    const dts = byName.get('pdfbox-doctimestamp');
    assert.ok(st && dts);
    const [rs, rd] = padesCheckMany([st.file, dts.file]);
    const s = rs?.signatures[0];
    const d = rd?.signatures[0];
    assert.ok(s && d, JSON.stringify([rs, rd]));
    assert.equal(s.error, null, JSON.stringify(s));
    assert.equal(s.cmsValid, true);
    assert.equal(s.hasTimestamp, true);
    assert.equal(s.timestampImprintMatches, true);
    assert.equal(s.timestampValid, true);
    assert.match(s.timestampTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(d.error, null, JSON.stringify(d));
    assert.equal(d.subFilter, 'ETSI.RFC3161');
    assert.equal(d.encapsulatedContent, true);
    assert.equal(d.contentTypeIsData, false);
    assert.equal(d.cmsValid, true);
    assert.equal(d.messageDigestMatches, true);
    assert.equal(d.coversWholeFile && d.holeIsExactlyContents && d.endsAtRevisionEnd && d.byteRangeStartsAtZero, true);
    assert.match(d.signerSubject ?? '', /CN=Sigla Test TSA/);
  });

  await t.test('PadesCheck rejects a tampered copy and flags bytes appended after the signature', { skip: pdfboxSkip }, () => {
    const signed = byName.get('pdfbox-signed');
    assert.ok(signed);
    const orig = fs.readFileSync(signed.file);
    const before = padesCheck(signed.file).signatures[0];
    assert.ok(before?.byteRange);
    // Flip a byte of the binary comment on line 2 (inside the first signed range, harmless to parsers).
    const at = orig.indexOf('\n%') + 2;
    assert.ok(at > 2 && at < before.byteRange[1] && (orig[at] ?? 0) >= 0x80, 'expected a binary comment on line 2');
    const tampered = Buffer.from(orig);
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    const tamperedFile = path.join(dir, 'tampered.pdf');
    fs.writeFileSync(tamperedFile, tampered);

    const appendedFile = path.join(dir, 'appended.pdf');
    fs.writeFileSync(appendedFile, Buffer.concat([orig, Buffer.from('% bytes after the signed revision\n')]));

    const [rt, ra] = padesCheckMany([tamperedFile, appendedFile]);
    assert.ok(rt && ra);
    const st = rt.signatures[0];
    assert.ok(st, JSON.stringify(rt));
    assert.equal(st.holeIsExactlyContents, true);
    assert.ok(st.cmsValid === false || st.messageDigestMatches === false, JSON.stringify(st));
    assert.equal(st.messageDigestMatches, false);
    assert.notEqual(st.error, null);

    const sa = ra.signatures[0];
    assert.ok(sa);
    assert.equal(sa.cmsValid, true);
    assert.equal(sa.coversWholeFile, false);
    assert.equal(sa.endsAtRevisionEnd, true);
  });

  await t.test('a second PDFBox signature on top: two valid signatures, only the last covers the file', { skip: pdfboxSkip }, () => {
    const signed = byName.get('pdfbox-signed');
    assert.ok(signed);
    const twice = path.join(dir, 'signed-twice.pdf');
    pdfboxSign(signed.file, twice, pki.signer, 'adbe.pkcs7.detached');
    assert.equal(revisions(twice).length, 3);
    const r = padesCheck(twice);
    assert.equal(r.signatureCount, 2, JSON.stringify(r));
    const [s1, s2] = r.signatures;
    assert.ok(s1 && s2);
    assert.equal(s1.cmsValid && s2.cmsValid, true);
    assert.equal(s1.coversWholeFile, false);
    assert.equal(s1.endsAtRevisionEnd, true);
    assert.equal(s2.coversWholeFile, true);
    assert.equal(s1.signedBytesSha256, padesCheck(signed.file).signatures[0]?.signedBytesSha256);
  });

  await t.test('PadesCheck loads every produced PDF and never crashes on odd files', { skip: !hasPdfBox() && pdfBoxMissing() }, () => {
    const garbage = path.join(dir, 'garbage.pdf');
    fs.writeFileSync(garbage, 'this is not a PDF\n');
    const truncated = path.join(dir, 'truncated.pdf');
    const src = byName.get('pdfbox-signed') ?? byName.get('pdflib');
    assert.ok(src);
    const full = fs.readFileSync(src.file);
    fs.writeFileSync(truncated, full.subarray(0, Math.floor(full.length * 0.6)));
    const missing = path.join(dir, 'does-not-exist.pdf');

    const files = [...produced.map((p) => p.file), garbage, truncated, missing];
    const reports = padesCheckMany(files);
    assert.equal(reports.length, files.length);
    produced.forEach((p, i) => {
      const r = reports[i];
      assert.ok(r);
      assert.deepEqual(r.errors, [], `${p.name}: ${JSON.stringify(r.errors)}`);
      assert.equal(r.pages, 2, p.name);
      assert.equal(r.encrypted, tags(p).includes('encrypted-empty-user-password'), p.name);
      assert.equal(r.signatureCount, tags(p).includes('already-signed') ? 1 : 0, p.name);
      if (tags(p).includes('pdf-2.0')) assert.equal(r.pdfVersion, '2.0');
    });
    const [rg, rt, rm] = reports.slice(produced.length);
    assert.ok(rg && rt && rm);
    assert.equal(rg.pages, null);
    assert.ok(rg.errors.length > 0);
    assert.ok(rm.errors.some((e) => e.includes('cannot read')));
    // A truncated signed file may or may not load (PDFBox is lenient); either way it is reported, not thrown.
    for (const s of rt.signatures) assert.equal(s.cmsValid && s.coversWholeFile, false);
  });
});
