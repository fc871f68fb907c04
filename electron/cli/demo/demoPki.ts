/**
 * The demo PKI behind `npm run demo`: a self-signed "Sigla Demo Root CA" and one demo signer, made with Node alone
 * (node:crypto keys + Sigla's DER encoder for the certificates, node-forge for the PKCS#12), so the demo works on a
 * machine without openssl.
 *
 * Everything here is DEMO material. The signer certificate carries a QcCompliance statement only so that the
 * qualified-certificate code paths can be shown; it is issued by a throw-away local root that nobody trusts and is
 * not qualified in any real (eIDAS) sense. The PKCS#12 password is a documented constant, not a secret.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import forge from 'node-forge';
import { OID } from '../../core/asn1/oids.js';
import {
  authorityKeyIdentifierExt,
  basicConstraintsExt,
  buildCertificate,
  buildName,
  certificatePem,
  keyIdentifier,
  keyUsageExt,
  qcStatementsExt,
  randomSerial,
  subjectKeyIdentifierExt,
} from '../../io/x509Builder.js';

export interface DemoIdentity {
  dir: string;
  p12Path: string;
  p12Password: string;
  /** PEM of the demo root. */
  caCertPath: string;
  /** PEM of the demo signer certificate. */
  signerCertPath: string;
  /** True when this call generated the files, false when it reused existing ones. */
  created: boolean;
}

/** The demo PKCS#12 password: documented and deliberately public, the file protects nothing of value. */
export const DEMO_P12_PASSWORD = 'sigla-demo';

export const DEMO_FILES = {
  p12: 'demo-signer.p12',
  caCert: 'demo-root.pem',
  signerCert: 'demo-signer.pem',
  signerKey: 'demo-signer-key.pem',
} as const;

const FRIENDLY_NAME = 'Sigla demo signer';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Back-date notBefore a little so a slightly slow clock elsewhere does not see a not-yet-valid certificate. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

function addYears(d: Date, years: number): Date {
  const out = new Date(d.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

function spkiOf(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}

/** Writes via a temporary file + rename so a crash never leaves a half-written file under the final name. */
function writeFileAtomic(file: string, data: string | Uint8Array, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, data, { mode, flag: 'wx' });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}

function paths(dir: string): Omit<DemoIdentity, 'created'> & { signerKeyPath: string } {
  return {
    dir,
    p12Path: path.join(dir, DEMO_FILES.p12),
    p12Password: DEMO_P12_PASSWORD,
    caCertPath: path.join(dir, DEMO_FILES.caCert),
    signerCertPath: path.join(dir, DEMO_FILES.signerCert),
    signerKeyPath: path.join(dir, DEMO_FILES.signerKey),
  };
}

/**
 * Creates once (and reuses afterwards, when all files exist) under `dir`:
 *
 * - a demo root CA "Sigla Demo Root CA": RSA 3072, 10 years, basicConstraints critical cA TRUE
 *   (RFC 5280 §4.2.1.9), keyUsage critical keyCertSign + cRLSign (§4.2.1.3), subjectKeyIdentifier (§4.2.1.2);
 * - a demo signer "ROSSI MARIO (DEMO)": RSA 2048, 2 years, keyUsage critical nonRepudiation, SKI, AKI (§4.2.1.1)
 *   and qcStatements with QcCompliance (ETSI EN 319 412-5 §4.2.1) — DEMO, not qualified in any real sense;
 *
 * and writes the root (PEM), the signer certificate (PEM), the signer key (PKCS#8 PEM, mode 0600) and a PKCS#12
 * with the signer key + signer certificate + root (AES-256, mode 0600, password {@link DEMO_P12_PASSWORD}).
 * The root private key is discarded after signing: the demo never issues anything else.
 */
export function ensureDemoIdentity(dir: string): DemoIdentity {
  const p = paths(dir);
  const { signerKeyPath, ...identity } = p;
  const all = [p.p12Path, p.caCertPath, p.signerCertPath, signerKeyPath];
  if (all.every((f) => fs.existsSync(f))) return { ...identity, created: false };

  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const now = new Date(Date.now() - CLOCK_SKEW_MS);

  // Root CA (self-signed).
  const root = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const rootSpki = spkiOf(root.publicKey);
  const rootKeyId = keyIdentifier(rootSpki);
  const rootName = buildName([
    ['C', 'IT'],
    ['O', 'Sigla (DEMO)'],
    ['CN', 'Sigla Demo Root CA'],
  ]);
  const rootNotAfter = addYears(now, 10);
  const rootDer = buildCertificate(
    {
      serial: randomSerial(),
      issuer: rootName,
      subject: rootName,
      notBefore: now,
      notAfter: rootNotAfter,
      spki: rootSpki,
      extensions: [
        basicConstraintsExt(true),
        keyUsageExt(['keyCertSign', 'cRLSign']),
        subjectKeyIdentifierExt(rootKeyId),
      ],
    },
    root.privateKey,
  );

  // Demo signer, Italian-style natural person (names after ETSI EN 319 412-2 §4.2.4), clearly marked DEMO.
  const signer = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signerSpki = spkiOf(signer.publicKey);
  const signerNotAfter = new Date(Math.min(addYears(now, 2).getTime(), rootNotAfter.getTime() - DAY_MS));
  const signerDer = buildCertificate(
    {
      serial: randomSerial(),
      issuer: rootName,
      subject: buildName([
        ['C', 'IT'],
        ['O', 'Comune di Valdoria (DEMO)'],
        ['GN', 'MARIO'],
        ['SN', 'ROSSI'],
        ['CN', 'ROSSI MARIO (DEMO)'],
        ['serialNumber', 'TINIT-DEMO0000000000000'],
      ]),
      notBefore: now,
      notAfter: signerNotAfter,
      spki: signerSpki,
      extensions: [
        keyUsageExt(['nonRepudiation']),
        subjectKeyIdentifierExt(keyIdentifier(signerSpki)),
        authorityKeyIdentifierExt(rootKeyId),
        qcStatementsExt([OID.qcCompliance]),
      ],
    },
    root.privateKey,
  );

  // PKCS#12 (RFC 7292) via node-forge; forge keeps the parsed TBSCertificate bytes, so the certs are not re-encoded.
  const toForgeCert = (der: Uint8Array): forge.pki.Certificate =>
    forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('binary')));
  const signerKeyPem = signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(signerKeyPem);
  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, [toForgeCert(signerDer), toForgeCert(rootDer)], DEMO_P12_PASSWORD, {
    algorithm: 'aes256',
    generateLocalKeyId: true,
    friendlyName: FRIENDLY_NAME,
  });
  const p12Der = Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary');

  writeFileAtomic(p.caCertPath, certificatePem(rootDer), 0o644);
  writeFileAtomic(p.signerCertPath, certificatePem(signerDer), 0o644);
  writeFileAtomic(signerKeyPath, signerKeyPem, 0o600);
  writeFileAtomic(p.p12Path, p12Der, 0o600); // last: its presence (with the others) marks a complete identity
  return { ...identity, created: true };
}
