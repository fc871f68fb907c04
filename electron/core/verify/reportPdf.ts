/**
 * The human report (reportText.ts `reportLines`) as a PDF for the file folder of a protocol office: A4 pages
 * (ISO 216) with the verified file's name, its SHA-256 and the verification time at the top, the same lines as the
 * text report wrapped to the page width, page breaks and "Pagina N di M". Made with pdf-lib in the fonts of the
 * visible signatures (pades/embeddedFont.ts: subsets of Titillium Web and Noto Sans, embedded, with /ToUnicode), so
 * names in Latin, Greek or Cyrillic script print as written and can be copied back; a character neither font has is
 * shown as "?" and a note says so. Headings are the regular face filled and stroked (text rendering mode 2,
 * ISO 32000-2 §9.3.6): no bold face is shipped.
 */
import { drawText, popGraphicsState, PDFDocument, PDFName, type PDFPage, pushGraphicsState, rgb, setLineWidth, setStrokingColor, setTextRenderingMode, TextRenderingMode, degrees } from 'pdf-lib';
import type { FontPrograms } from '../pades/embeddedFont.js';
import { formatTime, REPORT_WORDS } from '../../shared/i18n/findings.js';
import { reportLines, type ReportLang, type ReportLine } from './reportText.js';
import type { FileReport } from './VerificationReport.js';

export interface ReportPdfInput {
  readonly report: FileReport;
  /** The verified file's name as the user knows it (no folders). */
  readonly fileName: string;
  /** SHA-256 of the verified file's bytes, in hex. */
  readonly sha256: string;
  /** When it was verified (ISO 8601). */
  readonly verifiedAt: string;
  readonly lang: ReportLang;
  /** The fonts the report is written in (io/appearanceFonts.ts). */
  readonly fonts: FontPrograms;
}

/** A4 in points (ISO 216: 210 × 297 mm). */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const SIZE = 10;
const LEADING = 13.5;
const INDENT = 14;
const FOOTER = 28;

/** `text` cut into lines no wider than `width`: at spaces, and inside a word only when the word alone is too wide. */
export function wrapText(text: string, widthOf: (s: string, size: number) => number, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (s: string): boolean => widthOf(s, size) <= width;
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    let rest = word;
    while (!fits(rest)) {
      let n = rest.length - 1;
      while (n > 1 && !fits(rest.slice(0, n))) n--;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

const COLOURS: Readonly<Record<ReportLine['kind'], ReturnType<typeof rgb>>> = {
  heading: rgb(0, 0, 0),
  text: rgb(0.1, 0.1, 0.1),
  problem: rgb(0.6, 0, 0),
  warning: rgb(0.35, 0.3, 0),
};
const MARK: Readonly<Record<ReportLine['kind'], string>> = { heading: '', text: '', problem: '! ', warning: '· ' };

export async function reportPdf(input: ReportPdfInput): Promise<Uint8Array> {
  const w = REPORT_WORDS[input.lang];
  const doc = await PDFDocument.create();
  // fontkit is loaded only when a report PDF is made.
  const { EmbeddedFonts } = await import('../pades/embeddedFont.js');
  const fonts = new EmbeddedFonts(input.fonts);
  const widthOf = (s: string, size: number): number => fonts.widthOf(s, size);
  const created = new Date(input.verifiedAt);
  doc.setTitle(`${w.title}: ${input.fileName}`);
  doc.setProducer('Sigla');
  doc.setCreator('Sigla');
  doc.setLanguage(input.lang === 'it' ? 'it-IT' : 'en');
  if (!Number.isNaN(created.getTime())) {
    doc.setCreationDate(created);
    doc.setModificationDate(created);
  }
  const pages: PDFPage[] = [];
  let page: PDFPage | undefined;
  let y = 0;
  let replaced = false;
  const newPage = (): PDFPage => {
    const p = doc.addPage([PAGE.width, PAGE.height]);
    pages.push(p);
    y = PAGE.height - MARGIN;
    return p;
  };
  /** One line of text at (x, y), run by run in the fonts that have its characters. */
  const draw = (p: PDFPage, text: string, x: number, at: number, size: number, color: ReturnType<typeof rgb>, bold: boolean): void => {
    const ops = [pushGraphicsState()];
    if (bold) ops.push(setTextRenderingMode(TextRenderingMode.FillAndOutline), setLineWidth(size * 0.04), setStrokingColor(color));
    let left = x;
    for (const run of fonts.runs(text)) {
      ops.push(...drawText(fonts.encode(run), { color, font: EmbeddedFonts.resourceName(run.font), size, x: left, y: at, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
      left += fonts.runWidth(run, size);
    }
    ops.push(popGraphicsState());
    p.pushOperators(...ops);
  };
  const write = (raw: string, opts: { bold?: boolean; size?: number; indent?: number; kind?: ReportLine['kind']; mark?: string }): void => {
    const size = opts.size ?? SIZE;
    const left = MARGIN + (opts.indent ?? 0) * INDENT;
    const flat = raw.replace(/[\t\r\n]+/g, ' ');
    replaced ||= fonts.runs(flat).map((r) => r.text).join('') !== flat;
    const mark = opts.mark ?? '';
    const markWidth = widthOf(mark, size);
    const lines = wrapText(flat, widthOf, size, PAGE.width - MARGIN - left - markWidth);
    const leading = size * (LEADING / SIZE);
    for (const [i, text] of lines.entries()) {
      if (!page || y - leading < MARGIN + FOOTER) page = newPage();
      y -= leading;
      draw(page, i === 0 ? `${mark}${text}` : text, i === 0 ? left : left + markWidth, y, size, COLOURS[opts.kind ?? 'text'], opts.bold ?? false);
    }
  };
  const gap = (points: number): void => {
    y -= points;
  };

  write(w.heading, { bold: true, size: 16, kind: 'heading' });
  gap(6);
  write(`${w.file}: ${input.fileName}`, { bold: true });
  write(`${w.sha256}: ${input.sha256}`, {});
  write(`${w.verifiedAt}: ${formatTime(input.verifiedAt, input.lang)}`, {});
  gap(10);
  for (const l of reportLines(input.report, input.lang)) {
    if (l.kind === 'heading' && l.indent === 1) gap(6);
    write(l.text, { bold: l.kind === 'heading', indent: l.indent, kind: l.kind, mark: MARK[l.kind] });
  }
  if (replaced) {
    gap(10);
    write(w.replaced, { size: 8 });
  }
  for (const [i, p] of pages.entries()) {
    const footer = `${w.generatedBy} — ${w.page} ${i + 1} ${w.of} ${pages.length}`;
    draw(p, footer, MARGIN, MARGIN / 2, 8, rgb(0.4, 0.4, 0.4), false);
  }
  // The fonts, with the glyphs every page used, shared by all the pages.
  const resources = fonts.embed(doc.context, (o) => doc.context.register(o));
  for (const p of pages) for (const [name, ref] of Object.entries(resources)) p.node.setFontDictionary(PDFName.of(name), ref);
  return doc.save({ useObjectStreams: false });
}
