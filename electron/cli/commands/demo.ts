/**
 * `npm run demo`: the main job end to end with nothing but Node. Makes (once) a demo CA and signer as a PKCS#12
 * identity under the user's data folder (io/dataDir.ts, the folder the app uses), signs the sample "determina" as a
 * PAdES PDF with a visible signature (ETSI EN 319 142-1) and as CAdES .p7m and .p7s (EN 319 122-1), through the one
 * signing pipeline (io/signing), checks every output (Sigla's own check; `openssl cms -verify`, `pdfsig` and
 * `qpdf --check` when installed, demo/externalChecks.ts) and prints what it made, where, and each check's verdict.
 * With SoftHSM2 installed it does the same through a PKCS#11 token.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pkcs11 from 'pkcs11js';
import { certificateFields } from '../../core/cert/CertificateFields.js';
import type { VisibleSignature } from '../../core/pades/PadesOptions.js';
import type { RawSigner } from '../../core/signer/RawSigner.js';
import { verifyCmsIntegrity } from '../../core/verify/verifyCmsIntegrity.js';
import { verifyFile } from '../../core/verify/verifyFile.js';
import { dataDir } from '../../io/dataDir.js';
import { checkBeforeSigning, runSignBatch } from '../../io/signing/runSignBatch.js';
import { planSign, type SignJob, type SignRequest } from '../../io/signing/signRequest.js';
import { demoText } from '../../shared/i18n/demoTexts.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { describeError } from '../../shared/i18n/messages.js';
import { Pkcs12Signer } from '../../softkey/Pkcs12Signer.js';
import { HostSigner } from '../../token/host/HostSigner.js';
import { withTokenHost } from '../tokenHost.js';
import type { PinSource } from '../../token/PinSource.js';
import { DEMO_FILES, DEMO_P12_PASSWORD, ensureDemoIdentity, type DemoIdentity } from '../demo/demoPki.js';
import { opensslCmsVerify, pdfsigVerify, qpdfCheck, type Verdict } from '../demo/externalChecks.js';

const RESOURCES = join(__dirname, '..', '..', '..', '..', 'resources', 'demo');
const PDF = join(RESOURCES, 'determina.pdf');
const TEXT = join(RESOURCES, 'determina.txt');
const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';
const DEMO_TOKEN = 'Sigla Demo';
const DEMO_PIN = '123456';
/** Where offices usually want it: bottom right of the first page, the signer's name and the date (the default lines). */
const VISIBLE: VisibleSignature = { page: 1, position: 'bottom-right' };

function hasCommand(cmd: string): boolean {
  try {
    execFileSync(cmd, ['version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

type Tool = 'sigla' | 'openssl' | 'pdfsig' | 'qpdf';

/** One output and the verdict of each check, or the error that kept it from being written. */
interface Outcome {
  readonly file: string;
  readonly checks: readonly { readonly tool: Tool; readonly verdict: Verdict }[];
  readonly error?: string;
}

function pemToDer(path: string): Uint8Array {
  const pem = readFileSync(path, 'latin1');
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** Sigla's own check of a .p7m/.p7s: one signature, intact, over exactly the document. */
function cmsIntact(job: SignJob): Verdict {
  const original = readFileSync(job.input);
  const check = verifyCmsIntegrity(readFileSync(job.output), job.detached ? original : undefined);
  const ok = check.signatures.length === 1 && check.signatures.every((s) => s.valid) && check.content !== null && Buffer.compare(check.content, original) === 0;
  return ok ? 'ok' : 'failed';
}

/** Sigla's own verification of the signed PDF against the demo root: one signature, intact, not failed. */
async function pdfIntact(file: string, root: Uint8Array): Promise<Verdict> {
  const report = await verifyFile(file, new Uint8Array(readFileSync(file)), { anchors: [root] });
  const ok = report.signatures.length === 1 && report.signatures.every((s) => s.integrity === 'valid') && report.status !== 'failed';
  return ok ? 'ok' : 'failed';
}

async function checksOf(job: SignJob, id: DemoIdentity, root: Uint8Array): Promise<Outcome['checks']> {
  if (job.mode === 'pades') {
    return [
      { tool: 'sigla', verdict: await pdfIntact(job.output, root) },
      { tool: 'pdfsig', verdict: pdfsigVerify(job.output) },
      { tool: 'qpdf', verdict: qpdfCheck(job.output) },
    ];
  }
  return [
    { tool: 'sigla', verdict: cmsIntact(job) },
    { tool: 'openssl', verdict: opensslCmsVerify(job.output, id.caCertPath, job.detached ? job.input : undefined) },
  ];
}

/** The demo's requests: the PDF as PAdES with a visible signature and as .p7m, the text as .p7m; both as .p7s. */
function requests(outDir: string, lang: Lang): SignRequest[] {
  const common = { digest: 'sha256', outDir, existing: 'replace' } as const;
  return [
    {
      ...common,
      items: [
        { input: PDF, format: 'pades', visible: VISIBLE },
        { input: PDF, format: 'cades' },
        { input: TEXT, format: 'cades' },
      ],
      detached: false,
      pades: { reason: demoText('reason', lang), location: 'Valdoria' },
    },
    { ...common, items: [{ input: PDF, format: 'cades' }, { input: TEXT, format: 'cades' }], detached: true },
  ];
}

async function signAndCheck(signer: RawSigner, outDir: string, id: DemoIdentity, lang: Lang): Promise<Outcome[]> {
  mkdirSync(outDir, { recursive: true });
  const root = pemToDer(id.caCertPath);
  const outcomes: Outcome[] = [];
  for (const request of requests(outDir, lang)) {
    const plan = planSign(request);
    checkBeforeSigning(plan);
    const batch = await runSignBatch(plan, { signer });
    for (const o of batch.outcomes) {
      if (o.ok) outcomes.push({ file: o.output, checks: await checksOf(o.job, id, root) });
      else outcomes.push({ file: o.job.output, checks: [], error: describeError(o.error, lang) });
    }
  }
  return outcomes;
}

/** A SoftHSM2 token holding the demo identity, in a private SOFTHSM2_CONF under the demo folder. */
function ensureDemoToken(dir: string, id: DemoIdentity): boolean {
  if (!existsSync(SOFTHSM) || !hasCommand('softhsm2-util')) return false;
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env['SOFTHSM2_CONF'] = conf;
  const env = process.env;
  const list = execFileSync('softhsm2-util', ['--show-slots'], { env, encoding: 'utf8' });
  if (list.includes(`Label:            ${DEMO_TOKEN}`)) return true;
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', DEMO_TOKEN, '--pin', DEMO_PIN, '--so-pin', '12345678'], { env, stdio: 'ignore' });
  execFileSync('softhsm2-util', ['--import', join(id.dir, DEMO_FILES.signerKey), '--token', DEMO_TOKEN, '--label', 'Firma demo', '--id', '01', '--pin', DEMO_PIN], { env, stdio: 'ignore' });
  const api = new pkcs11.PKCS11();
  api.load(SOFTHSM);
  api.C_Initialize();
  try {
    const slot = api.C_GetSlotList(true).find((s) => api.C_GetTokenInfo(s).label.trim() === DEMO_TOKEN);
    if (!slot) return false;
    const session = api.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
    api.C_Login(session, pkcs11.CKU_USER, DEMO_PIN);
    const der = Buffer.from(pemToDer(id.signerCertPath));
    const fields = certificateFields(der);
    api.C_CreateObject(session, [
      { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_CERTIFICATE },
      { type: pkcs11.CKA_CERTIFICATE_TYPE, value: pkcs11.CKC_X_509 },
      { type: pkcs11.CKA_TOKEN, value: true },
      { type: pkcs11.CKA_ID, value: Buffer.from('01', 'hex') },
      { type: pkcs11.CKA_LABEL, value: 'Firma demo' },
      { type: pkcs11.CKA_SUBJECT, value: Buffer.from(fields.subject) },
      { type: pkcs11.CKA_ISSUER, value: Buffer.from(fields.issuer) },
      { type: pkcs11.CKA_SERIAL_NUMBER, value: Buffer.from(fields.serialNumber) },
      { type: pkcs11.CKA_VALUE, value: der },
    ]);
    api.C_Logout(session);
    api.C_CloseSession(session);
  } finally {
    api.C_Finalize();
    api.close();
  }
  return true;
}

const demoPins: PinSource = {
  pin: () => Promise.resolve(Buffer.from(DEMO_PIN)),
  confirmFinalTry: () => Promise.resolve(false),
};

export async function runDemo(lang: Lang): Promise<number> {
  const say = (key: string, params: Readonly<Record<string, string | number>> = {}): void => {
    process.stdout.write(`${demoText(key, lang, params)}\n`);
  };
  const base = join(dataDir(), 'demo');
  say('heading');
  say('folder', { folder: base });
  const id = ensureDemoIdentity(join(base, 'identity'));
  say(id.created ? 'identityCreated' : 'identityReused', { password: DEMO_P12_PASSWORD, file: id.p12Path });
  const outcomes = await signAndCheck(Pkcs12Signer.open(id.p12Path, Buffer.from(DEMO_P12_PASSWORD)), join(base, 'output'), id, lang);
  if (ensureDemoToken(join(base, 'softhsm'), id)) {
    const tokenDir = join(base, 'output', 'token');
    // The same path as `sigla sign`: PKCS#11 in the token host process.
    await withTokenHost(demoPins, async (host) => {
      const signer = await HostSigner.open(host, { module: SOFTHSM, token: DEMO_TOKEN, allowFinalTry: false, extraCertificates: [] });
      try {
        outcomes.push(...(await signAndCheck(signer, tokenDir, id, lang)));
      } finally {
        await signer.close();
      }
    });
    say('tokenUsed', { token: DEMO_TOKEN, pin: DEMO_PIN, folder: tokenDir });
  } else {
    say('tokenAbsent');
  }
  say('outputs');
  let ok = true;
  for (const o of outcomes) {
    const passed = o.error === undefined && o.checks.every((c) => c.verdict !== 'failed');
    ok &&= passed;
    if (o.error !== undefined) say('fileError', { file: o.file, error: o.error });
    else say(passed ? 'fileOk' : 'fileFailed', { file: o.file });
    for (const c of o.checks) process.stdout.write(`        ${demoText(`${c.tool}.${c.verdict}`, lang)}\n`);
  }
  say('padesNote');
  say(ok ? 'allOk' : 'someFailed');
  say('root', { file: id.caCertPath });
  return ok ? 0 : 1;
}
