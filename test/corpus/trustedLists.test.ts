/**
 * The real trusted lists of the shared corpus (`tsl/lists`: IT, AT, ES, FR national lists and two EU LOTLs, as
 * published and as EU DSS downloaded them) read and checked by the trusted-list engine (core/tsl), compared with
 * what is not Sigla's:
 *  - the counts `xmllint` gave when the corpus was built (TSPs, services, CA/QC services granted and withdrawn,
 *    ServiceHistoryInstance elements) and the header fields (sequence number, issue date, next update), all read
 *    from `tsl/MANIFEST.tsv`;
 *  - the XML signature of each list (TS 119 612 §5.7): it verifies with the certificate the MANIFEST names and is
 *    refused with every other certificate of the same folder (the other certificates its LOTL pointer lists), and a
 *    copy with two bytes changed is refused; `xmlsec1` (Debian) is run on the same bytes and must agree every time.
 *
 * Runs only when SIGLA_CORPUS points at the corpus directory:
 *   SIGLA_CORPUS=../shared/corpus node --test dist/test/corpus/trustedLists.test.js
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseTrustedList } from '../../electron/core/tsl/parseTrustedList.js';
import { statusName } from '../../electron/core/tsl/serviceStatusAt.js';
import { verifyListSignature } from '../../electron/core/tsl/verifyListSignature.js';
import { certificatesAt } from '../../electron/io/certificateFiles.js';
import { readTsv } from '../helpers/manifest.js';
import { xmlsecVerify } from '../helpers/trustedListFixture.js';

const CORPUS_ENV = process.env['SIGLA_CORPUS'];
const root = CORPUS_ENV ? resolve(CORPUS_ENV, 'tsl') : '';
const skip = !CORPUS_ENV ? 'SIGLA_CORPUS not set' : !existsSync(join(root, 'MANIFEST.tsv')) ? 'no tsl/MANIFEST.tsv' : false;

interface ListRow {
  readonly rel: string;
  readonly notes: string;
  readonly sequence: number;
  readonly issued: string;
  readonly nextUpdate: string;
  readonly sha256: string;
  /** The certificate the MANIFEST says verifies the list (relative to tsl/). */
  readonly signer: string;
  /** xmllint's counts, where the MANIFEST gives them. */
  readonly counts?: { tsps: number; services: number; caqc: number; granted: number; withdrawn?: number; history: number };
}

const need = (m: RegExpExecArray | null, what: string, rel: string): string => {
  const v = m?.[1];
  if (v === undefined) throw new Error(`tsl/MANIFEST.tsv: no ${what} for ${rel}`);
  return v;
};

function listRows(): ListRow[] {
  return readTsv(join(root, 'MANIFEST.tsv'))
    .filter((r) => (r['path'] ?? '').startsWith('lists/'))
    .map((r) => {
      const rel = r['path'] ?? '';
      const notes = r['notes'] ?? '';
      const c = /xmllint: (\d+) TSPs, (\d+) services, (\d+) CA\/QC \((\d+) granted(?:, (\d+) withdrawn)?\), (\d+) ServiceHistoryInstance/.exec(notes);
      return {
        rel,
        notes,
        sequence: Number(need(/TSLSequenceNumber (\d+)/.exec(notes), 'TSLSequenceNumber', rel)),
        issued: need(/ListIssueDateTime (\S+Z)/.exec(notes), 'ListIssueDateTime', rel),
        nextUpdate: need(/NextUpdate (\S+Z)/.exec(notes), 'NextUpdate', rel),
        sha256: need(/sha256=([0-9a-f]{64})/.exec(notes), 'sha256', rel),
        signer: need(/KeyInfo cert = [^;]*?(certs\/[\w./-]+\.pem)/.exec(notes), 'signer certificate', rel),
        ...(c
          ? {
              counts: {
                tsps: Number(c[1]),
                services: Number(c[2]),
                caqc: Number(c[3]),
                granted: Number(c[4]),
                ...(c[5] === undefined ? {} : { withdrawn: Number(c[5]) }),
                history: Number(c[6]),
              },
            }
          : {}),
      };
    });
}

const iso = (t: string): string => new Date(t).toISOString();

/** Two bytes changed: the two first digits of TSLSequenceNumber, each one up (a replayed "newer" list). */
function tampered(xml: Buffer): Buffer {
  const copy = Buffer.from(xml);
  const at = copy.indexOf('TSLSequenceNumber>') + 'TSLSequenceNumber>'.length;
  for (const i of [at, at + 1]) {
    const d = copy[i] ?? 0;
    assert.ok(d >= 0x30 && d <= 0x39, 'a sequence number of at least two digits');
    copy[i] = 0x30 + ((d - 0x30 + 1) % 10);
  }
  assert.equal(copy.filter((b, i) => b !== xml[i]).length, 2);
  return copy;
}

describe('the real trusted lists of the corpus (tsl/)', { skip }, () => {
  const rows = skip ? [] : listRows();

  it('the MANIFEST describes seven lists, among them IT 194 and 141 and the LOTLs 332 and 248', () => {
    const names = rows.map((r) => basename(r.rel));
    assert.equal(rows.length, 7, names.join(', '));
    for (const n of ['IT_TSL_seq194', 'IT_TSL_seq141', 'EU-LOTL_seq332', 'EU-LOTL_seq248']) assert.ok(names.some((x) => x.startsWith(n)), n);
  });

  for (const row of rows) {
    describe(row.rel, () => {
      const xml = readFileSync(join(root, row.rel));

      it('is the file the MANIFEST describes, and parses with its header and counts', () => {
        assert.equal(createHash('sha256').update(xml).digest('hex'), row.sha256);
        const list = parseTrustedList(xml);
        assert.equal(list.sequenceNumber, row.sequence);
        assert.equal(list.issued, iso(row.issued));
        assert.equal(list.nextUpdate, iso(row.nextUpdate));
        const lotl = basename(row.rel).startsWith('EU-LOTL');
        assert.equal(list.isLotl, lotl);
        if (lotl) {
          assert.equal(list.territory, 'EU');
          assert.equal(list.providers.length, 0);
          // The IT pointer names the AgID certificates (4 in 2023, 2 in 2019), as the MANIFEST says.
          const it = list.pointers.filter((p) => p.territory === 'IT' && /xml/i.test(p.mimeType ?? ''));
          assert.equal(it.length, 1, 'one XML pointer for IT');
          assert.equal(it[0]?.location, 'https://eidas.agid.gov.it/TL/TSL-IT.xml');
          assert.equal(it[0]?.signers.length, row.sequence === 332 ? 4 : 2);
        } else {
          assert.equal(list.territory, basename(row.rel).slice(0, 2));
          assert.ok(list.providers.length > 0);
        }
        const c = row.counts;
        if (c) {
          const services = list.providers.flatMap((p) => p.services);
          const caqc = services.filter((s) => s.type === 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC');
          const current = (s: (typeof services)[number]): string => statusName(s.periods[0]?.status ?? '');
          assert.equal(list.providers.length, c.tsps, 'TSPs');
          assert.equal(services.length, c.services, 'services');
          assert.equal(caqc.length, c.caqc, 'CA/QC services');
          assert.equal(caqc.filter((s) => current(s) === 'granted').length, c.granted, 'CA/QC granted now');
          if (c.withdrawn !== undefined) assert.equal(caqc.filter((s) => current(s) === 'withdrawn').length, c.withdrawn, 'CA/QC withdrawn now');
          assert.equal(services.reduce((n, s) => n + s.periods.length - 1, 0), c.history, 'ServiceHistoryInstance');
        }
      });

      it('verifies with the certificate the MANIFEST names, only with it, and not once two bytes changed — as xmlsec1 says', () => {
        const folder = join(root, dirname(row.signer));
        const pems = readdirSync(folder).filter((f) => f.endsWith('.pem')).sort();
        assert.ok(pems.length >= 2, `${folder}: the signer and at least one other certificate`);
        const verdicts: string[] = [];
        for (const pem of pems) {
          const path = join(folder, pem);
          const expected = `${dirname(row.signer)}/${pem}` === row.signer;
          const ours = verifyListSignature(xml, certificatesAt(path));
          const theirs = xmlsecVerify(xml, readFileSync(path, 'utf8'));
          verdicts.push(`${pem}: sigla ${ours.ok ? 'OK' : `refused (${ours.reason})`}, xmlsec1 ${theirs.ok ? 'OK' : 'FAIL'}`);
          assert.equal(theirs.ok, expected, `xmlsec1 with ${pem}: ${theirs.output.slice(-400)}`);
          assert.equal(ours.ok, expected, `sigla with ${pem}: ${JSON.stringify(ours.ok ? 'OK' : ours)}`);
        }
        const bad = tampered(xml);
        const signer = join(root, row.signer);
        const ours = verifyListSignature(bad, certificatesAt(signer));
        const theirs = xmlsecVerify(bad, readFileSync(signer, 'utf8'));
        verdicts.push(`tampered with ${basename(signer)}: sigla ${ours.ok ? 'OK' : `refused (${ours.reason})`}, xmlsec1 ${theirs.ok ? 'OK' : 'FAIL'}`);
        assert.equal(theirs.ok, false, 'xmlsec1 refuses the tampered copy');
        assert.equal(ours.ok, false, 'sigla refuses the tampered copy');
        assert.equal(ours.ok ? '' : ours.reason, 'SIGNATURE_INVALID');
        console.log(`${row.rel}\n  ${verdicts.join('\n  ')}`);
      });
    });
  }
});
