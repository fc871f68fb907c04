/**
 * The one catalog of report texts (shared/i18n/findings.ts): every finding code, status, sub-indication and
 * qualification has an Italian text with no English word in it, no placeholder left unfilled and the same
 * placeholders as its English text; times in Italian local time; the PDF date format (ISO 32000-1 §7.9.4) that
 * PAdES /M uses; the human report of hand-made reports carrying the trusted-list fields.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FINDING_CODES } from '../../electron/core/findings/Finding.js';
import { reportLines, reportText } from '../../electron/core/verify/reportText.js';
import { localizeReport } from '../../electron/core/verify/localizeReport.js';
import type { FileReport } from '../../electron/core/verify/VerificationReport.js';
import { sig } from '../helpers/reportFixtures.js';
import { parsePdfDate } from '../../electron/core/pdf/pdfText.js';
import {
  APP_FINDING_TEXTS,
  FINDING_TEXTS,
  findingText,
  formatTime,
  isTimeParam,
  QUALIFICATION_TEXT,
  REPORT_WORDS,
  SERVICE_STATUS_TEXT,
  STATUS_WORDS,
  SUB_INDICATION_TEXT,
} from '../../electron/shared/i18n/findings.js';

/** Common English words that never belong in an Italian sentence. */
const ENGLISH = new Set(
  ('the of not signature signatures certificate certificates revoked revocation checked time-stamp timestamp time from by with and is was ' +
    'does cannot found valid invalid digest document unknown trusted issuer issued key weak changed added page object read missing after before ' +
    'source status content signed signer proof unavailable offline none no yes passed failed indeterminate qualified advanced electronic seal ' +
    'authority list service provider result declared level envelope countersignature warning problem report verified made').split(' '),
);

/** Words Italian has taken from English (Treccani lists them) and the program's name. */
const ITALIAN_TOO = new Set(['file', 'byte', 'sigla']);

/** Names from the standards and the PDF/CMS syntax that are the same in both languages. */
function withoutTechnicalNames(text: string): string {
  return text
    .replace(/\bhttps?:\/\/\S+/g, ' ') // addresses
    .replace(/«sigla [^»]*»/g, ' ') // commands, quoted as typed: «sigla trust update»
    .replace(/--[\w-]+/g, ' ') // command-line options
    .replace(/\/[A-Za-z]+/g, ' ') // PDF names: /ByteRange, /Contents, /SubFilter, /M
    .replace(/\b[\w-]+(\.[\w-]+)+\b/g, ' ') // adbe.pkcs7.sha1, ETSI.RFC3161
    .replace(/\b[A-Z0-9_-]{2,}\b/g, ' '); // OCSP, CRL, RSA, SHA-1, ETSI codes
}

function words(text: string): string[] {
  return withoutTechnicalNames(text).toLowerCase().match(/[\p{L}]+(?:-[\p{L}]+)*/gu) ?? [];
}

/** The English words found in an Italian text: common ones, and any (4+ letters) of the English text of the same thing. */
function englishIn(it: string, en?: string): string[] {
  const own = new Set(en ? words(en).filter((w) => w.length >= 4 && !ITALIAN_TOO.has(w)) : []);
  return words(it).filter((w) => ENGLISH.has(w) || own.has(w) || w.split('-').some((p) => ENGLISH.has(p)));
}

const placeholders = (t: string): string[] => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

/** Sample values for a placeholder: times as ISO (they must come out in Italian local time), the rest neutral. */
function sample(name: string): string | number {
  if (isTimeParam(name)) return '2023-01-12T09:21:06.000Z';
  if (name === 'bits') return 1024;
  if (name === 'detail') return 'OCSP http://ocsp.esempio.it: timeout; CRL http://crl.esempio.it/ca.crl: unreachable';
  return `X${name.length}`;
}

describe('the catalog of report texts', () => {
  it('every finding code has an Italian text: no English word, every placeholder filled, the same placeholders as in English', () => {
    assert.ok(FINDING_CODES.length >= 60);
    const bad: string[] = [];
    for (const code of FINDING_CODES) {
      const it = FINDING_TEXTS.it[code];
      const en = FINDING_TEXTS.en[code];
      if (!it || !en) {
        bad.push(`${code}: missing text`);
        continue;
      }
      if (it === en) bad.push(`${code}: the Italian text is the English one`);
      if (placeholders(it).join() !== placeholders(en).join()) bad.push(`${code}: placeholders ${placeholders(it).join()} ≠ ${placeholders(en).join()}`);
      const params = Object.fromEntries(placeholders(it).map((p) => [p, sample(p)]));
      const text = findingText({ code, params }, 'it');
      if (/[{}]/.test(text)) bad.push(`${code}: unresolved placeholder in «${text}»`);
      if (text.includes('?')) bad.push(`${code}: a value shown as ? in «${text}»`);
      if (/\d{4}-\d{2}-\d{2}T/.test(text)) bad.push(`${code}: an ISO time in «${text}»`);
      const english = englishIn(text, findingText({ code, params }, 'en'));
      if (english.length) bad.push(`${code}: English words [${english.join(', ')}] in «${text}»`);
      // The app's texts: Italian too, and never a command-line option or command (the app has buttons).
      if (APP_FINDING_TEXTS.it[code] !== undefined) {
        const app = findingText({ code, params }, 'it', 'app');
        const appEnglish = englishIn(app, findingText({ code, params }, 'en', 'app'));
        if (appEnglish.length) bad.push(`${code} (app): English words [${appEnglish.join(', ')}] in «${app}»`);
        if (/--|«sigla /.test(app) || /--|«sigla /.test(findingText({ code, params }, 'en', 'app'))) bad.push(`${code} (app): a command-line option or command in «${app}»`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('statuses, sub-indications, qualifications, service statuses and the report words are Italian', () => {
    const bad: string[] = [];
    const check = (what: string, it: Readonly<Record<string, string>>, en: Readonly<Record<string, string>>): void => {
      assert.deepEqual(Object.keys(it).sort(), Object.keys(en).sort(), what);
      for (const [k, v] of Object.entries(it)) {
        const english = englishIn(v, en[k]);
        if (english.length) bad.push(`${what}.${k}: English words [${english.join(', ')}] in «${v}»`);
        if (v === en[k] && !/^(File)$/.test(v)) bad.push(`${what}.${k}: same text in both languages`);
      }
    };
    check('status', STATUS_WORDS.it, STATUS_WORDS.en);
    check('subIndication', SUB_INDICATION_TEXT.it, SUB_INDICATION_TEXT.en);
    check('qualification', QUALIFICATION_TEXT.it, QUALIFICATION_TEXT.en);
    check('serviceStatus', SERVICE_STATUS_TEXT.it, SERVICE_STATUS_TEXT.en);
    check('report', REPORT_WORDS.it, REPORT_WORDS.en);
    assert.deepEqual(bad, []);
  });

  it('names every ETSI sub-indication and every qualification conclusion of shared/ACCEPTANCE.md', () => {
    const subs = ['HASH_FAILURE', 'SIG_CRYPTO_FAILURE', 'FORMAT_FAILURE', 'NO_SIGNING_CERTIFICATE_FOUND', 'NO_CERTIFICATE_CHAIN_FOUND', 'OUT_OF_BOUNDS_NO_POE', 'NOT_YET_VALID', 'SIG_CONSTRAINTS_FAILURE', 'REVOKED_NO_POE', 'REVOKED_CA_NO_POE', 'TRY_LATER', 'SIGNED_DATA_NOT_FOUND', 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE'];
    assert.deepEqual(Object.keys(SUB_INDICATION_TEXT.it).sort(), subs.sort());
    const q = QUALIFICATION_TEXT.it;
    assert.equal(q.QESig, 'Firma elettronica qualificata');
    assert.equal(q.QESeal, 'Sigillo elettronico qualificato');
    assert.equal(q['AdESig-QC'], 'Firma elettronica avanzata basata su certificato qualificato');
    assert.equal(q.AdESig, 'Firma elettronica avanzata');
    assert.equal(q.NA, 'Non applicabile');
    for (const k of ['AdESeal-QC', 'AdESeal', 'Indeterminate QESig', 'Indeterminate QESeal', 'Indeterminate AdESig-QC', 'Indeterminate AdESeal-QC', 'Indeterminate AdESig', 'Indeterminate AdESeal']) {
      assert.ok(k in q, k);
    }
  });

  it('shows times in Italian local time, summer time included', () => {
    assert.equal(formatTime('2023-01-12T09:21:06Z', 'it'), '12/01/2023 10:21:06 (ora italiana)');
    assert.equal(formatTime('2023-07-01T10:00:00.000Z', 'it'), '01/07/2023 12:00:00 (ora italiana)');
    // The night the clocks go back: 00:30 UTC is 02:30 summer time, 01:30 UTC is 02:30 winter time.
    assert.equal(formatTime('2023-10-29T00:30:00Z', 'it'), '29/10/2023 02:30:00 (ora italiana)');
    assert.equal(formatTime('2023-10-29T01:30:00Z', 'it'), '29/10/2023 02:30:00 (ora italiana)');
    assert.equal(formatTime('2023-12-31T23:59:59Z', 'en'), '01/01/2024 00:59:59 (Italian time)');
    assert.equal(formatTime('not a time', 'it'), 'not a time');
  });

  it('puts revocation failure kinds in words', () => {
    const f = { code: 'REVOCATION_UNAVAILABLE' as const, params: { detail: 'OCSP http://o.test: timeout; CRL http://c.test/x.crl: unreachable' } };
    assert.equal(findingText(f, 'it'), 'Lo stato di revoca del certificato non è disponibile (OCSP http://o.test: tempo scaduto; CRL http://c.test/x.crl: non raggiungibile).');
  });
});

describe('PDF dates (ISO 32000-1 §7.9.4)', () => {
  const iso = (s: string): string | undefined => parsePdfDate(s)?.toISOString();
  it('reads every timezone form and the optional fields', () => {
    assert.equal(iso("D:20230112102106+01'00'"), '2023-01-12T09:21:06.000Z');
    assert.equal(iso("D:20230112102106+01'00"), '2023-01-12T09:21:06.000Z');
    assert.equal(iso('D:20230112102106+0100'), '2023-01-12T09:21:06.000Z');
    assert.equal(iso("D:20230112102106-05'30'"), '2023-01-12T15:51:06.000Z');
    assert.equal(iso('D:20230112102106Z'), '2023-01-12T10:21:06.000Z');
    assert.equal(iso("D:20230112102106Z00'00'"), '2023-01-12T10:21:06.000Z');
    assert.equal(iso('D:20230112102106'), '2023-01-12T10:21:06.000Z');
    assert.equal(iso('D:2023'), '2023-01-01T00:00:00.000Z');
    assert.equal(iso('D:202301121021'), '2023-01-12T10:21:00.000Z');
    assert.equal(iso('20230112102106Z'), '2023-01-12T10:21:06.000Z');
  });
  it('refuses what is not a date', () => {
    for (const bad of ['', 'D:', 'D:23', 'D:20231312000000Z', 'D:20230230000000Z', 'D:20230112250000Z', "D:20230112102106+25'00'", 'D:20230112102106Zjunk', 'yesterday', `D:2023${'0'.repeat(100)}`, 'D:2023-01-12']) {
      assert.equal(parsePdfDate(bad), undefined, bad);
    }
  });
});

/** A report as helper "trust" fills it: qualification, trusted-list service, a qualified time-stamp. */
const qualified: FileReport = {
  file: 'determina.pdf.p7m',
  format: 'cades',
  status: 'passed',
  signatures: [
    sig({
      qualification: 'QESig',
      trustedList: { country: 'IT', tsp: 'InfoCert S.p.A.', service: 'InfoCert Firma Qualificata 2', status: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted' },
      certificate: { subject: 'CN=MARIO ROSSI', issuer: 'CN=InfoCert Firma Qualificata 2, O=INFOCERT SPA, C=IT', serial: '01', notBefore: '2022-01-01T00:00:00Z', notAfter: '2025-01-01T00:00:00Z', qualified: true, qcSSCD: true, nonRepudiation: true },
      timestamps: [{ time: '2023-01-12T09:22:00.000Z', kind: 'signature', integrity: 'valid', imprintMatches: true, tsa: 'InfoCert Time Stamping Authority 3', trusted: true, qualified: true, trustedList: { country: 'IT', tsp: 'InfoCert S.p.A.', service: 'InfoCert TSA', status: 'granted' } }],
      warnings: [{ code: 'NOT_REVOKED', params: { source: 'OCSP http://ocsp.infocert.it' } }],
    }),
    sig({
      signer: 'GIULIA BIANCHI',
      status: 'indeterminate',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
      kind: 'countersignature',
      signingTime: null,
      qualification: 'Indeterminate QESig',
      timestamps: [{ time: '2023-07-01T10:00:00.000Z', kind: 'signature', integrity: 'valid', imprintMatches: true, tsa: 'TSA di prova', trusted: false, qualified: false }],
      problems: [{ code: 'CERT_REVOKED', params: { revokedAt: '2023-07-01T10:00:00.000Z', source: 'CRL http://crl.test/ca.crl' } }],
      warnings: [{ code: 'WEAK_DIGEST', params: { algorithm: 'SHA1' } }],
    }),
  ],
  problems: [{ code: 'GIVEN_CONTENT_DIFFERS', params: {} }],
};

describe('the human report', () => {
  it('shows signer, status, qualification, issuer, TSP and service, declared time, time-stamps and findings in Italian', () => {
    const text = reportText(qualified, 'it');
    assert.match(text, /^determina\.pdf\.p7m \[cades\]: VALIDA$/m);
    assert.match(text, /^ {2}Firma 1: MARIO ROSSI — VALIDA$/m);
    assert.match(text, /^ {4}Qualificazione: Firma elettronica qualificata$/m);
    assert.match(text, /^ {4}Certificato emesso da: InfoCert Firma Qualificata 2 \(INFOCERT SPA\)$/m);
    assert.match(text, /^ {4}Prestatore di servizi fiduciari: InfoCert S\.p\.A\. \(IT\), servizio «InfoCert Firma Qualificata 2», stato nell'elenco di fiducia: qualificato$/m);
    assert.match(text, /^ {4}Ora di firma dichiarata: 12\/01\/2023 10:21:06 \(ora italiana\)$/m);
    assert.match(text, /^ {4}Marca temporale del 12\/01\/2023 10:22:00 \(ora italiana\), autorità «InfoCert Time Stamping Authority 3» — Prestatore di servizi fiduciari: InfoCert S\.p\.A\. \(IT\): valida, marca temporale qualificata$/m);
    assert.match(text, /^ {4}· Certificato non revocato \(fonte: OCSP http:\/\/ocsp\.infocert\.it\)\.$/m);
    assert.match(text, /^ {2}Firma 2 \(controfirma\): GIULIA BIANCHI — NON DETERMINABILE: il certificato non risale a un'autorità di certificazione riconosciuta come affidabile \(NO_CERTIFICATE_CHAIN_FOUND\)$/m);
    assert.match(text, /Qualificazione: Non determinabile: forse firma elettronica qualificata/);
    assert.match(text, /marca temporale non qualificata, autorità di marcatura non riconosciuta come affidabile/);
    assert.match(text, /^ {4}! Certificato revocato il 01\/07\/2023 12:00:00 \(ora italiana\) \(fonte: CRL http:\/\/crl\.test\/ca\.crl\)\.$/m);
    assert.match(text, /^ {2}! Il documento indicato a parte è diverso/m);
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T/, 'no ISO time in the human report');
    const english = reportLines(qualified, 'it').flatMap((l) => englishIn(l.text.replace(/«[^»]*»|CN=[^\n]*|\([A-Z]{2}\)|http:\/\/\S+/g, ' ')));
    assert.deepEqual(english, []);
  });

  it('in English with the same content', () => {
    const text = reportText(qualified, 'en');
    assert.match(text, /Qualification: Qualified electronic signature/);
    assert.match(text, /Declared signing time: 12\/01\/2023 10:21:06 \(Italian time\)/);
    assert.match(text, /INDETERMINATE: the certificate does not lead to a certification authority recognised as trusted \(NO_CERTIFICATE_CHAIN_FOUND\)/);
    assert.match(text, /Time-stamp of 12\/01\/2023 10:22:00 \(Italian time\), authority «InfoCert Time Stamping Authority 3».*: valid, qualified time-stamp/);
  });

  it('localizeReport adds the texts and keeps codes and ISO params', () => {
    const l = localizeReport(qualified, 'it');
    const s0 = l.signatures[0];
    assert.equal(s0?.qualificationText, 'Firma elettronica qualificata');
    assert.equal(s0?.warnings[0]?.code, 'NOT_REVOKED');
    assert.equal(s0?.warnings[0]?.message, 'Certificato non revocato (fonte: OCSP http://ocsp.infocert.it).');
    assert.equal(l.signatures[1]?.problems[0]?.params['revokedAt'], '2023-07-01T10:00:00.000Z');
    assert.match(l.problems?.[0]?.message ?? '', /^Il documento indicato a parte/);
    assert.equal(localizeReport(qualified, 'en').signatures[0]?.qualificationText, 'Qualified electronic signature');
  });
});
