/**
 * Four of pdf-lib's byte-at-a-time scans and per-value helpers replaced by native searches that give the same results (issue 13: verify
 * many files). Signature dictionaries carry their CMS as a hex string of tens of kilobytes (ISO 32000-1 §7.3.4.3,
 * §12.8.1 /Contents), and most producers write a stream's /Length as an indirect object (§7.3.8.2), which pdf-lib's
 * parser cannot resolve while parsing, so it looks for `endstream` one byte at a time:
 *
 * - `PDFObjectParser.parseHexString` appended one character per byte up to `>`: now the bytes up to the first `>`
 *   (or the end) are decoded at once as Latin-1, which is what `String.fromCharCode` of each byte gives;
 * - `PDFHexString.asBytes` called `parseInt` on each pair of characters: a value made only of hex digits is now
 *   decoded by Node's hex decoder (same bytes; an odd count still gets a 0 appended, §7.3.4.3); any other value
 *   (white space, stray characters, whose parseInt results are quirky) keeps pdf-lib's own code;
 * - `PDFObjectParser.findEndOfStreamFallback` stepped through the data matching `stream` and the four forms of
 *   `endstream` at every offset: every one of those keywords contains `stream` at most 5 bytes after its start, so
 *   no keyword can start before 5 bytes ahead of the next `stream` found by `indexOf`; from there the same matches
 *   are tried at each offset in the same order, with the same nesting count, end offset and error;
 * - `numberToString` (every number parsed becomes a PDFNumber, which keeps its text) splits and re-parses the
 *   number's text to undo exponent notation: an integer below 10^21 has none, so its text is `String(n)`, which is
 *   what that code returns for it; other numbers keep pdf-lib's code.
 *
 * pdf-lib's byte stream also counts lines and columns; they appear only in the text of its errors, which Sigla never
 * shows (loadPdf.ts reports the error's class), and are advanced here as a plain scan would.
 */
import { PDFHexString, PDFObjectParser, PDFStreamParsingError } from 'pdf-lib';
import * as pdfLibUtils from 'pdf-lib/cjs/utils';

interface ByteStreamState {
  idx: number;
  line: number;
  column: number;
  readonly bytes: Uint8Array;
  readonly length: number;
  assertNext(expected: number): number;
}

interface ParserState {
  readonly bytes: ByteStreamState;
}

const NEWLINE = 0x0a;
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const STREAM = Buffer.from('stream', 'latin1');
/** pdf-lib's Keywords, in the order findEndOfStreamFallback tries them: `stream` opens, the others close. */
const KEYWORDS: readonly (readonly [Uint8Array, number])[] = [
  [STREAM, 1],
  [Buffer.from('\r\nendstream', 'latin1'), -1],
  [Buffer.from('\rendstream', 'latin1'), -1],
  [Buffer.from('\nendstream', 'latin1'), -1],
  [Buffer.from('endstream', 'latin1'), -1],
];
/** The farthest `stream` lies from the start of a keyword (`\r\nendstream`). */
const STREAM_LAG = 5;
const HEX_DIGITS = /^[0-9A-Fa-f]*$/;

function view(bytes: Uint8Array, length: number): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(length, bytes.length));
}

/** Moves the stream to `to` (from its current offset), counting lines and columns as its `next()` would. */
function advance(s: ByteStreamState, to: number): void {
  const from = s.idx;
  const bytes = view(s.bytes, to);
  let lines = 0;
  let last = -1;
  for (let i = bytes.indexOf(NEWLINE, from); i !== -1; i = bytes.indexOf(NEWLINE, i + 1)) {
    lines++;
    last = i;
  }
  if (lines > 0) {
    s.line += lines;
    s.column = to - last - 1;
  } else if (to > from) s.column += to - from;
  s.idx = to;
}

function keywordAt(data: Uint8Array, length: number, at: number): readonly [Uint8Array, number] | undefined {
  for (const k of KEYWORDS) {
    const [word] = k;
    if (at + word.length > length) continue;
    let i = 0;
    while (i < word.length && data[at + i] === word[i]) i++;
    if (i === word.length) return k;
  }
  return undefined;
}

function parseHexString(this: ParserState): PDFHexString {
  const s = this.bytes;
  s.assertNext(LESS_THAN);
  const from = s.idx;
  let to = view(s.bytes, s.length).indexOf(GREATER_THAN, from);
  if (to === -1) to = Math.max(from, s.length);
  const value = view(s.bytes, s.length).toString('latin1', from, to);
  advance(s, to);
  s.assertNext(GREATER_THAN);
  return PDFHexString.of(value);
}

function findEndOfStreamFallback(this: ParserState, startPos: unknown): number {
  const s = this.bytes;
  const data = s.bytes;
  const length = Math.min(s.length, data.length);
  const haystack = view(data, length);
  let nesting = 1;
  let end = s.idx;
  let pos = s.idx;
  while (pos < length) {
    const next = haystack.indexOf(STREAM, pos);
    if (next === -1) {
      pos = length;
      break;
    }
    let at = Math.max(pos, next - STREAM_LAG);
    let found = keywordAt(data, length, at);
    while (found === undefined && at < next) found = keywordAt(data, length, ++at);
    // At `next` itself `stream` matches, so `found` is defined here.
    const [word, step] = found ?? [STREAM, 1];
    end = at;
    nesting += step;
    pos = at + word.length;
    if (nesting === 0) break;
  }
  advance(s, pos);
  if (nesting !== 0) throw new PDFStreamParsingError(startPos as ConstructorParameters<typeof PDFStreamParsingError>[0]);
  return end;
}

let installed = false;

/** Installs the shortcuts once per process (idempotent); see the module comment. */
export function installPdfScanShortcuts(): void {
  if (installed) return;
  installed = true;
  const parser = PDFObjectParser.prototype as unknown as { parseHexString: typeof parseHexString; findEndOfStreamFallback: typeof findEndOfStreamFallback };
  parser.parseHexString = parseHexString;
  parser.findEndOfStreamFallback = findEndOfStreamFallback;
  const hex = PDFHexString.prototype as unknown as { value: string; asBytes(): Uint8Array };
  const asBytes = hex.asBytes;
  hex.asBytes = function (this: { value: string }): Uint8Array {
    const v = this.value;
    if (!HEX_DIGITS.test(v)) return asBytes.call(this);
    const out = new Uint8Array((v.length + 1) >> 1);
    Buffer.from(out.buffer, out.byteOffset, out.length).write(v.length % 2 === 1 ? `${v}0` : v, 'hex');
    return out;
  };
  const utils = pdfLibUtils as { numberToString: (n: number) => string };
  const numberToString = utils.numberToString;
  utils.numberToString = (n: number): string => (Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : numberToString(n));
}
