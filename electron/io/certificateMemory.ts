/**
 * The signing certificates Sigla has seen, for renewal reminders: fingerprint, name, subject and validity only (no
 * other personal data), kept in `certificates.json` of the data folder, shared by the CLI and the app.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateInfo } from '../core/cert/CertificateInfo.js';
import { writeFileAtomicSync } from './writeFileAtomicSync.js';
import { dataDir } from './dataDir.js';

export interface RememberedCertificate {
  readonly fingerprintSha256: string;
  readonly name: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly firstSeen: string;
}

const file = (env: NodeJS.ProcessEnv): string => join(dataDir(env), 'certificates.json');

export function rememberedCertificates(env: NodeJS.ProcessEnv = process.env): RememberedCertificate[] {
  try {
    const data = JSON.parse(readFileSync(file(env), 'utf8')) as { certificates?: RememberedCertificate[] };
    return Array.isArray(data.certificates) ? data.certificates : [];
  } catch {
    return [];
  }
}

/** Adds signature certificates (keyUsage nonRepudiation) not yet known. Failures to write are not fatal. */
export function rememberCertificates(ders: readonly Uint8Array[], env: NodeJS.ProcessEnv = process.env): void {
  try {
    const known = rememberedCertificates(env);
    const have = new Set(known.map((c) => c.fingerprintSha256));
    let changed = false;
    for (const der of ders) {
      const info = certificateInfo(der);
      if (!info.nonRepudiation || info.isCA || have.has(info.fingerprintSha256)) continue;
      known.push({ fingerprintSha256: info.fingerprintSha256, name: info.displayName, subject: info.subject, notAfter: info.notAfter.toISOString(), firstSeen: new Date().toISOString() });
      have.add(info.fingerprintSha256);
      changed = true;
    }
    if (!changed) return;
    mkdirSync(dataDir(env), { recursive: true });
    writeFileAtomicSync(file(env), JSON.stringify({ certificates: known }, null, 2) + '\n');
  } catch {
    // Reminders are a convenience: never a reason to fail a signature.
  }
}
