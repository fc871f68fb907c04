/**
 * The DSS revision (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4.2) read back by qpdf: a second revision keeps the
 * first one's streams (by reference) and /VRI entries, adds only what is new, each DER once; the earlier bytes are a
 * prefix; qpdf --check accepts both revisions.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { dssRevision, existingDss, vriKey } from '../../electron/core/pades/dssRevision.js';
import { openForUpdate } from '../../electron/core/pades/signPdf.js';
import { bytesPdfSource } from '../../electron/core/pdf/PdfSource.js';
import { tool } from '../helpers/cli.js';

const skip = tool('qpdf', ['--version']).status !== 0 && 'qpdf not installed';
const item = (tag: string): Uint8Array => new Uint8Array(Buffer.from(`30 ${tag}`, 'latin1'));

function append(pdf: Uint8Array, data: Parameters<typeof dssRevision>[2], vri: Parameters<typeof dssRevision>[3]): Uint8Array {
  const src = bytesPdfSource(pdf);
  const inc = dssRevision(openForUpdate(src), src, data, vri, new Date('2026-01-01T00:00:00Z'));
  return new Uint8Array(Buffer.concat([pdf, inc]));
}

describe('dssRevision', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigla-dss-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a DSS, then merges a second one into it', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const base = new Uint8Array(await doc.save({ useObjectStreams: false }));
    const sigA = item('signature A');
    const sigB = item('signature B');
    const one = append(base, { certificates: [item('root')], ocspResponses: [], crls: [] }, [{ contents: sigA, data: { certificates: [item('leaf A'), item('root')], ocspResponses: [item('ocsp A')], crls: [item('crl')] } }]);
    assert.ok(Buffer.from(one.subarray(0, base.length)).equals(Buffer.from(base)));
    const first = existingDss(openForUpdate(bytesPdfSource(one)));
    assert.equal(first.data.certificates.length, 2);
    assert.deepEqual([...first.vriKeys], [vriKey(sigA)]);
    assert.equal(vriKey(sigA), createHash('sha1').update(sigA).digest('hex').toUpperCase());

    const two = append(one, { certificates: [item('root'), item('tsa')], ocspResponses: [], crls: [item('crl')] }, [{ contents: sigB, data: { certificates: [item('leaf B')], ocspResponses: [item('ocsp B')], crls: [item('crl')] } }]);
    assert.ok(Buffer.from(two.subarray(0, one.length)).equals(Buffer.from(one)));
    const second = existingDss(openForUpdate(bytesPdfSource(two)));
    const text = (l: readonly Uint8Array[]): string[] => l.map((b) => Buffer.from(b).toString('latin1')).sort();
    assert.deepEqual(text(second.data.certificates), ['30 leaf A', '30 leaf B', '30 root', '30 tsa']);
    assert.deepEqual(text(second.data.ocspResponses), ['30 ocsp A', '30 ocsp B']);
    assert.deepEqual(text(second.data.crls), ['30 crl']);
    assert.deepEqual([...second.vriKeys].sort(), [vriKey(sigA), vriKey(sigB)].sort());

    // qpdf reads both revisions and the same DSS.
    for (const [name, bytes] of [['one.pdf', one], ['two.pdf', two]] as const) {
      const f = join(dir, name);
      writeFileSync(f, bytes);
      const c = tool('qpdf', ['--check', f]);
      assert.equal(c.status, 0, c.stdout + c.stderr);
    }
    const j = JSON.parse(tool('qpdf', ['--json=2', join(dir, 'two.pdf')]).stdout) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] };
    const objs = j.qpdf[1];
    const catalog = objs[`obj:${String((objs['trailer']?.value as Record<string, string>)['/Root'])}`]?.value as Record<string, string>;
    const dss = objs[`obj:${catalog['/DSS']}`]?.value as Record<string, string>;
    const certs = objs[`obj:${dss['/Certs']}`]?.value as unknown as string[];
    assert.equal(certs.length, 4);
    const vri = objs[`obj:${dss['/VRI']}`]?.value as Record<string, string>;
    assert.deepEqual(Object.keys(vri).sort(), [`/${vriKey(sigA)}`, `/${vriKey(sigB)}`].sort());
  });
});
