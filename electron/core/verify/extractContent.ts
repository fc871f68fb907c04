/**
 * The original document inside any envelope Sigla reads: .p7m (nested, DER/BER/base64/PEM), .tsd, .m7m — peeled
 * until plain content remains, with the name the envelopes imply (`x.pdf.p7m.p7m` → `x.pdf`).
 */
import { SiglaError } from '../../shared/errors.js';
import { decodeCmsInput } from '../cms/CmsEncoding.js';
import { parseSignedData } from '../cms/SignedData.js';
import { isTimeStampedData, readM7m, readTimeStampedData } from '../tsp/readTimeStamped.js';
import { nestedSignedData } from './verifyCmsIntegrity.js';

export interface Extracted {
  readonly content: Uint8Array;
  readonly name: string;
  /** Envelopes peeled, outermost first. */
  readonly layers: readonly ('p7m' | 'tsd' | 'm7m')[];
}

export function strippedName(name: string): string {
  let n = name;
  for (;;) {
    const next = n.replace(/\.(p7m|tsd|m7m|p7s)$/i, '');
    if (next === n || next === '') return n;
    n = next;
  }
}

export function extractContent(input: Uint8Array, fileName: string): Extracted {
  const layers: Extracted['layers'][number][] = [];
  let bytes = input;
  for (let depth = 0; depth < 32; depth++) {
    const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
    if (/^mime-version:|^content-type:\s*multipart/i.test(head.trimStart())) {
      bytes = readM7m(bytes).content;
      layers.push('m7m');
      continue;
    }
    let binary: Uint8Array;
    try {
      binary = decodeCmsInput(bytes).bytes;
    } catch {
      if (layers.length === 0) throw new SiglaError('INPUT_FORMAT', 'not a signed or time-stamped envelope', { params: { detail: 'p7m/tsd/m7m' } });
      break;
    }
    if (isTimeStampedData(binary)) {
      bytes = readTimeStampedData(binary).content;
      layers.push('tsd');
      continue;
    }
    // An inner envelope is peeled only when verify would check it as one (nestedSignedData: the whole content is
    // one SignedData), so the document extracted is never from an envelope whose signatures were not verified.
    if (layers.length > 0 && nestedSignedData(bytes) === null) break;
    let sd;
    try {
      sd = parseSignedData(binary);
    } catch (e) {
      if (layers.length === 0) throw e;
      break;
    }
    if (sd.eContent === null) throw new SiglaError('INPUT_FORMAT', 'a detached signature (.p7s) does not hold the document', { params: { detail: '.p7s' } });
    bytes = sd.eContent;
    layers.push('p7m');
  }
  return { content: bytes, name: strippedName(fileName), layers };
}
