/**
 * The bytes the /ByteRange leaves out (ISO 32000-2 §12.8.1: exactly the /Contents value, a hexadecimal string
 * including its `<` and `>`) read as that string (§7.3.4.3: white space ignored, an odd last digit followed by 0),
 * straight from the file's bytes: the check runs once per signature over tens of kilobytes, so no text copy of it.
 *
 * White space is what the text check this replaces accepted (`\s` over the windows-1252 text of the bytes): tab,
 * line feed, vertical tab, form feed, carriage return, space and 0xA0 (no-break space).
 */

const SPACE = new Uint8Array(256);
for (const b of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]) SPACE[b] = 1;

const HEX_ONLY = /^[0-9A-Fa-f]*$/;

/** A hexadecimal digit's value, or -1. */
function nibble(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/** Whether only white space (as above) follows `end` to the end of the file. */
export function onlySpaceAfter(bytes: Uint8Array, end: number): boolean {
  for (let i = Math.max(0, end); i < bytes.length; i++) if (SPACE[bytes[i] ?? 0] !== 1) return false;
  return true;
}

/** The string `[start, end)` decodes to, or undefined when those bytes are not one hexadecimal string. */
export function holeValue(bytes: Uint8Array, start: number, end: number): Uint8Array | undefined {
  const from = Math.max(0, start);
  const to = Math.min(bytes.length, end);
  if (to - from < 2 || bytes[from] !== 0x3c || bytes[to - 1] !== 0x3e) return undefined;
  // The usual case, digits only, decoded natively (an odd last digit followed by 0, as below).
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + from + 1, to - from - 2).toString('latin1');
  if (HEX_ONLY.test(text)) {
    const out = new Uint8Array(Math.ceil(text.length / 2));
    Buffer.from(out.buffer, out.byteOffset, out.length).write(text.length % 2 === 1 ? `${text}0` : text, 'hex');
    return out;
  }
  let digits = 0;
  for (let i = from + 1; i < to - 1; i++) {
    const b = bytes[i] ?? 0;
    if (nibble(b) >= 0) digits++;
    else if (SPACE[b] !== 1) return undefined;
  }
  const out = new Uint8Array(Math.ceil(digits / 2));
  let k = 0;
  for (let i = from + 1; i < to - 1; i++) {
    const v = nibble(bytes[i] ?? 0);
    if (v < 0) continue;
    out[k >> 1] = (out[k >> 1] ?? 0) | (k % 2 === 0 ? v << 4 : v);
    k++;
  }
  return out;
}
