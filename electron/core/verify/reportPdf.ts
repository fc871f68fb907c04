/**
 * The human report (reportText.ts `reportLines`) as a PDF for the file folder of a protocol office: A4 pages
 * (ISO 216) with the verified file's name, its SHA-256 and the verification time at the top, the same lines as the
 * text report wrapped to the page width, page breaks and "Pagina N di M". Made with pdf-lib in the standard
 * Helvetica font (ISO 32000-1 §9.6.2.2, one of the 14 standard Type 1 fonts) with WinAnsiEncoding (Annex D.2):
 * characters that encoding cannot hold (names in other scripts) are shown as "?" and a note says so. An embedded
 * Unicode font comes with issue 15.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
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
}

/** A4 in points (ISO 216: 210 × 297 mm). */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const SIZE = 10;
const LEADING = 13.5;
const INDENT = 14;
const FOOTER = 28;

/** `text` with every character `font` cannot encode replaced by "?"; `replaced` tells whether any was. */
function encodable(text: string, charset: ReadonlySet<number>): { text: string; replaced: boolean } {
  let replaced = false;
  let out = '';
  for (const ch of text.replace(/[\t\r\n]+/g, ' ')) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (charset.has(cp)) out += ch;
    else {
      out += '?';
      replaced = true;
    }
  }
  return { text: out, replaced };
}

/** `text` cut into lines no wider than `width`: at spaces, and inside a word only when the word alone is too wide. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (s: string): boolean => font.widthOfTextAtSize(s, size) <= width;
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
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const charset = new Set(regular.getCharacterSet());
  const created = new Date(input.verifiedAt);
  doc.setTitle(`${w.title}: ${encodable(input.fileName, charset).text}`);
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
  const write = (raw: string, opts: { font?: PDFFont; size?: number; indent?: number; kind?: ReportLine['kind']; mark?: string }): void => {
    const font = opts.font ?? regular;
    const size = opts.size ?? SIZE;
    const left = MARGIN + (opts.indent ?? 0) * INDENT;
    const safe = encodable(raw, charset);
    replaced ||= safe.replaced;
    const mark = opts.mark ?? '';
    const markWidth = font.widthOfTextAtSize(mark, size);
    const lines = wrapText(safe.text, font, size, PAGE.width - MARGIN - left - markWidth);
    const leading = size * (LEADING / SIZE);
    for (const [i, text] of lines.entries()) {
      if (!page || y - leading < MARGIN + FOOTER) page = newPage();
      y -= leading;
      page.drawText(i === 0 ? `${mark}${text}` : text, { x: i === 0 ? left : left + markWidth, y, size, font, color: COLOURS[opts.kind ?? 'text'] });
    }
  };
  const gap = (points: number): void => {
    y -= points;
  };

  write(w.heading, { font: bold, size: 16, kind: 'heading' });
  gap(6);
  write(`${w.file}: ${input.fileName}`, { font: bold });
  write(`${w.sha256}: ${input.sha256}`, {});
  write(`${w.verifiedAt}: ${formatTime(input.verifiedAt, input.lang)}`, {});
  gap(10);
  for (const l of reportLines(input.report, input.lang)) {
    if (l.kind === 'heading' && l.indent === 1) gap(6);
    write(l.text, { font: l.kind === 'heading' ? bold : regular, indent: l.indent, kind: l.kind, mark: MARK[l.kind] });
  }
  if (replaced) {
    gap(10);
    write(w.replaced, { size: 8 });
  }
  for (const [i, p] of pages.entries()) {
    const footer = `${w.generatedBy} — ${w.page} ${i + 1} ${w.of} ${pages.length}`;
    p.drawText(footer, { x: MARGIN, y: MARGIN / 2, size: 8, font: regular, color: rgb(0.4, 0.4, 0.4) });
  }
  return doc.save({ useObjectStreams: false });
}
