/**
 * A large .p7m opened for extension without reading its content into memory (RFC 5652 §5.1 layout): only the
 * headers up to the encapContentInfo and everything after it (certificates, crls, signerInfos — bounded) are read;
 * the encapContentInfo is streamed from the file when the output is written, and the eContent's value streamed
 * again when an archive time-stamp hashes it. Handled when the encapContentInfo, its [0] and the eContent OCTET
 * STRING have definite lengths and the OCTET STRING is primitive (DER, as Sigla and most tools write large
 * files); anything else returns undefined and the caller reads the file whole.
 */
import { open } from 'node:fs/promises';
import { children, expectTag, integerValue, oidString, raw, readTlv, type Tlv } from '../../core/asn1/Ber.js';
import { OID } from '../../core/asn1/oids.js';
import type { CmsEnvelope } from '../../core/cades/cmsEnvelope.js';
import type { ContentSource } from '../../core/content/ContentSource.js';
import { SiglaError } from '../../shared/errors.js';

/** What is read of the file before the content: the outer headers, version, digestAlgorithms, eContentType. */
const HEAD_MAX = 64 << 10;
const CHUNK = 1 << 20;

interface Header {
  readonly tag: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Content length, or -1 for an indefinite length. */
  readonly length: number;
}

/** Identifier and length octets at `off` (X.690 §8.1.2–8.1.3; one-octet tags only), or undefined past `buf`. */
function headerAt(buf: Uint8Array, off: number): Header | undefined {
  const tag = buf[off];
  const lb = buf[off + 1];
  if (tag === undefined || lb === undefined || (tag & 0x1f) === 0x1f) return undefined;
  if (lb === 0x80) return { tag, contentStart: off + 2, length: -1 };
  if (lb < 0x80) return { tag, contentStart: off + 2, length: lb };
  const n = lb & 0x7f;
  if (n > 6 || off + 2 + n > buf.length) return undefined;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + (buf[off + 2 + i] ?? 0);
  return { tag, contentStart: off + 2 + n, length };
}

/** A range of the file as a content source (one reused 1 MiB buffer; a chunk is valid until the next is asked for). */
function rangeSource(path: string, start: number, size: number): ContentSource {
  return {
    size,
    open: async function* () {
      const fh = await open(path, 'r');
      try {
        const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, size)));
        let done = 0;
        while (done < size) {
          const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - done), start + done);
          if (bytesRead === 0) return;
          done += bytesRead;
          yield buf.subarray(0, bytesRead);
        }
      } finally {
        await fh.close();
      }
    },
  };
}

async function readRange(path: string, start: number, length: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const out = new Uint8Array(length);
    let n = 0;
    while (n < length) {
      const { bytesRead } = await fh.read(out, n, length - n, start + n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    if (n !== length) throw new SiglaError('INPUT_CHANGED', `${path} changed while being read`, { params: { file: path } });
    return out;
  } finally {
    await fh.close();
  }
}

/**
 * The envelope of the binary CMS file at `path` (`size` bytes) with its content left in the file, or undefined when
 * its layout is not one handled here. `maxSuffix` bounds what is read after the content (`INPUT_LIMIT` beyond).
 */
export async function openCmsFileEnvelope(path: string, size: number, maxSuffix: number): Promise<CmsEnvelope | undefined> {
  const head = await readRange(path, 0, Math.min(size, HEAD_MAX));
  const ci = headerAt(head, 0);
  if (ci?.tag !== 0x30) return undefined;
  let ctype: Tlv;
  try {
    ctype = readTlv(head, ci.contentStart);
    if (oidString(ctype) !== OID.signedData) return undefined;
  } catch {
    return undefined;
  }
  const wrap = headerAt(head, ctype.end);
  if (wrap?.tag !== 0xa0) return undefined;
  const sd = headerAt(head, wrap.contentStart);
  if (sd?.tag !== 0x30) return undefined;
  let version: Tlv;
  let digestAlgs: Tlv;
  let eType: Tlv;
  let encap: Header | undefined;
  let encapStart: number;
  try {
    version = readTlv(head, sd.contentStart);
    digestAlgs = readTlv(head, version.end);
    encapStart = digestAlgs.end;
    encap = headerAt(head, encapStart);
    if (encap?.tag !== 0x30 || encap.length < 0) return undefined;
    eType = readTlv(head, encap.contentStart);
  } catch {
    return undefined;
  }
  const encapEnd = encap.contentStart + encap.length;
  const explicit = headerAt(head, eType.end);
  if (explicit?.tag !== 0xa0 || explicit.length < 0) return undefined;
  const os = headerAt(head, explicit.contentStart);
  if (os?.tag !== 0x04 || os.length < 0) return undefined;
  if (explicit.contentStart + explicit.length !== encapEnd || os.contentStart + os.length !== encapEnd || encapEnd > size) return undefined;
  // certificates, crls, signerInfos: up to the SignedData's end (definite) or its end-of-contents (indefinite).
  const suffixEnd = sd.length >= 0 ? sd.contentStart + sd.length : size;
  if (suffixEnd > size) return undefined;
  if (suffixEnd - encapEnd > maxSuffix) {
    throw new SiglaError('INPUT_LIMIT', `${path}: ${suffixEnd - encapEnd} bytes of certificates and signatures after the content`, { params: { file: path, limit: 'cmsSuffix' } });
  }
  const suffix = await readRange(path, encapEnd, suffixEnd - encapEnd);
  const fields: Tlv[] = [];
  let q = 0;
  try {
    while (q < suffix.length && !(suffix[q] === 0 && suffix[q + 1] === 0)) {
      const t = readTlv(suffix, q);
      fields.push(t);
      q = t.end;
    }
  } catch {
    return undefined;
  }
  let certificates: Tlv[] = [];
  let crls: Tlv[] = [];
  let signerInfos: Tlv | undefined;
  for (const f of fields) {
    if (f.tag === 0xa0) certificates = children(f);
    else if (f.tag === 0xa1) crls = children(f);
    else if (f.tag === 0x31) signerInfos = f;
    else return undefined;
  }
  if (!signerInfos) return undefined;
  return {
    version: integerValue(expectTag(version, 0x02, 'version')),
    digestAlgorithms: children(digestAlgs).map((a) => Uint8Array.from(raw(a))),
    encapContentInfo: new Uint8Array(0),
    encapSource: rangeSource(path, encapStart, encapEnd - encapStart),
    eContentSource: rangeSource(path, os.contentStart, os.length),
    eContentType: oidString(eType),
    eContentTypeTlv: Uint8Array.from(raw(eType)),
    eContent: null,
    certificates: certificates.map(raw),
    crls: crls.map(raw),
    signerInfos: children(signerInfos).map(raw),
  };
}
