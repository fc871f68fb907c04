/**
 * `npm run demo`: the main job end to end with nothing but Node. Makes (once) a demo CA and signer as a PKCS#12
 * identity under the user's data folder, signs the sample "determina" (PDF and text) as .p7m and .p7s, checks every
 * output (our integrity check; `openssl cms -verify` too when OpenSSL is installed) and prints what it made and where.
 * With SoftHSM2 installed it does the same through a PKCS#11 token.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pkcs11 from 'pkcs11js';
import { certificateFields } from '../../core/cert/CertificateFields.js';
import { signContent } from '../../core/cades/signContent.js';
import type { RawSigner } from '../../core/signer/RawSigner.js';
import { verifyCmsIntegrity } from '../../core/verify/verifyCmsIntegrity.js';
import { writeAtomically } from '../../io/AtomicFile.js';
import { dataDir } from '../../io/dataDir.js';
import { fileContentSource } from '../../io/FileContentSource.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { Pkcs12Signer } from '../../softkey/Pkcs12Signer.js';
import { HostSigner } from '../../token/host/HostSigner.js';
import { withTokenHost } from '../tokenHost.js';
import type { PinSource } from '../../token/PinSource.js';
import { DEMO_FILES, DEMO_P12_PASSWORD, ensureDemoIdentity, type DemoIdentity } from '../demo/demoPki.js';

const RESOURCES = join(__dirname, '..', '..', '..', '..', 'resources', 'demo');
const DOCUMENTS = ['determina.pdf', 'determina.txt'];
const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';
const DEMO_TOKEN = 'Sigla Demo';
const DEMO_PIN = '123456';

function hasCommand(cmd: string): boolean {
  try {
    execFileSync(cmd, ['version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

interface Outcome {
  readonly file: string;
  readonly ours: boolean;
  readonly openssl: boolean | undefined;
}

async function signAndCheck(signer: RawSigner, outDir: string, id: DemoIdentity, tag: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const openssl = hasCommand('openssl');
  for (const doc of DOCUMENTS) {
    const input = join(RESOURCES, doc);
    const original = readFileSync(input);
    for (const detached of [false, true]) {
      const out = join(outDir, `${doc}${tag}.${detached ? 'p7s' : 'p7m'}`);
      await writeAtomically(out, { force: true, inputs: [input] }, (sink) => signContent(fileContentSource(input), sink, { signer, hash: 'sha256', detached }));
      const check = verifyCmsIntegrity(readFileSync(out), detached ? original : undefined);
      const ours = check.signatures.length === 1 && check.signatures.every((s) => s.valid) && check.content !== null && Buffer.compare(check.content, original) === 0;
      let viaOpenssl: boolean | undefined;
      if (openssl) {
        const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', id.caCertPath, '-purpose', 'any', '-out', '/dev/null'];
        if (detached) args.push('-content', input);
        try {
          execFileSync('openssl', args, { stdio: 'ignore' });
          viaOpenssl = true;
        } catch {
          viaOpenssl = false;
        }
      }
      outcomes.push({ file: out, ours, openssl: viaOpenssl });
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
    const pem = readFileSync(id.signerCertPath, 'latin1');
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
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
  const it = lang === 'it';
  const base = join(dataDir(), 'demo');
  const id = ensureDemoIdentity(join(base, 'identity'));
  const outDir = join(base, 'output');
  mkdirSync(outDir, { recursive: true });
  process.stdout.write(it ? `Sigla demo — cartella: ${base}\n` : `Sigla demo — folder: ${base}\n`);
  process.stdout.write(
    (id.created ? (it ? 'Creata' : 'Created') : it ? 'Riusata' : 'Reused') +
      (it ? ` l'identità demo (PKCS#12, password "${DEMO_P12_PASSWORD}"): ${id.p12Path}\n` : ` the demo identity (PKCS#12, password "${DEMO_P12_PASSWORD}"): ${id.p12Path}\n`),
  );
  const outcomes = await signAndCheck(Pkcs12Signer.open(id.p12Path, Buffer.from(DEMO_P12_PASSWORD)), outDir, id, '');
  let tokenNote = it ? 'SoftHSM2 non installato: salto la dimostrazione con token PKCS#11.\n' : 'SoftHSM2 not installed: skipping the PKCS#11 token part.\n';
  if (ensureDemoToken(join(base, 'softhsm'), id)) {
    // The same path as `sigla sign`: PKCS#11 in the token host process.
    await withTokenHost(demoPins, async (host) => {
      const signer = await HostSigner.open(host, { module: SOFTHSM, token: DEMO_TOKEN, allowFinalTry: false, extraCertificates: [] });
      try {
        outcomes.push(...(await signAndCheck(signer, outDir, id, '.token')));
      } finally {
        await signer.close();
      }
    });
    tokenNote = it ? `Firmato anche tramite il token PKCS#11 SoftHSM2 "${DEMO_TOKEN}" (PIN ${DEMO_PIN}).\n` : `Also signed through the SoftHSM2 PKCS#11 token "${DEMO_TOKEN}" (PIN ${DEMO_PIN}).\n`;
  }
  process.stdout.write(tokenNote);
  let ok = true;
  for (const o of outcomes) {
    const ssl = o.openssl === undefined ? (it ? 'openssl assente' : 'openssl absent') : o.openssl ? 'openssl cms -verify: OK' : 'openssl cms -verify: FALLITA';
    ok &&= o.ours && o.openssl !== false;
    process.stdout.write(`  ${o.ours ? 'OK ' : 'KO '} ${o.file}  (${ssl})\n`);
  }
  process.stdout.write(ok ? (it ? 'Tutte le firme sono integre.\n' : 'All signatures verify.\n') : it ? 'Alcune verifiche sono fallite.\n' : 'Some checks failed.\n');
  process.stdout.write(it ? `Certificato radice demo (per verificare altrove): ${id.caCertPath}\n` : `Demo root certificate (to verify elsewhere): ${id.caCertPath}\n`);
  return ok ? 0 : 1;
}
