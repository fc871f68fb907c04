/**
 * The password of a PKCS#12 file in the two encodings the file's algorithms use: UTF-8 for PBKDF2 (PBES2 and
 * PBMAC1, RFC 8018 §3 leaves the encoding open; OpenSSL writes the UTF-8 the user typed) and the BMPString of the
 * PKCS#12 derivation (RFC 7292 Appendix B.1), where an empty password may have been written as no octets at all.
 */
import { bmpPassword } from './pkcs12Kdf.js';

export interface Pkcs12Password {
  readonly utf8: Buffer;
  /** The BMPString octets (with the trailing NUL), or null for "no password". */
  readonly bmp: Buffer | null;
}

/** The candidates to try, in OpenSSL's order: the password as given, then (only when empty) no password at all. */
export function passwordCandidates(password: Buffer): Pkcs12Password[] {
  const text = password.toString('utf8');
  const given: Pkcs12Password = { utf8: Buffer.from(password), bmp: bmpPassword(text) };
  return text === '' ? [given, { utf8: Buffer.alloc(0), bmp: null }] : [given];
}

/** Zeroes the octets a candidate holds. */
export function wipePassword(p: Pkcs12Password): void {
  p.utf8.fill(0);
  p.bmp?.fill(0);
}
