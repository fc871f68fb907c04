/**
 * Text in embedded, subsetted TrueType fonts, as PDF/A wants it (ISO 19005-1 §6.3.4, ISO 19005-2 §6.2.11.4: every
 * font embedded; §6.3.5 / §6.2.11.4.2: a subset's CIDSet; §6.3.8 / §6.2.11.7: a /ToUnicode map): each font a Type0
 * font with the Identity-H encoding (ISO 32000-2 §9.7.6.2, §9.10.3) over a CIDFontType2 (§9.7.4) whose FontFile2 is
 * the subset fontkit writes, its glyph ids the CIDs (/CIDToGIDMap /Identity), its /W widths from the font's own
 * advance widths.
 *
 * A line is cut into runs by font: each character goes to the first font (Titillium Web, then Noto Sans) that has a
 * glyph for it; one that none has becomes "?". One glyph per character, no ligatures nor kerning: the /ToUnicode map
 * then gives each character back exactly, so a text extractor reads the name as it was written.
 *
 * The font bytes come from the caller (io/appearanceFonts.ts reads them once per process); nothing here reads files.
 */
import { createHash } from 'node:crypto';
import { create, type Font, type Glyph } from 'fontkit';
import { PDFHexString, PDFNumber, PDFString, type PDFContext, type PDFObject, type PDFRef } from 'pdf-lib';

/** The TrueType programs text is drawn with, in order of preference. */
export interface FontPrograms {
  /** Tried first (Titillium Web Regular). */
  readonly primary: Uint8Array;
  /** For the characters the primary lacks (Noto Sans Regular: Greek, Cyrillic…). */
  readonly fallback: Uint8Array;
}

/** A piece of a line drawn with one font: `font` indexes the fonts in order of preference. */
export interface TextRun {
  readonly font: number;
  readonly text: string;
}

/** Places an object in the file being written, returning its reference. */
export type PlaceObject = (o: PDFObject) => PDFRef;

const REPLACEMENT = '?';
const parsed = new WeakMap<Uint8Array, Font>();

function parse(bytes: Uint8Array): Font {
  let f = parsed.get(bytes);
  if (!f) {
    const font = create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!('glyphForCodePoint' in font)) throw new Error('a font collection, not a font');
    f = font;
    parsed.set(bytes, f);
  }
  return f;
}

/**
 * `text` cut into runs by font: each character (code point) goes to the first font `has` says can draw it; a
 * character no font has is replaced by "?" in the first font. Tabs and line breaks become spaces.
 */
export function splitRuns(text: string, has: readonly ((codePoint: number) => boolean)[]): TextRun[] {
  const runs: { font: number; text: string }[] = [];
  for (const raw of text.replace(/[\t\r\n]/g, ' ')) {
    const cp = raw.codePointAt(0) ?? 0x3f;
    let font = has.findIndex((h) => h(cp));
    let ch = raw;
    if (font < 0) {
      font = 0;
      ch = REPLACEMENT;
    }
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

/**
 * The /ToUnicode CMap (ISO 32000-2 §9.10.3, Adobe TN 5411) of a font whose codes are 2-byte CIDs: each CID to the
 * UTF-16BE of its text, in blocks of at most 100 entries.
 */
export function toUnicodeCMap(map: ReadonlyMap<number, string>): string {
  const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  const utf16 = (s: string): string => Array.from({ length: s.length }, (_, i) => hex4(s.charCodeAt(i))).join('');
  const entries = [...map.entries()].sort((a, b) => a[0] - b[0]);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    blocks.push(`${part.length} beginbfchar\n${part.map(([cid, s]) => `<${hex4(cid)}> <${utf16(s)}>`).join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** One font of the set: its glyphs used so far, in the order the subset numbers them (CID = subset glyph id). */
class SubsetFont {
  private readonly cids = new Map<number, number>();
  /** CID → the text it stands for (ToUnicode). */
  private readonly unicode = new Map<number, string>();
  /** CID → advance width in glyph space (1000 units per em). */
  private readonly widths = new Map<number, number>();
  private readonly glyphs: Glyph[] = [];

  constructor(readonly font: Font) {}

  has(cp: number): boolean {
    return this.font.hasGlyphForCodePoint(cp);
  }

  /** Width of `text` in glyph space (1000 per em), one glyph per character. */
  width(text: string): number {
    let w = 0;
    for (const ch of text) w += this.scaled(this.font.glyphForCodePoint(ch.codePointAt(0) ?? 0x3f).advanceWidth);
    return w;
  }

  private scaled(advance: number): number {
    return Math.round((advance * 1000) / this.font.unitsPerEm);
  }

  /** The 2-byte CIDs of `text` (Identity-H), each glyph taken into the subset. */
  encode(text: string): PDFHexString {
    let hex = '';
    for (const ch of text) {
      const glyph = this.font.glyphForCodePoint(ch.codePointAt(0) ?? 0x3f);
      let cid = this.cids.get(glyph.id);
      if (cid === undefined) {
        // The subset numbers glyphs as they are included, after .notdef (0): that number is the CID.
        cid = this.glyphs.length + 1;
        this.cids.set(glyph.id, cid);
        this.glyphs.push(glyph);
        this.unicode.set(cid, ch);
        this.widths.set(cid, this.scaled(glyph.advanceWidth));
      }
      hex += cid.toString(16).padStart(4, '0');
    }
    return PDFHexString.of(hex);
  }

  get used(): boolean {
    return this.glyphs.length > 0;
  }

  /** Writes the Type0 font and its parts; returns the Type0 font's reference. */
  embed(context: PDFContext, place: PlaceObject): PDFRef {
    const subset = this.font.createSubset();
    for (const [i, g] of this.glyphs.entries()) {
      const id = subset.includeGlyph(g) as unknown as number;
      if (id !== i + 1) throw new Error('unexpected subset glyph numbering');
    }
    const program = subset.encode();
    // Composite glyphs bring their components into the subset too: the CIDSet lists every glyph it holds.
    const glyphCount = (create(Buffer.from(program.buffer, program.byteOffset, program.byteLength)) as Font).numGlyphs;
    const cidSet = new Uint8Array(Math.ceil(glyphCount / 8));
    for (let cid = 0; cid < glyphCount; cid++) cidSet[cid >> 3] = (cidSet[cid >> 3] ?? 0) | (0x80 >> (cid & 7));

    const name = `${subsetTag(this.font.postscriptName, this.glyphs)}+${this.font.postscriptName}`;
    const upm = this.font.unitsPerEm;
    const em = (n: number): number => Math.round((n * 1000) / upm);
    const bbox = this.font.bbox;
    const fontFile = place(context.flateStream(program, { Length1: program.length }));
    const cidSetRef = place(context.flateStream(cidSet));
    const descriptor = place(
      context.obj({
        Type: 'FontDescriptor',
        FontName: name,
        Flags: 4, // Symbolic (§9.8.2): the glyphs are reached by CID, not by a standard encoding
        FontBBox: [em(bbox.minX), em(bbox.minY), em(bbox.maxX), em(bbox.maxY)],
        ItalicAngle: this.font.italicAngle,
        Ascent: em(this.font.ascent),
        Descent: em(this.font.descent),
        CapHeight: em(this.font.capHeight),
        StemV: 80,
        FontFile2: fontFile,
        CIDSet: cidSetRef,
      }),
    );
    const w: PDFObject[] = [];
    for (const [cid, width] of [...this.widths.entries()].sort((a, b) => a[0] - b[0])) w.push(PDFNumber.of(cid), context.obj([width]));
    const cidFont = place(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: name,
        CIDSystemInfo: context.obj({ Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 }),
        FontDescriptor: descriptor,
        W: context.obj(w),
        CIDToGIDMap: 'Identity',
      }),
    );
    const toUnicode = place(context.flateStream(toUnicodeCMap(this.unicode)));
    return place(
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: name,
        Encoding: 'Identity-H',
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    );
  }
}

/** The six capital letters of a subset's name (ISO 32000-2 §9.9.2), from the glyphs it holds. */
function subsetTag(fontName: string, glyphs: readonly Glyph[]): string {
  const d = createHash('sha256').update(fontName).update(glyphs.map((g) => g.id).join(',')).digest();
  return Array.from(d.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

/** A text drawn with the fonts: measured, encoded run by run, then embedded (only the fonts it used). */
export class EmbeddedFonts {
  private readonly fonts: SubsetFont[];

  constructor(programs: FontPrograms) {
    this.fonts = [programs.primary, programs.fallback].map((b) => new SubsetFont(parse(b)));
  }

  /** The resource name of font `i` (`/F1`, `/F2`). */
  static resourceName(i: number): string {
    return `F${i + 1}`;
  }

  runs(text: string): TextRun[] {
    return splitRuns(
      text,
      this.fonts.map((f) => (cp: number) => f.has(cp)),
    );
  }

  /** Width of a run at `size` points. */
  runWidth(run: TextRun, size: number): number {
    return ((this.fonts[run.font] as SubsetFont).width(run.text) * size) / 1000;
  }

  /** Width of `text` at `size` points, run by run. */
  widthOf(text: string, size: number): number {
    return this.runs(text).reduce((w, r) => w + this.runWidth(r, size), 0);
  }

  /** The run's show-text operand; its glyphs join the subset. */
  encode(run: TextRun): PDFHexString {
    return (this.fonts[run.font] as SubsetFont).encode(run.text);
  }

  /** The /Font resource dictionary's entries: every font used, embedded through `place`. */
  embed(context: PDFContext, place: PlaceObject): Record<string, PDFRef> {
    const out: Record<string, PDFRef> = {};
    this.fonts.forEach((f, i) => {
      if (f.used) out[EmbeddedFonts.resourceName(i)] = f.embed(context, place);
    });
    return out;
  }
}
