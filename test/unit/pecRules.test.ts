/**
 * Issue 15, the PEC check's engine without files: types by content, the ZIP directory reader against zip(1), the
 * rules' severities per profile, the shipped profiles against the schema, and the texts of every finding (Italian
 * with no English, English too, no placeholder left).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { typeOfHead, zipDocumentType } from '../../electron/core/pec/DocumentType.js';
import type { FileFacts } from '../../electron/core/pec/FileFacts.js';
import { PEC_FINDING_CODES, type PecFinding } from '../../electron/core/pec/PecFinding.js';
import { DEFAULT_SEVERITY, type PecProfile } from '../../electron/core/pec/PecProfile.js';
import { pdfaIdOf } from '../../electron/core/pec/pdfFacts.js';
import { checkPec } from '../../electron/core/pec/pecRules.js';
import { readZipDirectory } from '../../electron/core/pec/zipDirectory.js';
import { bytesPdfSource } from '../../electron/core/pdf/PdfSource.js';
import { readPecProfile, SHIPPED_PROFILES_DIR } from '../../electron/io/pec/pecProfiles.js';
import { pecFindingText } from '../../electron/shared/i18n/pecFindings.js';
import { englishIn } from '../helpers/englishWords.js';
import { readFileSync } from 'node:fs';

const AGID: PecProfile = { name: 'agid', title: { it: 'a', en: 'a' }, formats: ['pdf', 'text', 'ooxml'] };

function facts(o: Partial<FileFacts> & Pick<FileFacts, 'name'>): FileFacts {
  return { file: o.name, size: 1000, role: 'attachment', roleGiven: false, type: 'pdf', envelopes: [], ...o };
}

const NOT_PDFA = { encrypted: false, fontsNotEmbedded: [], activeContent: [], externalLinks: [], embeddedFiles: [], xfa: false, signatureFields: 0 };
const PDF = { ...NOT_PDFA, pdfa: '2B' };

describe('PEC check engine', () => {
  it('types by content, whatever the name', () => {
    const t = (s: string | number[]): string => typeOfHead(typeof s === 'string' ? Buffer.from(s, 'latin1') : Uint8Array.from(s));
    assert.equal(t('%PDF-1.7\n'), 'pdf');
    assert.equal(t('MZ\x90\x00'), 'executable');
    assert.equal(t('\x7fELF\x02'), 'executable');
    assert.equal(t('#!/bin/sh\necho\n'), 'executable');
    assert.equal(t('Rar!\x1a\x07\x00'), 'rar');
    assert.equal(t([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), '7z');
    assert.equal(t('{\\rtf1\\ansi ciao}'), 'rtf');
    assert.equal(t('<?xml version="1.0"?><fattura/>'), 'xml');
    assert.equal(t('II*\x00'), 'tiff');
    assert.equal(t('Delibera della Giunta\n'), 'text');
    assert.equal(t('From: a@b.it\nSubject: x\n\nciao'), 'eml');
    assert.equal(t([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'ole');
    assert.equal(zipDocumentType(['[Content_Types].xml', 'word/document.xml']), 'ooxml');
    assert.equal(zipDocumentType(['mimetype', 'META-INF/manifest.xml', 'content.xml']), 'odf');
    assert.equal(zipDocumentType(['a.txt']), 'zip');
  });

  it('reads the directory zip(1) writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigla-zip-'));
    writeFileSync(join(dir, 'uno.txt'), 'uno\n');
    writeFileSync(join(dir, 'due.txt'), 'due '.repeat(1000));
    assert.equal(spawnSync('zip', ['-q', '-j', join(dir, 'a.zip'), join(dir, 'uno.txt'), join(dir, 'due.txt')]).status, 0);
    const listed = spawnSync('unzip', ['-Z1', join(dir, 'a.zip')], { encoding: 'utf8' }).stdout.trim().split('\n');
    const entries = readZipDirectory(bytesPdfSource(readFileSync(join(dir, 'a.zip'))));
    assert.deepEqual(entries.map((e) => e.name), listed);
    assert.equal(entries.find((e) => e.name === 'due.txt')?.size, 4000);
    assert.throws(() => readZipDirectory(bytesPdfSource(Buffer.from('PK\x03\x04 not really a zip'))), { code: 'INPUT_FORMAT' });
  });

  it('reads pdfaid as element or attribute', () => {
    assert.equal(pdfaIdOf('<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>'), '2B');
    assert.equal(pdfaIdOf('<rdf:Description pdfaid:part="1" pdfaid:conformance="A"/>'), '1A');
    assert.equal(pdfaIdOf('<x:xmpmeta/>'), undefined);
  });

  it('severities: defaults, require… options, per-code overrides and off', () => {
    const main = facts({ name: 'delibera.pdf', role: 'main', pdf: { ...NOT_PDFA, externalLinks: ['https://x.it'] } });
    const base = checkPec([main], AGID);
    const sev = (r: ReturnType<typeof checkPec>, c: string): string | undefined => r.files[0]?.findings.find((x) => x.code === c)?.severity;
    assert.equal(sev(base, 'NOT_PDFA'), 'warn');
    assert.equal(sev(base, 'NOT_SIGNED'), 'warn');
    assert.equal(sev(base, 'EXTERNAL_LINK'), 'warn');
    assert.equal(base.ok, true);
    const strict = checkPec([main], { ...AGID, requirePdfA: true, requireSigned: true, forbidLinks: true });
    assert.equal(sev(strict, 'NOT_PDFA'), 'block');
    assert.equal(sev(strict, 'NOT_SIGNED'), 'block');
    assert.equal(sev(strict, 'EXTERNAL_LINK'), 'block');
    assert.equal(strict.ok, false);
    const quiet = checkPec([main], { ...AGID, severity: { NOT_PDFA: 'off', EXTERNAL_LINK: 'block' } });
    assert.equal(sev(quiet, 'NOT_PDFA'), undefined);
    assert.equal(sev(quiet, 'EXTERNAL_LINK'), 'block');
  });

  it('the message: total size against the setting or the profile; the main document, signed attachments', () => {
    const big = [facts({ name: 'a.pdf', role: 'main', size: 20e6, pdf: PDF }), facts({ name: 'b.pdf', size: 15e6, pdf: PDF })];
    const r = checkPec(big, AGID);
    assert.equal(r.maxTotalBytes, 30_000_000);
    assert.equal(r.files[0]?.findings.some((x) => x.code === 'TOO_LARGE'), true);
    assert.equal(checkPec(big, AGID, { maxTotalBytes: 50e6 }).ok, true);
    assert.equal(checkPec(big, { ...AGID, maxTotalBytes: 10e6 }, { maxTotalBytes: 50e6 }).ok, false);
    const sig = { status: 'passed' as const, qualifications: ['QESig'], signers: ['X'] };
    const two = [facts({ name: 'determina-1.pdf', role: 'main', signature: sig, pdf: PDF }), facts({ name: 'determina-2.pdf', signature: sig, pdf: PDF }), facts({ name: 'allegato-A.pdf', signature: sig, pdf: PDF })];
    const m = checkPec(two, AGID);
    assert.deepEqual(m.files.map((f) => f.findings.map((x) => x.code)), [[], ['MULTIPLE_MAIN_DOCUMENTS'], []]);
    // The user said it is an attachment: it is one.
    assert.equal(checkPec([two[0]!, { ...two[1]!, roleGiven: true }], AGID).ok, true);
  });

  it('names mail gateways mangle', () => {
    const r = checkPec([facts({ name: 'Delibera n°7 è.pdf', role: 'main', pdf: PDF })], AGID);
    const f = r.files[0]?.findings.find((x) => x.code === 'FILE_NAME_CHARACTERS');
    assert.equal(f?.severity, 'warn');
    assert.match(String(f?.params['characters']), /°/);
  });

  it('the shipped profiles are valid, and every code has a default severity', () => {
    const files = readdirSync(SHIPPED_PROFILES_DIR).filter((n) => n.endsWith('.json'));
    assert.deepEqual(files.sort(), ['agid.json', 'genova.json']);
    for (const n of files) readPecProfile(join(SHIPPED_PROFILES_DIR, n));
    assert.deepEqual(Object.keys(DEFAULT_SEVERITY).sort(), [...PEC_FINDING_CODES].sort());
  });

  it('every finding has an explanation and a fix in Italian (no English) and English, all placeholders filled', () => {
    const params = { type: 'zip', allowed: 'pdf, text', signers: 'MARIO ROSSI', qualification: 'AdESig', fonts: 'Helvetica', actions: 'JavaScript', links: 'https://x.it', files: 'a.txt', entries: 'word/vbaProject.bin', detail: 'PDF_PARSE', total: 40_000_000, limit: 30_000_000, main: 'a.pdf', name: 'è.pdf', characters: 'è' };
    const bad: string[] = [];
    for (const code of PEC_FINDING_CODES) {
      const f: PecFinding = { code, severity: 'block', params };
      const it = pecFindingText(f, 'it');
      const en = pecFindingText(f, 'en');
      for (const t of [it.message, it.fix, en.message, en.fix]) if (/[{}]|\?(\s|$)/.test(t) || t.trim() === '') bad.push(`${code}: ${t}`);
      const english = englishIn(`${it.message} ${it.fix}`);
      if (english.length) bad.push(`${code}: English [${english.join(', ')}] in ${it.message} ${it.fix}`);
      if (it.message === en.message) bad.push(`${code}: same text`);
    }
    assert.deepEqual(bad, []);
  });
});
