/**
 * Long-term signatures in the app, in Debian's Chromium through the browser harness (SoftHSM2 token, a PKI of its
 * own whose OCSP responder and CRLs answer on loopback, a TSA made by `openssl ts` on loopback, its account added in
 * Impostazioni): Firma's "Livello" lists B-B, B-T, B-LT, B-LTA with the Italian hint of each; a PDF signed at B-T
 * carries a signature-time-stamp (the CMS dumped by pdfsig, its unsigned attributes printed by openssl) and the CLI
 * reports B-T; at B-LT the DSS carries the signer's OCSP response (qpdf reads it, `openssl ocsp -respin` checks it); Verifica's "Estendi la firma" raises it to B-LTA beside it (the input's bytes unchanged, the output
 * starting with them), pdfsig lists the document time-stamp, and Verifica then shows B-LTA and "Rinnovo della
 * marcatura entro il". A PDF claiming PDF/A-2b that already breaks it (issue 15) is signed with the Italian
 * PDFA_ALREADY_INVALID warning under its result. axe-clean at each step; screenshots in test-artifacts/e2e/longterm-*.png.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { REPO, sha256File, sigla, tool } from '../helpers/cli.js';
import { makeRevocationPki, type RevocationPki } from '../helpers/ocspServer.js';
import { cleanup, hasSoftHsm, makeTestToken, type TestToken } from '../helpers/testPki.js';
import { hasOpenssl, startTsa, type Tsa } from '../helpers/tsaServer.js';

const installed = (cmd: string, arg: string): boolean => tool(cmd, [arg]).status !== -1;
const skip = browserUnavailable() || (!hasSoftHsm() ? 'SoftHSM2 missing' : !hasOpenssl() ? 'openssl missing' : !installed('pdfsig', '-v') ? 'pdfsig (poppler-utils) missing' : false);
const TSA_USER = 'ufficio.protocollo';
const TSA_PASSWORD = 'Tsa-Password-9!';

const HINTS = {
  'B-B': 'Solo la firma: nessuna marca temporale, nessun accesso alla rete.',
  'B-T': 'Firma con marca temporale: una richiesta al servizio di marca, pochi KB in più.',
  'B-LT': 'Anche certificati e risposte OCSP/CRL dentro il file, per verificarla quando il certificato sarà scaduto: richieste in rete e qualche decina di KB in più.',
  'B-LTA': 'Come B-LT, più una seconda marca temporale (del documento nel PDF, di archivio nel .p7m) che la protegge negli anni; da rinnovare prima che scada il certificato della marca.',
} as const;

/** The text of the element a control names in aria-describedby (what a screen reader reads after its label). */
const description = (control: Locator): Promise<string> =>
  control.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim());

/** pdfsig's blocks, one per signature of the file. */
function pdfsigBlocks(file: string): string[] {
  const r = tool('pdfsig', [file]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split(/^Signature #\d+:$/m).slice(1);
}

/** The DER element at the start of `b` (a dumped /Contents without its zero padding). */
function derPrefix(b: Buffer): Buffer {
  const first = b[1] ?? 0;
  if (first < 0x80) return b.subarray(0, 2 + first);
  let len = 0;
  for (let i = 0; i < (first & 0x7f); i++) len = len * 256 + (b[2 + i] ?? 0);
  return b.subarray(0, 2 + (first & 0x7f) + len);
}

describe('Long-term signatures: Firma "Livello" and Verifica "Estendi la firma"', { skip }, () => {
  let rev: RevocationPki;
  let tsa: Tsa;
  let tok: TestToken;
  let docs: string;
  let data: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  let picked: string[] = [];
  let env: NodeJS.ProcessEnv;

  before(async () => {
    rev = await makeRevocationPki();
    tsa = await startTsa({ user: TSA_USER, password: TSA_PASSWORD });
    tok = makeTestToken({ label: 'Ufficio Protocollo', identities: [rev.good], caCertsDer: [rev.intermediateDer] });
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-lt-'));
    data = mkdtempSync(join(tmpdir(), 'sigla-e2e-lt-data-'));
    // Sigla's trust store: the PKI's root and the TSA's (anchors of the paths gathered and verified).
    mkdirSync(join(data, 'trust'));
    copyFileSync(rev.rootPem, join(data, 'trust', 'root.pem'));
    copyFileSync(tsa.caPem, join(data, 'trust', 'tsa-ca.pem'));
    copyFileSync(join(REPO, 'resources', 'demo', 'determina.pdf'), join(docs, 'determina.pdf'));
    env = { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: data };
    harness = await startHarness({ port: 0, docs, lang: 'it', env, pick: async () => picked.map((n) => join(docs, n)) });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    await tsa?.close();
    await rev?.close().catch(() => undefined);
    cleanup(...[rev?.dir, tok?.dir, docs, data].filter((d): d is string => d !== undefined));
  });

  /** Firma's «Firma 1 documento», then the PIN typed in the PIN dialog. */
  const signOneWithPin = async (): Promise<void> => {
    await page.getByRole('button', { name: 'Firma 1 documento' }).click();
    const pin = page.getByRole('dialog');
    await pin.waitFor({ timeout: 15_000 });
    await pin.locator('input[type=password]').fill(tok.pin);
    await pin.locator('input[type=password]').press('Enter');
  };

  /** The CLI's own report of a file (offline, the same trust store): the engine's reading, for the level. */
  const cliReport = (file: string): { status: string; signatures: { level: string; integrity: string; renewalDue?: string }[] } => {
    const v = sigla(['verify', file, '--offline', '--json'], { env });
    return JSON.parse(v.stdout) as ReturnType<typeof cliReport>;
  };

  it('adds the TSA account in Impostazioni', async () => {
    await page.goto(harness.url);
    await page.getByRole('link', { name: 'Configuralo in Impostazioni' }).click();
    await page.getByRole('heading', { level: 1, name: 'Impostazioni' }).waitFor();
    await page.getByRole('button', { name: 'Aggiungi un servizio di marca temporale' }).click();
    const form = page.locator('form.subform');
    await form.getByLabel('Nome del servizio').fill('TSA di prova');
    await form.getByLabel('Indirizzo del servizio').fill(tsa.url);
    await form.getByLabel('Nome utente').fill(TSA_USER);
    await form.getByLabel('Password').fill(TSA_PASSWORD);
    await form.getByRole('button', { name: 'Salva il servizio' }).click();
    await page.getByText('Servizio «TSA di prova» salvato.').waitFor();
  });

  it('Firma: "Livello" lists B-B, B-T, B-LT, B-LTA, each with its own Italian hint', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Firma', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Firma' }).waitFor();
    picked = ['determina.pdf'];
    await page.getByRole('button', { name: 'Scegli i file da firmare' }).click();
    await page.getByRole('button', { name: 'Firma 1 documento' }).waitFor();
    const level = page.getByLabel('Livello', { exact: true });
    assert.deepEqual(await level.locator('option').allInnerTexts(), ['B-B', 'B-T', 'B-LT', 'B-LTA']);
    assert.equal(await level.inputValue(), 'B-B', 'B-B until a time-stamp is asked for');
    assert.equal(await description(level), HINTS['B-B']);
    const timestamp = page.getByRole('checkbox', { name: 'Aggiungi la marca temporale' });
    assert.equal(await timestamp.isChecked(), false);
    for (const l of ['B-LTA', 'B-LT', 'B-B', 'B-T'] as const) {
      await level.selectOption(l);
      await page.getByText(HINTS[l], { exact: true }).waitFor();
      assert.equal(await level.inputValue(), l);
      assert.equal(await description(level), HINTS[l]);
      // A level above B-B is a time-stamped signature: the checkbox follows the choice.
      assert.equal(await timestamp.isChecked(), l !== 'B-B', l);
    }
    await page.getByText('Servizio: TSA di prova.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'longterm-firma-livello.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Firma (livello B-T)'), []);
  });

  it('Firma: signs the PDF at B-T; the CMS carries a signature-time-stamp and the level is B-T', async () => {
    const input = join(docs, 'determina.pdf');
    const before = sha256File(input);
    const replies = tsa.replies;
    await signOneWithPin();
    await page.getByRole('button', { name: 'Apri determina-firmato.pdf' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'longterm-firma-bt.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Firma (risultato B-T)'), []);
    const out = join(docs, 'determina-firmato.pdf');
    assert.ok(existsSync(out), readdirSync(docs).join(', '));
    assert.equal(sha256File(input), before, 'the input is unchanged');
    assert.equal(tsa.replies, replies + 1, 'one request to the TSA');

    // pdfsig: one CAdES signature, valid; its CMS dumped and read by openssl: a signature-time-stamp in the
    // unsigned attributes (B-T), and no document time-stamp revision (not B-LTA).
    const blocks = pdfsigBlocks(out);
    assert.equal(blocks.length, 1);
    assert.match(blocks[0] ?? '', /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(blocks[0] ?? '', /Signature Validation: Signature is Valid\./);
    const dumpDir = mkdtempSync(join(data, 'dump-'));
    const dump = tool('sh', ['-c', 'cd "$1" && pdfsig -dump "$2"', 'sh', dumpDir, out]);
    assert.equal(dump.status, 0, dump.stderr);
    const sigFiles = readdirSync(dumpDir);
    assert.equal(sigFiles.length, 1, sigFiles.join(', '));
    const cms = tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(dumpDir, sigFiles[0] ?? '')]);
    assert.equal(cms.status, 0, cms.stderr);
    const unsigned = cms.stdout.split(/unsignedAttrs:/)[1] ?? '';
    assert.match(unsigned, /id-smime-aa-timeStampToken/, 'a signature-time-stamp among the unsigned attributes');

    const report = cliReport(out);
    assert.equal(report.signatures.length, 1);
    assert.equal(report.signatures[0]?.level, 'B-T');
    assert.equal(report.signatures[0]?.integrity, 'valid');
  });

  it('Firma: a PDF claiming PDF/A-2b that already breaks it is signed, the warning in Italian under its result', async () => {
    // Built with pdf-lib: XMP pdfaid 2/B, a standard (not embedded) Helvetica and an OpenAction JavaScript.
    const doc = await PDFDocument.create();
    doc.addPage([300, 300]).drawText('Determina', { x: 20, y: 150, font: await doc.embedFont(StandardFonts.Helvetica) });
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part='2' pdfaid:conformance='B'/></rdf:RDF></x:xmpmeta>`;
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })));
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
    writeFileSync(join(docs, 'pdfa-rotto.pdf'), await doc.save({ useObjectStreams: false }));

    await page.getByRole('button', { name: 'Ricomincia' }).click();
    picked = ['pdfa-rotto.pdf'];
    await page.getByRole('button', { name: 'Scegli i file da firmare' }).click();
    await page.getByLabel('Livello', { exact: true }).selectOption('B-B');
    await page.getByText(HINTS['B-B'], { exact: true }).waitFor();
    const replies = tsa.replies;
    await signOneWithPin();
    await page.getByRole('button', { name: 'Apri pdfa-rotto-firmato.pdf' }).waitFor({ timeout: 60_000 });
    const result = page.locator('li.result', { hasText: 'pdfa-rotto.pdf' });
    const warning = result.locator('.callout-warning');
    await warning.waitFor();
    assert.match(
      await warning.innerText(),
      /^Attenzione: pdfa-rotto\.pdf dichiara di essere un PDF\/A-2b, ma già non lo rispetta: usa caratteri \(font\) non incorporati nel file; contiene JavaScript; manca il profilo colore \(OutputIntent\) del PDF\/A\. Sigla lo firma senza correggerlo/,
    );
    // The file by its name: the renderer never sees a path.
    assert.equal((await result.innerText()).includes(docs), false);
    assert.equal(tsa.replies, replies, 'B-B: no time-stamp asked for');
    await page.screenshot({ path: join(SHOTS, 'longterm-firma-pdfa-avviso.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Firma (avviso PDF/A)'), []);
    const blocks = pdfsigBlocks(join(docs, 'pdfa-rotto-firmato.pdf'));
    assert.equal(blocks.length, 1);
    assert.match(blocks[0] ?? '', /Signature Validation: Signature is Valid\./);
  });

  it('Firma: signs the PDF at B-LT; the DSS carries the OCSP response for the signer (openssl ocsp -respin)', async () => {
    await page.getByRole('button', { name: 'Ricomincia' }).click();
    picked = ['determina.pdf'];
    await page.getByRole('button', { name: 'Scegli i file da firmare' }).click();
    await page.getByLabel('Livello', { exact: true }).selectOption('B-LT');
    await page.getByText(HINTS['B-LT'], { exact: true }).waitFor();
    const ocsp = rev.ocspRequests;
    await signOneWithPin();
    await page.getByRole('button', { name: 'Apri determina-firmato (2).pdf' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await axe(page, 'Firma (risultato B-LT)'), []);
    const out = join(docs, 'determina-firmato (2).pdf');
    assert.ok(rev.ocspRequests > ocsp, 'the OCSP responder was asked');
    // qpdf reads the catalog's /DSS; each /OCSPs stream goes to openssl: one says the signer's serial is good.
    const q = tool('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', out]);
    assert.ok(q.status === 0 || q.status === 3, q.stderr);
    type Obj = { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown>; data?: string } };
    const objects = (JSON.parse(q.stdout) as { qpdf: [unknown, Record<string, Obj>] }).qpdf[1];
    const deref = (r: unknown): Obj | undefined => (typeof r === 'string' ? objects[`obj:${r}`] : undefined);
    const root = deref((objects['trailer']?.value ?? {})['/Root'])?.value ?? {};
    const dssRef = root['/DSS'];
    const dss = (typeof dssRef === 'string' ? deref(dssRef)?.value : dssRef) as Record<string, unknown> | undefined;
    assert.ok(dss, 'a /DSS in the catalog');
    const ocspsRef = dss['/OCSPs'];
    const ocsps = (typeof ocspsRef === 'string' ? deref(ocspsRef)?.value : ocspsRef) as unknown as string[] | undefined;
    assert.ok(Array.isArray(ocsps) && ocsps.length >= 1, JSON.stringify(dss));
    const texts = ocsps.map((ref, i) => {
      const f = join(data, `ocsp-${i}.der`);
      writeFileSync(f, Buffer.from(deref(ref)?.stream?.data ?? '', 'base64'));
      const r = tool('openssl', ['ocsp', '-respin', f, '-resp_text', '-noverify']);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    });
    assert.ok(texts.some((t) => t.includes(`Serial Number: ${rev.good.serial.toUpperCase()}`) && /Cert Status: good/.test(t)), texts.join('\n'));
    // pdfsig: the signature valid, followed by the DSS revision (so not covering the whole file).
    const blocks = pdfsigBlocks(out);
    assert.equal(blocks.length, 1);
    assert.match(blocks[0] ?? '', /Signature Validation: Signature is Valid\./);
    assert.match(blocks[0] ?? '', /Not total document signed/);
    assert.equal(cliReport(out).signatures[0]?.level, 'B-LT');
  });

  const verify = async (name: string): Promise<Locator> => {
    picked = [name];
    await page.getByRole('navigation').getByRole('link', { name: 'Verifica', exact: true }).click();
    await page.getByRole('button', { name: 'Scegli un file firmato' }).click();
    const report = page.getByRole('article', { name });
    await report.waitFor({ timeout: 60_000 });
    return report;
  };

  it('Verifica: "Estendi la firma" to B-LTA writes a new file beside it; the signed file is not touched', async () => {
    const input = join(docs, 'determina-firmato.pdf');
    const original = readFileSync(input);
    const report = await verify('determina-firmato.pdf');
    await report.getByText('con marca temporale (B-T)', { exact: true }).waitFor();
    assert.equal(await report.getByText('Rinnovo della marcatura entro il').count(), 0, 'no renewal date below B-LTA');
    const level = report.getByLabel('Livello a cui estenderla');
    assert.deepEqual(await level.locator('option').allInnerTexts(), ['B-LT', 'B-LTA']);
    await level.selectOption('B-LTA');
    const replies = tsa.replies;
    const ocsp = rev.ocspRequests;
    await report.getByRole('button', { name: 'Estendi la firma' }).click();
    const done = report.getByText(/Firme estese e salvate come «.+» nella stessa cartella\./);
    await done.waitFor({ timeout: 60_000 });
    const name = /«(.+)»/.exec((await done.textContent()) ?? '')?.[1] ?? '';
    assert.equal(name, 'determina-firmato-esteso.pdf');
    await page.screenshot({ path: join(SHOTS, 'longterm-verifica-estesa.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Verifica (firma estesa)'), []);

    const out = join(docs, name);
    assert.ok(readFileSync(input).equals(original), 'the signed file is unchanged');
    const bytes = readFileSync(out);
    assert.ok(bytes.subarray(0, original.length).equals(original), 'the extension is an incremental update after the original bytes');
    assert.equal(tsa.replies, replies + 1, 'one document time-stamp');
    assert.ok(rev.ocspRequests > ocsp, 'the OCSP responder was asked for the validation data');
    // pdfsig: the signature still valid, then the document time-stamp of the TSA covering the whole file.
    const blocks = pdfsigBlocks(out);
    assert.equal(blocks.length, 2, blocks.join('\n'));
    assert.match(blocks[0] ?? '', /Signature Validation: Signature is Valid\./);
    assert.match(blocks[1] ?? '', /Signer Certificate Common Name: Sigla Test TSA/);
    assert.match(blocks[1] ?? '', /Total document signed/);
    // Poppler does not check RFC 3161 document time-stamps: openssl ts -verify does, over the ranges pdfsig names.
    const ranges = /Signed Ranges: \[(\d+) - (\d+)\], \[(\d+) - (\d+)\]/.exec(blocks[1] ?? '')?.slice(1).map(Number) ?? [];
    assert.equal(ranges.length, 4, blocks[1]);
    const [a = 0, b = 0, c = 0, d = 0] = ranges;
    assert.equal(d, bytes.length, 'the document time-stamp covers the whole file');
    const dumpDir = mkdtempSync(join(data, 'dump-lta-'));
    assert.equal(tool('sh', ['-c', 'cd "$1" && pdfsig -dump "$2"', 'sh', dumpDir, out]).status, 0);
    const dumped = readdirSync(dumpDir).sort();
    assert.equal(dumped.length, 2, dumped.join(', '));
    const tokenFile = join(dumpDir, 'token.tst');
    writeFileSync(tokenFile, derPrefix(readFileSync(join(dumpDir, dumped[1] ?? ''))));
    const covered = join(dumpDir, 'covered.bin');
    writeFileSync(covered, Buffer.concat([bytes.subarray(a, b), bytes.subarray(c, d)]));
    const ts = tool('openssl', ['ts', '-verify', '-data', covered, '-in', tokenFile, '-token_in', '-CAfile', tsa.caPem]);
    assert.equal(ts.status, 0, ts.stdout + ts.stderr);
    assert.match(ts.stdout, /Verification: OK/);
    const cli = cliReport(out);
    assert.equal(cli.signatures[0]?.level, 'B-LTA', JSON.stringify(cli));
    assert.ok(cli.signatures[0]?.renewalDue, 'the engine names a renewal date');
  });

  it('Verifica: "Estendi la firma" on a .p7m (CAdES B-B made by the CLI) writes NAME-esteso.pdf.p7m at B-LTA; openssl still verifies it', async () => {
    const p7m = join(docs, 'contratto.pdf.p7m');
    const signed = sigla(['sign', join(docs, 'determina.pdf'), '--format', 'cades', '--module', tok.module, '--token', tok.label, '--cert-id', rev.good.id, '--pin-stdin', '--out', p7m], { env, input: `${tok.pin}\n` });
    assert.equal(signed.status, 0, signed.stderr);
    const original = readFileSync(p7m);
    const report = await verify('contratto.pdf.p7m');
    await report.getByLabel('Livello a cui estenderla').selectOption('B-LTA');
    await report.getByRole('button', { name: 'Estendi la firma' }).click();
    const done = report.getByText(/Firme estese e salvate come «.+» nella stessa cartella\./);
    await done.waitFor({ timeout: 60_000 });
    assert.equal(/«(.+)»/.exec((await done.textContent()) ?? '')?.[1], 'contratto-esteso.pdf.p7m');
    assert.deepEqual(await axe(page, 'Verifica (.p7m estesa)'), []);
    assert.ok(readFileSync(p7m).equals(original), 'the .p7m is unchanged');
    const out = join(docs, 'contratto-esteso.pdf.p7m');
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', rev.rootPem, '-purpose', 'any', '-out', join(data, 'contratto.out')]);
    assert.equal(v.status, 0, v.stderr);
    assert.ok(readFileSync(join(data, 'contratto.out')).equals(readFileSync(join(docs, 'determina.pdf'))));
    assert.equal(cliReport(out).signatures[0]?.level, 'B-LTA', JSON.stringify(cliReport(out)));
  });

  it('Verifica: the extended file shows level B-LTA and "Rinnovo della marcatura entro il"', async () => {
    const report = await verify('determina-firmato-esteso.pdf');
    await report.getByText('con dati per la validazione a lungo termine e marca temporale di archivio (B-LTA)', { exact: true }).waitFor();
    const renewal = report.locator('dt', { hasText: 'Rinnovo della marcatura entro il' });
    await renewal.waitFor();
    const due = await renewal.locator('xpath=following-sibling::dd[1]').innerText();
    // Italian local time, as formatTime writes it, and the same instant the engine reports.
    assert.match(due, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(ora italiana\)$/, due);
    const iso = cliReport(join(docs, 'determina-firmato-esteso.pdf')).signatures[0]?.renewalDue ?? '';
    const rome = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
    assert.ok(due.startsWith(rome), `${due} vs ${iso}`);
    await report.getByText('Firma valida', { exact: true }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'longterm-verifica-blta.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Verifica (B-LTA)'), []);
  });
});
