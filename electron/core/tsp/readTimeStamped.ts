/**
 * Reading the time-stamped envelopes: RFC 5544 TimeStampedData (.tsd) and the Italian .m7m MIME bundle (a .p7m and
 * its TimeStampResp). Both give back the enveloped bytes and the time-stamp tokens over them.
 */
import { SiglaError } from '../../shared/errors.js';
import { children, expectTag, octetStringValue, oidString, raw, readTlv } from '../asn1/Ber.js';
import { TAG } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';

export interface TimeStamped {
  readonly content: Uint8Array;
  /** TimeStampTokens (ContentInfo), original encodings. */
  readonly tokens: readonly Uint8Array[];
  /** The file name the envelope records, when it does. */
  readonly fileName?: string;
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

/** The parts of a .m7m: the signed envelope and the time-stamp (a TimeStampResp or a bare token). */
export function readM7m(bytes: Uint8Array): TimeStamped {
  const text = Buffer.from(bytes).toString('latin1');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(text)?.[1];
  if (!boundary) throw bad('not a MIME multipart (.m7m)');
  const parts = text.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--'));
  let content: Uint8Array | undefined;
  let fileName: string | undefined;
  const tokens: Uint8Array[] = [];
  for (const p of parts) {
    const sep = p.search(/\r?\n\r?\n/);
    if (sep < 0) continue;
    const head = p.slice(0, sep);
    const body = p.slice(sep).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, '');
    const compact = body.replace(/\s+/g, '');
    const data = /^[A-Za-z0-9+/=]+$/.test(compact) ? new Uint8Array(Buffer.from(compact, 'base64')) : new Uint8Array(Buffer.from(body, 'latin1'));
    if (/pkcs7-mime|\.p7m"/i.test(head)) {
      content = data;
      fileName = /filename="([^"]+)"/i.exec(head)?.[1];
    } else if (/timestamp|\.tsr"|\.tst"/i.test(head)) {
      tokens.push(tokenOf(data));
    }
  }
  if (!content) throw bad('the .m7m has no signed envelope');
  return { content, tokens, ...(fileName !== undefined ? { fileName } : {}) };
}

/** A TimeStampResp's token, or the bytes themselves when they already are a token. */
export function tokenOf(data: Uint8Array): Uint8Array {
  const top = children(readTlv(data));
  if (top[0]?.tag === TAG.OID) return data;
  const token = top[1];
  if (!token) throw bad('the time-stamp response holds no token');
  return raw(token);
}
