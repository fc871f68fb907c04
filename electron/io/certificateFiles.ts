/**
 * Certificates from files: PEM (one or more per file) or DER, from a file or from every .pem/.crt/.cer/.der file of
 * a folder. Used for CA folders that complete chains and for trust anchors.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SiglaError } from '../shared/errors.js';
import { readInputFile } from './readInputFile.js';

function unreadable(path: string, cause: unknown): SiglaError {
  return new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause });
}

/** The certificates of one file, PEM or DER (a DER file is taken as one certificate). */
export function certificatesInFile(path: string): Uint8Array[] {
  // Only a regular file is read (a FIFO or a device named as a certificate file would block or never end).
  const bytes = Buffer.from(readInputFile(path, { allowEmpty: true }));
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN CERTIFICATE-----')) return bytes[0] === 0x30 ? [new Uint8Array(bytes)] : [];
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
}

/** The certificates of every certificate file in a folder. */
export function certificatesInFolder(dir: string): Uint8Array[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw unreadable(dir, e);
  }
  return names
    .filter((n) => /\.(pem|crt|cer|der)$/i.test(n) && isRegularFile(join(dir, n)))
    .flatMap((n) => certificatesInFile(join(dir, n)));
}

/** Entries of a certificate folder that are not regular files (FIFOs, devices, folders) are skipped. */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A file or a folder. */
export function certificatesAt(path: string): Uint8Array[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw unreadable(path, e);
  }
  return isDir ? certificatesInFolder(path) : certificatesInFile(path);
}
