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

const TEXT_CHUNK = 4 << 20;
const BASE64_CHARS = /^[A-Za-z0-9+/=\s]*$/;

/** How much is looked at before the rest: binary content (a PDF inside a .p7m, say) shows it in its first bytes. */
const FIRST_LOOK = 1024;

/** True when every byte of `b` is a Base64 character or white space (RFC 2045 §6.8); checked a few MB at a time. */
export function isBase64Text(b: Uint8Array): boolean {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
  // Each .p7m's content is asked whether it is a nested envelope in Base64: a 4 MB string was made of a PDF to find
  // that its first byte is not Base64 (issue 13, verify).
  if (!BASE64_CHARS.test(buf.toString('latin1', 0, Math.min(buf.length, FIRST_LOOK)))) return false;
  for (let i = 0; i < buf.length; i += TEXT_CHUNK) {
    if (!BASE64_CHARS.test(buf.toString('latin1', i, Math.min(buf.length, i + TEXT_CHUNK)))) return false;
  }
  return true;
}

/**
 * Base64 text (white space anywhere) to bytes, a few megabytes at a time: no string of the whole file is made, so a
 * 200 MB .p7m in Base64 costs its decoded size and not three times more.
 */
export function decodeBase64(text: Uint8Array): Uint8Array {
  const buf = Buffer.from(text.buffer, text.byteOffset, text.length);
  const out = Buffer.allocUnsafe(Math.floor((text.length * 3) / 4) + 3);
  let written = 0;
  let carry = '';
  for (let i = 0; i < buf.length; i += TEXT_CHUNK) {
    const last = i + TEXT_CHUNK >= buf.length;
    const chars = carry + buf.toString('latin1', i, Math.min(buf.length, i + TEXT_CHUNK)).replace(/\s+/g, '');
    const whole = last ? chars.length : chars.length - (chars.length % 4);
    written += Buffer.from(chars.slice(0, whole), 'base64').copy(out, written);
    carry = chars.slice(whole);
  }
  return new Uint8Array(out.buffer, out.byteOffset, written);
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
  const bytes = decodeBase64(body);
  if (bytes[0] !== 0x30) throw new SiglaError('INPUT_FORMAT', 'base64 text does not hold a CMS object');
  return { encoding, bytes };
}
