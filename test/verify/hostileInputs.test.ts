/**
 * Hostile and odd inputs (issue 11, items 3 and 4): each is refused with a coded outcome (exit 8) in bounded time
 * and memory — a device, a FIFO nobody writes to, a folder, an empty, a missing and a plain text file; PDFs made
 * here with cross-reference streams whose /W, /Index or /Size would take minutes or gigabytes, 100,000 nested
 * arrays (in an object and in the trailer), an object stream that inflates to 300 MB; BER with impossible lengths
 * and 100,000 nested indefinite-length values; a .m7m of 10,000 parts. Each run is limited to 30 s and its peak RSS
 * (GNU time / getrusage) must stay under 1 GB. Several files: each gets its own outcome, the exit is the worst.
 * `sign` of an unparseable PDF: exit 8 and no output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { siglaMeasured } from '../helpers/measured.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const LIMIT_MS = 30_000;
const LIMIT_MIB = 1024;

interface ErrorReport {
  file: string;
  status: string;
  error?: { code: string; exitCode: number; params: Record<string, string | number>; message: string };
  signatures: { status: string }[];
}

/** A PDF with the given indirect objects (`n 0 obj … endobj`) and a classic xref table, or an xref stream. */
function pdfWith(objects: readonly (string | Buffer)[], trailerExtra = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let len = parts[0]?.length ?? 0;
  for (const o of objects) {
    const b = Buffer.concat([typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\n')]);
    offsets.push(len);
    parts.push(b);
    len += b.length;
  }
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}trailer\n<</Size ${objects.length + 1}/Root 1 0 R${trailerExtra}>>\nstartxref\n${len}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const CATALOG = '1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj';
const PAGES = '2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj';

/** A PDF whose only cross-reference section is a stream with the given dictionary entries. */
function xrefStreamPdf(entries: string, data: Buffer): Buffer {
  const head = Buffer.from(`%PDF-1.7\n${CATALOG}\n${PAGES}\n`, 'latin1');
  const stream = Buffer.concat([Buffer.from(`3 0 obj\n<</Type/XRef/Root 1 0 R${entries}/Length ${data.length}>>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n')]);
  return Buffer.concat([head, stream, Buffer.from(`startxref\n${head.length}\n%%EOF\n`)]);
}

function objectStreamBomb(): Buffer {
  // 300 MB of spaces after one object's header: inflating it all would exceed any per-stream budget.
  const data = deflateSync(Buffer.alloc(300 << 20, 0x20), { level: 9 });
  return pdfWith([CATALOG, PAGES, Buffer.concat([Buffer.from(`3 0 obj\n<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length ${data.length}>>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj')])]);
}

describe('hostile inputs are refused in bounded time and memory', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-hostile-'));
  });
  after(() => cleanup(dir));

  const expectRefused = (file: string, code: string | RegExp, limit?: string): ErrorReport => {
    const r = siglaMeasured(['verify', file, '--json', '--offline'], { timeoutMs: LIMIT_MS });
    assert.equal(r.timedOut, false, `${file}: still running after ${LIMIT_MS / 1000} s`);
    assert.ok(r.maxRssMiB < LIMIT_MIB, `${file}: peak RSS ${r.maxRssMiB.toFixed(0)} MiB`);
    assert.equal(r.status, 8, `${file}: exit ${r.status}\n${r.stdout}${r.stderr}`);
    const rep = JSON.parse(r.stdout) as ErrorReport;
    assert.equal(rep.status, 'failed');
    assert.equal(rep.signatures.length, 0);
    assert.ok(rep.error, `${file}: no coded error in ${r.stdout}`);
    assert.match(rep.error.code, code instanceof RegExp ? code : new RegExp(`^${code}$`));
    assert.equal(rep.error.exitCode, 8);
    if (limit) assert.equal(rep.error.params['limit'], limit);
    // The user's text is the Italian message of the code, never a raw exception.
    assert.doesNotMatch(rep.error.message, /is not a function|Maximum call stack|Invalid time value|routines::|TypeError|RangeError/);
    assert.doesNotMatch(r.stderr, /TypeError|RangeError|at .*\.js:\d+/);
    return rep;
  };

  it('/dev/zero, a FIFO, a folder, an empty, a missing and a text file: exit 8, each with its own code', () => {
    if (existsSync('/dev/zero')) expectRefused('/dev/zero', 'INPUT_NOT_REGULAR');
    const fifo = join(dir, 'pipe.p7m');
    if (spawnSync('mkfifo', [fifo]).status === 0) expectRefused(fifo, 'INPUT_NOT_REGULAR');
    expectRefused(dir, 'INPUT_NOT_REGULAR');
    const empty = join(dir, 'vuoto.p7m');
    writeFileSync(empty, '');
    expectRefused(empty, 'INPUT_EMPTY');
    expectRefused(join(dir, 'non-esiste.pdf'), 'INPUT_NOT_FOUND');
    const text = join(dir, 'lettera.txt');
    writeFileSync(text, 'Gentile ufficio, in allegato la documentazione richiesta.\n');
    expectRefused(text, 'INPUT_NOT_SIGNED');
    const plainPdf = join(dir, 'plain.pdf');
    writeFileSync(plainPdf, pdfWith([CATALOG, PAGES]));
    expectRefused(plainPdf, 'INPUT_NOT_SIGNED');
  });

  it('the Italian text says what happened', () => {
    const r = sigla(['verify', '/dev/zero', join(dir, 'assente.p7m'), '--offline', '--lang', 'it']);
    assert.equal(r.status, 8);
    assert.match(r.stdout, /\/dev\/zero: NON VERIFICABILE\n {2}! \/dev\/zero non è un file ordinario \(è un dispositivo\)/);
    assert.match(r.stdout, /assente\.p7m non esiste\./);
  });

  const pdfCases: [string, () => Buffer, string, string][] = [
    ['xref stream /W [1 4294967295 1]', () => xrefStreamPdf('/Size 4/W[1 4294967295 1]', Buffer.alloc(24)), 'INPUT_LIMIT', 'pdfXref'],
    ['xref stream /Index [11 2147483648]', () => xrefStreamPdf('/Size 4/W[1 2 1]/Index[11 2147483648]', Buffer.alloc(24)), 'INPUT_LIMIT', 'pdfXref'],
    ['xref stream /Size 2147483648', () => xrefStreamPdf('/Size 2147483648/W[1 2 1]', Buffer.alloc(24)), 'INPUT_LIMIT', 'pdfXref'],
    ['xref stream rows beyond its data', () => xrefStreamPdf('/Size 4000000/W[1 4 2]', Buffer.alloc(70)), 'INPUT_LIMIT', 'pdfXref'],
    ['100,000 nested arrays in an object', () => pdfWith([CATALOG, PAGES, `3 0 obj\n${'['.repeat(100_000)}${']'.repeat(100_000)}\nendobj`]), 'INPUT_LIMIT', 'pdfNesting'],
    ['100,000 nested arrays in the trailer', () => pdfWith([CATALOG, PAGES], `/X ${'['.repeat(100_000)}`), 'INPUT_LIMIT', 'pdfNesting'],
    ['100,000 nested dictionaries', () => pdfWith([CATALOG, PAGES, `3 0 obj\n${'<</A '.repeat(100_000)}1${'>>'.repeat(100_000)}\nendobj`]), 'INPUT_LIMIT', 'pdfNesting'],
    ['object stream inflating to 300 MB', objectStreamBomb, 'INPUT_LIMIT', 'pdfDecoded'],
    ['object stream /N 2147483647', () => pdfWith([CATALOG, PAGES, `3 0 obj\n<</Type/ObjStm/N 2147483647/First 4/Length 8>>\nstream\n4 0 1 \nendstream\nendobj`]), 'INPUT_LIMIT', 'pdfObjectStream'],
  ];
  for (const [name, make, code, limit] of pdfCases) {
    it(`PDF with ${name}: exit 8 (${code} ${limit})`, () => {
      const f = join(dir, `${name.replace(/\W+/g, '_')}.pdf`);
      writeFileSync(f, make());
      expectRefused(f, code, limit);
    });
  }

  it('a broken object followed by 4 MB of digits (a /Contents padding): refused in bounded time, not a quadratic scan', () => {
    // pdf-lib looks for the next `N G obj` at every byte and read the whole digit run from each: O(n²) in the run.
    const f = join(dir, 'digits.pdf');
    writeFileSync(f, pdfWith([CATALOG, PAGES, `3 0 obj\n/Type /Sig /Contents <${'0'.repeat(4 << 20)}> >>\nendobj`]));
    expectRefused(f, /^(INPUT_NOT_SIGNED|PDF_PARSE)$/);
  });

  const berCases: [string, () => Buffer, string, string?][] = [
    ['a length of 2^32-1', () => Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]), 'INPUT_FORMAT'],
    ['a length of 2^64-1', () => Buffer.from([0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00]), 'INPUT_FORMAT'],
    ['an indefinite length never terminated', () => Buffer.concat([Buffer.from([0x30, 0x80]), Buffer.alloc(1 << 20, 0x05)]), 'INPUT_FORMAT'],
    ['100,000 nested indefinite lengths', () => Buffer.concat([Buffer.from('3080'.repeat(100_000), 'hex'), Buffer.alloc(200_000)]), 'INPUT_LIMIT', 'berNesting'],
    ['100,000 nested definite lengths', () => {
      // Innermost first: each level wraps the previous in a SEQUENCE with a long-form length.
      let b = Buffer.from([0x05, 0x00]);
      const levels: Buffer[] = [];
      for (let i = 0; i < 100_000; i++) levels.push(Buffer.from([0x30, 0x84, 0, 0, 0, 0]));
      // Lengths are filled from the inside out without re-copying: total = 2 + 6 × (levels below).
      const total = Buffer.alloc(2 + 6 * levels.length);
      for (let i = 0; i < levels.length; i++) {
        const inner = 2 + 6 * (levels.length - 1 - i);
        total.set([0x30, 0x84, (inner >>> 24) & 0xff, (inner >>> 16) & 0xff, (inner >>> 8) & 0xff, inner & 0xff], 6 * i);
      }
      total.set(b, 6 * levels.length);
      b = total;
      return b;
    }, 'INPUT_FORMAT|INPUT_NOT_SIGNED'],
  ];
  for (const [name, make, code, limit] of berCases) {
    it(`BER with ${name}: exit 8 (${code})`, () => {
      const f = join(dir, `${name.replace(/\W+/g, '_')}.p7m`);
      writeFileSync(f, make());
      expectRefused(f, new RegExp(`^(${code})$`), limit);
    });
  }

  it('a .m7m of 10,000 MIME parts: exit 8 (INPUT_LIMIT mimeParts)', () => {
    const f = join(dir, 'parti.m7m');
    const part = '--XYZ\r\nContent-Type: text/plain\r\n\r\nciao\r\n';
    writeFileSync(f, `MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XYZ"\r\n\r\n${part.repeat(10_000)}--XYZ--\r\n`);
    expectRefused(f, 'INPUT_LIMIT', 'mimeParts');
  });
});

describe('several files: one bad file does not stop the others', { skip: tool('openssl', ['version']).status === 0 ? false : 'openssl missing' }, () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki();
  });
  after(() => cleanup(pki.dir));

  it('each file has its own outcome; the exit is the worst (8 over 6 over 10)', () => {
    const content = join(pki.dir, 'atto.txt');
    writeFileSync(content, 'Atto di nomina.\n');
    const good = join(pki.dir, 'atto.txt.p7m');
    const s = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', content, '-out', good, '-outform', 'DER', '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-certfile', pki.chainPem]);
    assert.equal(s.status, 0, s.stderr);
    // Without --trust the good file is indeterminate (10); alone it is 10, with a missing file 8.
    let r = sigla(['verify', good, '--offline', '--json']);
    assert.equal(r.status, 10, r.stdout + r.stderr);
    r = sigla(['verify', join(pki.dir, 'manca.p7m'), good, '/dev/zero', '--offline', '--json']);
    assert.equal(r.status, 8, r.stdout + r.stderr);
    const reps = JSON.parse(r.stdout) as ErrorReport[];
    assert.deepEqual(reps.map((x) => x.error?.code ?? x.status), ['INPUT_NOT_FOUND', 'indeterminate', 'INPUT_NOT_REGULAR']);
    assert.equal(reps[1]?.signatures.length, 1);
    // With --trust: passed (0) alone, and the bad file still makes the whole run 8.
    r = sigla(['verify', good, '--trust', pki.rootPem, '--offline']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    r = sigla(['verify', good, join(pki.dir, 'manca.p7m'), '--trust', pki.rootPem, '--offline']);
    assert.equal(r.status, 8, r.stdout + r.stderr);
    assert.match(r.stdout, /atto\.txt\.p7m \[cades\]: VALIDA/);
    assert.match(r.stdout, /manca\.p7m: NON VERIFICABILE/);
  });

  it('a damaged signer certificate (unreadable validity): a coded outcome, never an OpenSSL text or an internal error', () => {
    const content = join(pki.dir, 'nomina.txt');
    writeFileSync(content, 'Nomina.\n');
    const p7m = join(pki.dir, 'nomina.txt.p7m');
    assert.equal(tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', content, '-out', p7m, '-outform', 'DER', '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem]).status, 0);
    const bytes = readFileSync(p7m);
    const cert = readFileSync(pki.signer.certDer);
    const at = bytes.indexOf(cert);
    const validity = cert.indexOf(Buffer.from([0x30, 0x1e, 0x17, 0x0d]));
    assert.ok(at > 0 && validity > 0);
    for (const [offset, value] of [[2, 0x18], [4, 0x41]] as const) {
      const bad = Buffer.from(bytes);
      bad[at + validity + offset] = value; // UTCTime → GeneralizedTime tag, or a letter in the year
      const f = join(pki.dir, `cert-${offset}.p7m`);
      writeFileSync(f, bad);
      const r = sigla(['verify', f, '--trust', pki.rootPem, '--offline', '--json']);
      assert.ok(r.status === 10 || r.status === 6 || r.status === 8, `exit ${r.status}: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stdout + r.stderr, /routines::|Invalid time value|TypeError|RangeError|Errore interno/);
      const rep = JSON.parse(r.stdout) as ErrorReport;
      assert.notEqual(rep.status, 'passed');
    }
  });

  it('envelopes nested 40 deep: exit 8 (INPUT_LIMIT envelopes); 8 deep still verifies', () => {
    let f = join(pki.dir, 'strati.txt');
    writeFileSync(f, 'Strati.\n');
    for (let i = 1; i <= 40; i++) {
      const out = `${f}.p7m`;
      assert.equal(tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', f, '-out', out, '-outform', 'DER', '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-certfile', pki.chainPem, '-noattr']).status, 0);
      f = out;
      if (i === 8) {
        const r = sigla(['verify', f, '--trust', pki.rootPem, '--offline', '--json']);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.equal((JSON.parse(r.stdout) as ErrorReport).signatures.length, 8);
      }
    }
    const r = siglaMeasured(['verify', f, '--trust', pki.rootPem, '--offline', '--json'], { timeoutMs: LIMIT_MS });
    assert.equal(r.status, 8, r.stdout + r.stderr);
    const rep = JSON.parse(r.stdout) as ErrorReport;
    assert.equal(rep.error?.code, 'INPUT_LIMIT');
    assert.equal(rep.error?.params['limit'], 'envelopes');
  });

  it('--detached-content and --trust naming a FIFO or a device: exit 8, nothing blocks', () => {
    const fifo = join(pki.dir, 'contenuto.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const p7s = join(pki.dir, 'atto.p7s');
    const content = join(pki.dir, 'atto.txt');
    writeFileSync(content, 'Atto di nomina.\n');
    assert.equal(tool('openssl', ['cms', '-sign', '-binary', '-in', content, '-out', p7s, '-outform', 'DER', '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem]).status, 0);
    let r = siglaMeasured(['verify', p7s, '--detached-content', fifo, '--offline'], { timeoutMs: LIMIT_MS });
    assert.equal(r.timedOut, false);
    assert.equal(r.status, 8, r.stdout + r.stderr);
    r = siglaMeasured(['verify', p7s, '--detached-content', content, '--trust', fifo, '--offline'], { timeoutMs: LIMIT_MS });
    assert.equal(r.timedOut, false);
    assert.equal(r.status, 8, r.stdout + r.stderr);
    r = siglaMeasured(['extract', fifo], { timeoutMs: LIMIT_MS });
    assert.equal(r.timedOut, false);
    assert.equal(r.status, 8, r.stdout + r.stderr);
  });

  it('sign of an unparseable PDF: exit 8 (PDF_PARSE / INPUT_LIMIT) and no output', () => {
    const cases: [string, Buffer][] = [
      ['rotto.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<</Type/Catalog/Pages 2 0 R\n%%EOF\n', 'latin1')],
      ['radice.pdf', pdfWith(['1 0 obj\n42\nendobj', PAGES])],
      ['annidato.pdf', pdfWith([CATALOG, PAGES], `/X ${'['.repeat(100_000)}`)],
      ['xref.pdf', xrefStreamPdf('/Size 4/W[1 4294967295 1]', Buffer.alloc(24))],
    ];
    for (const [name, bytes] of cases) {
      const d = mkdtempSync(join(pki.dir, 'sign-'));
      const f = join(d, name);
      writeFileSync(f, bytes);
      const r = siglaMeasured(['sign', f, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin'], { input: `${pki.signer.p12Password}\n`, timeoutMs: LIMIT_MS });
      assert.equal(r.status, 8, `${name}: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stderr, /TypeError|RangeError|is not a function|Errore interno/);
      // Italian throughout: the parser's English detail is not quoted.
      assert.doesNotMatch(r.stdout + r.stderr, /\((no |the |cross-reference|trailer|unreadable)/);
      assert.deepEqual(readdirSync(d), [name], `${name}: something was written`);
    }
  });
});
