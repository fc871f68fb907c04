/**
 * Reading the time-stamped envelopes: RFC 5544 TimeStampedData (.tsd) and the Italian .m7m MIME bundle (a .p7m and
 * its TimeStampResp). Both give back the enveloped bytes and the time-stamp tokens over them.
 */
import { SiglaError } from '../../shared/errors.js';
import { children, expectTag, octetStringValue, oidString, raw, readTlv } from '../asn1/Ber.js';
import { TAG } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import { isBase64Text } from '../cms/CmsEncoding.js';

export interface TimeStamped {
  readonly content: Uint8Array;
  /** TimeStampTokens (ContentInfo), original encodings. */
  readonly tokens: readonly Uint8Array[];
  /** The file name the envelope records, when it does. */
  readonly fileName?: string;
  /**
   * The bytes the time-stamps are over, when they are not `content`: a .m7m part that holds Base64 text without
   * saying so (`Content-Transfer-Encoding: binary`) is stamped as it stands, while `content` is its decoded CMS.
   */
  readonly stamped?: Uint8Array;
}

const bad = (detail: string): SiglaError => new SiglaError('INPUT_FORMAT', detail, { params: { detail } });

export function isTimeStampedData(bytes: Uint8Array): boolean {
  try {
    const [ctype] = children(readTlv(bytes));
    return ctype !== undefined && oidString(ctype) === OID.timeStampedData;
  } catch {
    return false;
  }
}

export function readTimeStampedData(bytes: Uint8Array): TimeStamped {
  const [ctype, wrapped] = children(expectTag(readTlv(bytes), TAG.SEQUENCE, 'ContentInfo'));
  if (!ctype || oidString(ctype) !== OID.timeStampedData) throw bad('not a TimeStampedData (.tsd)');
  const [tsd] = children(expectTag(wrapped, 0xa0, 'content'));
  let content: Uint8Array | undefined;
  let fileName: string | undefined;
  const tokens: Uint8Array[] = [];
  for (const part of children(expectTag(tsd, TAG.SEQUENCE, 'TimeStampedData'))) {
    if (part.tagNumber === TAG.OCTET_STRING && part.tagClass === 0) content = octetStringValue(part);
    else if (part.tag === TAG.SEQUENCE) {
      const name = children(part).find((n) => n.tag === TAG.UTF8_STRING);
      if (name) fileName = new TextDecoder().decode(name.bytes.subarray(name.contentStart, name.contentEnd));
    } else if (part.tagClass === 2 && part.tagNumber === 0) {
      for (const stamp of children(part)) {
        const [token] = children(stamp);
        if (token) tokens.push(raw(token));
      }
    }
  }
  if (!content) throw bad('the .tsd does not embed its content (dataUri is not supported)');
  return { content, tokens, ...(fileName !== undefined ? { fileName } : {}) };
}

/** At most this many MIME parts in a .m7m (it has two or three: the envelope, the time-stamp, sometimes text). */
export const M7M_MAX_PARTS = 64;
const M7M_MAX_HEADER = 64 * 1024;

/** The end of a MIME header block (the blank line), searched from `from` within `max` bytes; -1 when none. */
function headerEnd(buf: Buffer, from: number, to: number): { head: number; body: number } | undefined {
  const limit = Math.min(to, from + M7M_MAX_HEADER);
  const lf = buf.subarray(from, limit).indexOf('\n\n');
  const crlf = buf.subarray(from, limit).indexOf('\r\n\r\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { head: from + crlf, body: from + crlf + 4 };
  if (lf >= 0) return { head: from + lf, body: from + lf + 2 };
  return undefined;
}

/**
 * The parts of a .m7m (RFC 2046 §5.1 multipart): the signed envelope and the time-stamp (a TimeStampResp or a bare
 * token). Read on the bytes, without copying the whole file into strings, with at most {@link M7M_MAX_PARTS} parts.
 */
export function readM7m(bytes: Uint8Array): TimeStamped {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const top = buf.subarray(0, Math.min(buf.length, M7M_MAX_HEADER)).toString('latin1');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(top)?.[1];
  if (!boundary) throw bad('not a MIME multipart (.m7m)');
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let content: Uint8Array | undefined;
  let stamped: Uint8Array | undefined;
  let fileName: string | undefined;
  const tokens: Uint8Array[] = [];
  let at = buf.indexOf(delimiter);
  for (let n = 0; at >= 0; n++) {
    if (n >= M7M_MAX_PARTS) throw new SiglaError('INPUT_LIMIT', `more than ${M7M_MAX_PARTS} MIME parts`, { params: { limit: 'mimeParts' } });
    const partStart = at + delimiter.length;
    const next = buf.indexOf(delimiter, partStart);
    const partEnd = next < 0 ? buf.length : next;
    at = next;
    if (buf[partStart] === 0x2d && buf[partStart + 1] === 0x2d) break; // the closing delimiter "--boundary--"
    const h = headerEnd(buf, partStart, partEnd);
    if (!h) continue;
    const head = buf.subarray(partStart, h.head).toString('latin1');
    let bodyEnd = partEnd;
    if (buf[bodyEnd - 1] === 0x0a) bodyEnd--;
    if (buf[bodyEnd - 1] === 0x0d) bodyEnd--;
    const body = buf.subarray(h.body, Math.max(h.body, bodyEnd));
    // Node's Base64 decoder skips white space, so the text need not be copied without it first.
    const base64 = isBase64Text(body);
    const data = base64 ? new Uint8Array(Buffer.from(body.toString('latin1'), 'base64')) : new Uint8Array(body);
    if (/pkcs7-mime|\.p7m"/i.test(head)) {
      content = data;
      // What the part holds (RFC 2045 §6): decoded only when it says Base64; otherwise the bytes as they stand, which
      // is what the time-stamp covers (ParER's m7m_ok: "binary" over Base64 text) even when they are Base64 text.
      stamped = base64 && !/^content-transfer-encoding:\s*base64\s*$/im.test(head) ? new Uint8Array(body) : undefined;
      fileName = /filename="([^"]+)"/i.exec(head)?.[1];
    } else if (/timestamp|\.tsr"|\.tst"/i.test(head)) {
      tokens.push(tokenOf(data));
    }
  }
  if (!content) throw bad('the .m7m has no signed envelope');
  return { content, tokens, ...(fileName !== undefined ? { fileName } : {}), ...(stamped !== undefined ? { stamped } : {}) };
}

/** A TimeStampResp's token, or the bytes themselves when they already are a token. */
export function tokenOf(data: Uint8Array): Uint8Array {
  const top = children(readTlv(data));
  if (top[0]?.tag === TAG.OID) return data;
  const token = top[1];
  if (!token) throw bad('the time-stamp response holds no token');
  return raw(token);
}
