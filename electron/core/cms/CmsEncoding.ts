/**
 * Recognises how a CMS object was stored: DER or BER binary, base64 (as many Italian tools write .p7m files), or
 * PEM armour (RFC 7468 §2). Returns the binary encoding, untouched when it already was binary.
 */
import { SiglaError } from '../../shared/errors.js';

export type CmsEncoding = 'binary' | 'base64' | 'pem';

export interface DecodedCms {
  readonly encoding: CmsEncoding;
  readonly bytes: Uint8Array;
}

/** True when every byte of `b` is a Base64 character or white space (RFC 2045 §6.8). */
export function isBase64Text(b: Uint8Array): boolean {
  for (const c of b) {
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x3d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
    if (!ok) return false;
  }
  return true;
}

/**
 * The binary form of a CMS object stored as DER/BER, Base64 or PEM. The text is checked byte by byte and decoded
 * without intermediate copies of the whole file (a .p7m may be hundreds of megabytes).
 */
export function decodeCmsInput(input: Uint8Array): DecodedCms {
  if (input[0] === 0x30) return { encoding: 'binary', bytes: input };
  const buf = Buffer.from(input.buffer, input.byteOffset, input.length);
  let body: Buffer = buf;
  let encoding: CmsEncoding = 'base64';
  // Only text inputs are candidates; latin1 so that binary garbage cannot throw.
  if (buf.subarray(0, 64).toString('latin1').trimStart().startsWith('-----BEGIN')) {
    const begin = buf.indexOf('-----BEGIN ');
    const labelEnd = buf.indexOf('-----', begin + 11);
    const label = labelEnd > 0 ? buf.subarray(begin + 11, labelEnd).toString('latin1') : '';
    if (!/^[A-Z0-9 ]{1,64}$/.test(label)) throw new SiglaError('INPUT_FORMAT', 'malformed PEM armour');
    const end = buf.indexOf(`-----END ${label}-----`, labelEnd + 5);
    if (end < 0) throw new SiglaError('INPUT_FORMAT', 'malformed PEM armour');
    body = buf.subarray(labelEnd + 5, end);
    // RFC 1421 headers ("Proc-Type: …") before the Base64 text: skip up to the blank line after them.
    if (/^\s*[A-Za-z-]+:/.test(body.subarray(0, 256).toString('latin1'))) {
      const blank = body.toString('latin1', 0, Math.min(body.length, 4096)).search(/\r?\n\r?\n/);
      if (blank >= 0) body = body.subarray(blank);
    }
    encoding = 'pem';
  }
  if (!isBase64Text(body)) throw new SiglaError('INPUT_FORMAT', 'not a CMS object (neither DER/BER nor base64)');
  const bytes = new Uint8Array(Buffer.from(body.toString('latin1'), 'base64'));
  if (bytes[0] !== 0x30) throw new SiglaError('INPUT_FORMAT', 'base64 text does not hold a CMS object');
  return { encoding, bytes };
}
