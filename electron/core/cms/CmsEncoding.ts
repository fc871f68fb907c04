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

const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

export function decodeCmsInput(input: Uint8Array): DecodedCms {
  if (input[0] === 0x30) return { encoding: 'binary', bytes: input };
  // Only text inputs are candidates; decode as latin1 so that binary garbage cannot throw.
  const head = Buffer.from(input.subarray(0, Math.min(input.length, 64))).toString('latin1');
  const text = Buffer.from(input).toString('latin1');
  let body = text;
  let encoding: CmsEncoding = 'base64';
  if (head.trimStart().startsWith('-----BEGIN')) {
    const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
    if (!m || m[2] === undefined) throw new SiglaError('INPUT_FORMAT', 'malformed PEM armour');
    body = m[2].replace(/^[A-Za-z-]+:.*$/gm, '');
    encoding = 'pem';
  }
  if (!BASE64_TEXT.test(body)) throw new SiglaError('INPUT_FORMAT', 'not a CMS object (neither DER/BER nor base64)');
  const bytes = new Uint8Array(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
  if (bytes[0] !== 0x30) throw new SiglaError('INPUT_FORMAT', 'base64 text does not hold a CMS object');
  return { encoding, bytes };
}
