/**
 * The user's trust anchors: certificates in `<data>/trust`, read by verification (CLI `verify` and the app) with
 * io/certificateFiles.ts. Imported certificates are checked to be X.509 (PEM or DER), stored one per file as PEM
 * named by their SHA-256 fingerprint, written atomically; removing one rewrites (or deletes) the file that held it.
 */
import { mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { certificateInfo, type CertificateInfo } from '../core/cert/CertificateInfo.js';
import { SiglaError } from '../shared/errors.js';
import { certificatesInFile } from './certificateFiles.js';
import { dataDir } from './dataDir.js';
import { writeFileAtomicSync } from './writeFileAtomicSync.js';

const DAY = 86_400_000;
const CERT_FILE = /\.(pem|crt|cer|der)$/i;

export interface TrustAnchor {
  /** The SHA-256 fingerprint (hex, lower case): the anchor's id. */
  readonly id: string;
  readonly name: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly isCA: boolean;
}

export const trustDir = (env: NodeJS.ProcessEnv = process.env): string => join(dataDir(env), 'trust');

function anchor(info: CertificateInfo, now: number): TrustAnchor {
  return { id: info.fingerprintSha256, name: info.displayName, subject: info.subject, issuer: info.issuer, notAfter: info.notAfter.toISOString(), daysLeft: Math.floor((info.notAfter.getTime() - now) / DAY), isCA: info.isCA };
}

export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

/** Each certificate of the folder with the file that holds it (unreadable or non-certificate files are skipped). */
function entries(env: NodeJS.ProcessEnv): { file: string; der: Uint8Array; info: CertificateInfo }[] {
  let names: string[];
  try {
    names = readdirSync(trustDir(env)).filter((n) => CERT_FILE.test(n)).sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const file = join(trustDir(env), n);
    try {
      return certificatesInFile(file).flatMap((der) => {
        try {
          return [{ file, der, info: certificateInfo(der) }];
        } catch {
          return [];
        }
      });
    } catch {
      return [];
    }
  });
}

export function listTrustAnchors(env: NodeJS.ProcessEnv = process.env, now = Date.now()): TrustAnchor[] {
  const seen = new Set<string>();
  return entries(env)
    .filter((e) => !seen.has(e.info.fingerprintSha256) && seen.add(e.info.fingerprintSha256))
    .map((e) => anchor(e.info, now))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The certificates of a file the user chose, checked: PEM (one or more) or DER, each a well-formed X.509
 * certificate. Anything else is INPUT_FORMAT, and nothing is stored.
 */
export function readCertificateFile(path: string, name: string): { der: Uint8Array; info: CertificateInfo }[] {
  const bad = (): SiglaError => new SiglaError('INPUT_FORMAT', `${name} is not an X.509 certificate`, { params: { file: name, detail: 'not an X.509 certificate (PEM or DER)' } });
  const ders = certificatesInFile(path);
  if (ders.length === 0) throw bad();
  return ders.map((der) => {
    try {
      return { der, info: certificateInfo(der) };
    } catch (e) {
      throw Object.assign(bad(), { cause: e });
    }
  });
}

/** Adds the certificates of a file to the trust store (already present ones are left as they are). */
export function importTrustAnchors(path: string, name: string, env: NodeJS.ProcessEnv = process.env): TrustAnchor[] {
  const certs = readCertificateFile(path, name);
  const have = new Set(entries(env).map((e) => e.info.fingerprintSha256));
  mkdirSync(trustDir(env), { recursive: true });
  for (const c of certs) {
    if (have.has(c.info.fingerprintSha256)) continue;
    writeFileAtomicSync(join(trustDir(env), `${c.info.fingerprintSha256}.pem`), toPem(c.der));
    have.add(c.info.fingerprintSha256);
  }
  const now = Date.now();
  return certs.map((c) => anchor(c.info, now));
}

/** Removes a trust anchor by fingerprint from every file that holds it; true when one was found. */
export function removeTrustAnchor(id: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const all = entries(env);
  const files = new Set(all.filter((e) => e.info.fingerprintSha256 === id).map((e) => e.file));
  for (const file of files) {
    const rest = all.filter((e) => e.file === file && e.info.fingerprintSha256 !== id);
    if (rest.length === 0) unlinkSync(file);
    // A bundle keeps its other certificates, as PEM (certificateFiles.ts reads PEM whatever the extension).
    else writeFileAtomicSync(file, rest.map((e) => toPem(e.der)).join(''));
  }
  return files.size > 0;
}
