/**
 * PAdES over a large file (issue 13 item 3): the update is built from the cross-reference chain and the few objects
 * it needs, read at their offsets; the original is hashed and copied in one streamed pass. Proved by counting what
 * the engine asks of its source, by the peak RSS of the CLI on a file larger than the memory bound, and by pdfsig and
 * qpdf judging every output (and the output starting with the input, byte for byte).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { MemorySink } from '../../electron/core/content/ContentSource.js';
import { signPdf } from '../../electron/core/pades/signPdf.js';
import { appearanceFonts } from '../../electron/io/appearanceFonts.js';
import { bytesPdfSource, type PdfSource } from '../../electron/core/pdf/PdfSource.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { Pkcs12Signer } from '../../electron/softkey/Pkcs12Signer.js';
import { SIGLA, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const haveTools = ['pdfsig', 'qpdf', 'python3'].every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);
const skip = haveTools ? false : 'pdfsig/qpdf/python3 missing';

/** A source that counts the bytes asked by random access and by the streamed pass. */
function counted(bytes: Uint8Array): { src: PdfSource; randomBytes: () => number; streamedBytes: () => number } {
  const inner = bytesPdfSource(bytes);
  let random = 0;
  let streamed = 0;
  return {
    src: {
      size: inner.size,
      read(offset, length) {
        const r = inner.read(offset, length);
        random += r.length;
        return r;
      },
      open: async function* () {
        for await (const c of inner.open()) {
          streamed += c.length;
          yield c;
        }
      },
    },
    randomBytes: () => random,
    streamedBytes: () => streamed,
  };
}

/** A three-page PDF (made by pdf-lib) carrying an incompressible image stream of `imageBytes` bytes. */
async function bigPdf(imageBytes: number, objectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < 3; i++) doc.addPage([595, 842]);
  const data = new Uint8Array(imageBytes);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  const image = doc.context.stream(data, { Type: 'XObject', Subtype: 'Image', Width: 1024, Height: Math.floor(imageBytes / 1024), ColorSpace: 'DeviceGray', BitsPerComponent: 8 });
  const ref = doc.context.register(image);
  doc.getPage(1).node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Im1: ref } }));
  doc.getPage(1).node.set(PDFName.of('Rotate'), PDFNumber.of(0));
  return doc.save({ useObjectStreams: objectStreams });
}

function pdfsigValid(file: string): { valid: boolean; total: boolean }[] {
  const r = tool('pdfsig', ['-nocert', file]);
  return r.stdout
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((b) => ({ valid: /Signature Validation: Signature is Valid\./.test(b), total: /Total document signed/.test(b) }));
}

describe('PAdES streamed', { skip }, () => {
  let pki: TestPki;
  let dir: string;
  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-pades-stream-'));
  });
  after(() => {
    cleanup(pki.dir);
    cleanup(dir);
  });

  for (const objectStreams of [false, true]) {
    it(`reads only the xref chain and the needed objects (${objectStreams ? 'xref stream + object streams' : 'xref table'}), streams it once to hash and copy`, async () => {
      const pdf = await bigPdf(8 << 20, objectStreams);
      const c = counted(pdf);
      const signer = Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password), []);
      const sink = new MemorySink();
      const r = await signPdf(c.src, sink, { signer, hash: 'sha256', visible: { page: 2, rect: [50, 50, 250, 120] }, fonts: appearanceFonts() });
      // Random access: the trailer, the chain and a handful of objects, each through a 64 KiB window at most.
      assert.ok(c.randomBytes() < 1 << 20, `random access read ${c.randomBytes()} bytes of ${pdf.length}`);
      // One streamed pass: each chunk hashed and copied to the output together.
      assert.equal(c.streamedBytes(), pdf.length);
      const out = sink.bytes();
      assert.ok(Buffer.from(out.subarray(0, pdf.length)).equals(Buffer.from(pdf)), 'the original is a prefix of the output');
      assert.equal(r.byteRange[0] + r.byteRange[1] + (r.byteRange[2] - r.byteRange[1]) + r.byteRange[3], out.length);
      const file = join(dir, `signed-${objectStreams}.pdf`);
      writeFileSync(file, out);
      assert.deepEqual(pdfsigValid(file), [{ valid: true, total: true }]);
      assert.equal(tool('qpdf', ['--check', file]).status, 0);
    });
  }

  it('objects and sections larger than the first window (4000 pages in object streams, a form with 2000 fields) are read whole', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 4000; i++) doc.addPage([595, 842]);
    const form = doc.getForm();
    for (let i = 0; i < 2000; i++) form.createTextField(`campo.${i}`).addToPage(doc.getPage(i), { x: 10, y: 10, width: 50, height: 12 });
    const pdf = await doc.save({ useObjectStreams: true });
    const c = counted(pdf);
    const signer = Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password), []);
    const sink = new MemorySink();
    const r = await signPdf(c.src, sink, { signer, hash: 'sha256', visible: { page: 4000, rect: [50, 50, 250, 120] }, fonts: appearanceFonts() });
    // A new name beside the 2000 fields found in the form (its /Fields array alone is larger than 16 KiB).
    assert.equal(r.field, 'Signature1');
    assert.ok(c.randomBytes() < pdf.length, `random access read ${c.randomBytes()} bytes of ${pdf.length}`);
    const file = join(dir, 'many-pages.pdf');
    writeFileSync(file, sink.bytes());
    assert.deepEqual(pdfsigValid(file), [{ valid: true, total: true }]);
    assert.equal(tool('qpdf', ['--check', file]).status, 0);
    // The widget is on the last page, and the form lists the 2000 fields and the signature.
    const signed = await PDFDocument.load(sink.bytes());
    assert.equal(signed.getForm().getFields().length, 2001);
    const annots = signed.getPage(3999).node.Annots();
    assert.ok(annots && annots.size() === 1);
  });

  it('reads the original once, hashing and writing each chunk together: the output holds exactly the bytes signed', async () => {
    const pdf = await bigPdf(256 * 1024, false);
    const inner = bytesPdfSource(pdf);
    let opens = 0;
    const src: PdfSource = {
      size: inner.size,
      read: (o, l) => inner.read(o, l),
      open: async function* () {
        // A file changed (one byte of the image) after it was parsed: what is read is what is signed and written.
        opens++;
        yield Uint8Array.from(pdf, (b, i) => (i === 100_000 ? b ^ 1 : b));
      },
    };
    const signer = Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password), []);
    const sink = new MemorySink();
    await signPdf(src, sink, { signer, hash: 'sha256' });
    assert.equal(opens, 1);
    const out = sink.bytes();
    assert.equal(out[100_000], (pdf[100_000] ?? 0) ^ 1);
    const file = join(dir, 'one-pass.pdf');
    writeFileSync(file, out);
    assert.deepEqual(pdfsigValid(file), [{ valid: true, total: true }]);
  });

  it('a file that shrinks while it is read is INPUT_CHANGED', async () => {
    const pdf = await bigPdf(256 * 1024, false);
    const inner = bytesPdfSource(pdf);
    const src: PdfSource = {
      size: inner.size,
      read: (o, l) => inner.read(o, l),
      open: async function* () {
        yield pdf.subarray(0, pdf.length - 10);
      },
    };
    const signer = Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password), []);
    await assert.rejects(signPdf(src, new MemorySink(), { signer, hash: 'sha256' }), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_CHANGED');
  });

  it('a file whose cross-reference offsets are wrong is still read whole and repaired', async () => {
    const pdf = Buffer.from(await bigPdf(64 * 1024, false));
    // Every xref entry one byte off: the lazy reading refuses the chain, the whole-file path repairs it.
    const text = pdf.toString('latin1');
    const xrefAt = text.lastIndexOf('\nxref') + 1;
    const table = text.slice(xrefAt).replace(/^(\d{10}) (\d{5}) n/gm, (_m, off: string, gen: string) => `${String(Number(off) + 1).padStart(10, '0')} ${gen} n`);
    const damaged = Buffer.from(text.slice(0, xrefAt) + table, 'latin1');
    const c = counted(damaged);
    const signer = Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password), []);
    const sink = new MemorySink();
    await signPdf(c.src, sink, { signer, hash: 'sha256' });
    assert.ok(c.randomBytes() >= damaged.length, 'the damaged file was read whole');
    const file = join(dir, 'repaired.pdf');
    writeFileSync(file, sink.bytes());
    assert.deepEqual(pdfsigValid(file), [{ valid: true, total: true }]);
  });

  it('the CLI signs a 200 MB PDF with peak RSS under 150 MB', () => {
    // A one-page PDF whose image stream is 200 MB of zeros (a sparse file: quick to make, real bytes to read).
    const big = join(dir, 'big.pdf');
    const n = 200_000_000;
    const head = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
    const objs = [
      '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
      '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> >>\nendobj\n',
      `4 0 obj\n<< /Type /XObject /Subtype /Image /Width 1000 /Height ${n / 1000} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${n} >>\nstream\n`,
    ];
    const fd = openSync(big, 'w');
    const offsets: number[] = [];
    let pos = 0;
    const put = (s: string): void => {
      const b = Buffer.from(s, 'latin1');
      writeSync(fd, b, 0, b.length, pos);
      pos += b.length;
    };
    put(head);
    for (const o of objs) {
      offsets.push(pos);
      put(o);
    }
    pos += n;
    put('\nendstream\nendobj\n');
    const xref = pos;
    put(`xref\n0 5\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
    closeSync(fd);
    const out = join(dir, 'big-firmato.pdf');
    const py = 'import resource,subprocess,sys\nr=subprocess.run(sys.argv[1:],input=b"' + pki.signer.p12Password + '\\n")\nprint(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
    const m = spawnSync('python3', ['-c', py, process.execPath, SIGLA, 'sign', big, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin', '--out', out], { encoding: 'utf8' });
    const [code, rssKiB] = (m.stdout.trim().split('\n').pop() ?? '').split(' ').map(Number);
    assert.equal(code, 0, m.stderr);
    assert.ok((rssKiB ?? Infinity) < 150 * 1024, `peak RSS ${rssKiB} KiB`);
    assert.ok(statSync(out).size > statSync(big).size);
    assert.deepEqual(pdfsigValid(out), [{ valid: true, total: true }]);
    // The input is a prefix of the output (compared in 1 MiB steps, not held in memory twice).
    const a = openSync(big, 'r');
    const b = openSync(out, 'r');
    const ba = Buffer.alloc(1 << 20);
    const bb = Buffer.alloc(1 << 20);
    try {
      for (let at = 0; at < statSync(big).size; at += ba.length) {
        const k = readSyncAt(a, ba, at);
        assert.ok(readSyncAt(b, bb, at) >= k);
        assert.ok(ba.subarray(0, k).equals(bb.subarray(0, k)), `output differs from input at ${at}`);
      }
    } finally {
      closeSync(a);
      closeSync(b);
    }
  });
});

function readSyncAt(fd: number, buf: Buffer, at: number): number {
  let got = 0;
  for (let n = -1; n !== 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, at + got);
  return got;
}
