/**
 * Long-term validation on the corpus's LT/LTA files (SIGLA_CORPUS): DSS's PAdES-LT.pdf, pades-ltv.pdf,
 * doc-firmado-LT.pdf and CAdESDoubleLTA.p7m, pyHanko's pades-lta-dss-indirect-arrs-test.pdf. Their test PKIs are in
 * no trusted list; the trust anchors are the self-signed certificates the files themselves carry (found in the
 * bytes, the PDFs decompressed by qpdf, recognised by Node's X509Certificate: not Sigla's parsers), given with
 * --trust. Verified offline: the level reached and the verdict come from the carried data alone. The levels are
 * printed; where the carried data covers the signer's path the level must be B-LT or B-LTA and the signature
 * passed.
 *   SIGLA_CORPUS=../shared/corpus node --test dist/test/corpus/ltvCorpus.test.js
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';

const CORPUS_ENV = process.env['SIGLA_CORPUS'];
const root = CORPUS_ENV ? resolve(CORPUS_ENV) : '';
const skip = !CORPUS_ENV ? 'SIGLA_CORPUS not set' : !existsSync(join(root, 'MANIFEST.tsv')) ? 'no MANIFEST.tsv' : tool('qpdf', ['--version']).status !== 0 ? 'qpdf missing' : false;

interface Rep {
  status: string;
  signatures: { status: string; subIndication?: string; level: string; poe?: string; renewalDue?: string }[];
}

/** Self-signed certificates anywhere in `bytes` (DER `30 82 …` whose first element is `30 82 …`), as PEM. */
function selfSigned(bytes: Buffer): string[] {
  const out = new Map<string, string>();
  for (let i = bytes.indexOf(Buffer.from([0x30, 0x82])); i >= 0 && i + 8 <= bytes.length; i = bytes.indexOf(Buffer.from([0x30, 0x82]), i + 2)) {
    if (bytes[i + 4] !== 0x30 || bytes[i + 5] !== 0x82) continue;
    const len = bytes.readUInt16BE(i + 2);
    if (i + 4 + len > bytes.length) continue;
    try {
      const x = new X509Certificate(bytes.subarray(i, i + 4 + len));
      if (x.subject === x.issuer && x.verify(x.publicKey)) out.set(x.fingerprint256, x.toString());
    } catch {
      // not a certificate
    }
  }
  return [...out.values()];
}

describe('LT/LTA corpus files verified with their carried validation data (SIGLA_CORPUS)', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigla-ltv-corpus-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const verify = (rel: string): Rep => {
    const file = join(root, rel);
    let bytes = readFileSync(file);
    if (rel.endsWith('.pdf')) {
      const qdf = join(dir, 'qdf.pdf');
      tool('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
      if (existsSync(qdf)) bytes = readFileSync(qdf);
    }
    const trust = selfSigned(bytes).flatMap((pem, i) => {
      const p = join(dir, `${rel.replace(/\W/g, '_')}-${i}.pem`);
      writeFileSync(p, pem);
      return ['--trust', p];
    });
    const r = sigla(['verify', file, '--offline', '--json', ...trust]);
    const rep = JSON.parse(r.stdout) as Rep;
    process.stdout.write(`${rel}: ${rep.status} ${rep.signatures.map((s) => `${s.level}/${s.status}${s.subIndication ? `/${s.subIndication}` : ''}`).join(', ')}\n`);
    return rep;
  };

  it('DSS PAdES-LT.pdf: the time-stamped signatures reach B-LTA (a document time-stamp follows) and B-LT, passed', () => {
    const rep = verify('pades/PAdES-LT.pdf');
    const levels = rep.signatures.map((s) => s.level);
    assert.deepEqual(levels.slice(1), ['B-LTA', 'B-LT']);
    assert.ok(rep.signatures.slice(1).every((s) => s.status === 'passed' && s.poe !== undefined));
    assert.ok(rep.signatures[1]?.renewalDue);
  });

  it('DSS CAdESDoubleLTA.p7m: passed, its carried OCSP response (from a responder certified by the root) used', () => {
    const rep = verify('cades/CAdESDoubleLTA.p7m');
    assert.equal(rep.signatures[0]?.status, 'passed');
  });

  it('the others are reported without error, never passed without a proof of existence', () => {
    for (const f of ['pades/pades-ltv.pdf', 'pades/doc-firmado-LT.pdf', 'pades/pades-lta-dss-indirect-arrs-test.pdf', 'pades/Pades-baseline-lta.pdf']) {
      const rep = verify(f);
      for (const s of rep.signatures) if (s.status === 'passed') assert.ok(s.level !== 'B-B' || s.poe !== undefined, `${f}: ${JSON.stringify(s)}`);
    }
  });
});
