/**
 * PDFs written by independent producers, for PAdES tests: every file here was made by a third-party tool (Chromium,
 * cairo, Ghostscript, pdf-lib, qpdf, PDFBox, LibreOffice), never by Sigla. Each carries Italian text with accented
 * letters (PRODUCER_TEXT) on 2 pages where the producer allows.
 *
 * makeProducerPdfs(dir) makes what the machine can make; producerSkips() says which producers were unavailable
 * and why, producerFailures() which ones were available but failed (a test should treat those as errors).
 * Names are stable ids (ProducedPdf.name), files are <dir>/<name>.pdf, and ProducedPdf.notes is a comma-separated
 * list of tags (see NOTE_TAGS) that tests can match with notes.split(',').includes(tag).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, degrees } from 'pdf-lib';
import { hasPdfBox, pdfBoxJavaArgs } from './pdfbox.js';
import { cleanup, makeTestPki, type TestPki } from './testPki.js';

export interface ProducedPdf {
  name: string; // stable id, e.g. 'chromium', 'qpdf-linearized', 'pdfbox-signed'
  file: string; // absolute path, <dir>/<name>.pdf
  producer: string; // tool (and version when known) that wrote it
  notes: string; // comma-separated tags, see NOTE_TAGS
}

/** Tags that may appear in ProducedPdf.notes. */
export const NOTE_TAGS = [
  'two-pages', // the document has 2 pages
  'tagged', // tagged PDF (StructTreeRoot)
  'classic-xref', // last revision uses an xref table
  'xref-stream', // last revision uses an xref stream
  'object-streams', // some objects are in object streams
  'inherited-attrs', // MediaBox and Resources on the /Pages node only
  'rotated', // some page has /Rotate 90
  'indirect-annots', // a page's /Annots is an indirect array
  'indirect-acroform', // catalog /AcroForm is an indirect dictionary (with a text field)
  'link-annot', // a /Link annotation on page 1
  'incremental', // the file has more than one revision
  'linearized',
  'pdf-2.0',
  'encrypted-empty-user-password', // AES-256, user password '', owner password 'owner'
  'already-signed', // carries a valid signature dictionary (signature or document time-stamp) made by PDFBox + BC
  'signing-time-attr', // that signature's CMS has a signing-time attribute (adbe.pkcs7.detached style)
  'signature-timestamp', // that signature carries a signature-time-stamp unsigned attribute (test TSA)
  'doc-timestamp', // a document time-stamp (SubFilter ETSI.RFC3161) from the test TSA
] as const;

/** The Italian text every producer lays out, one array of lines per page. */
export const PRODUCER_TEXT: readonly (readonly string[])[] = [
  [
    'Comune di Roccabella - Determina n. 42 \u2014 Ufficio Tecnico',
    '',
    'La determina \u00e8 stata approvata; perci\u00f2 il responsabile procede\u2026',
    'Qualit\u00e0, citt\u00e0, pi\u00f9, caff\u00e8, perch\u00e9, cos\u00ec, \u00c8 vero: \u00e0 \u00e8 \u00e9 \u00ec \u00f2 \u00f9.',
    'Importo: 1.234,56 \u20ac \u2014 \u00abvirgolette\u00bb e \u201cdoppi apici\u201d.',
  ],
  [
    'Pagina 2 - Allegato A',
    '',
    "L'attivit\u00e0 \u00e8 conclusa entro il 31/12; la societ\u00e0 ne d\u00e0 atto.",
    'Firmato digitalmente ai sensi del D.Lgs. 82/2005 (CAD).',
  ],
];

/** Words that text extraction (pdftotext) finds in every produced PDF. */
export const PRODUCER_WORDS = ['approvata', 'perci\u00f2', 'attivit\u00e0'] as const;

export interface ProducerOptions {
  /** PKI whose `signer` signs the 'pdfbox-signed*' files; a temporary one is made (and removed) when absent. */
  pki?: TestPki;
  /** Only make these names (dependencies such as the pdf-lib base are still made, but not returned). */
  only?: readonly string[];
  /** Per external command; default 60 s. */
  timeoutMs?: number;
}

const skips: string[] = [];
const failures: string[] = [];
let ran = false;

/** Producers unavailable on this machine during the last makeProducerPdfs() (or now, if never run), with why. */
export function producerSkips(): string[] {
  return ran ? [...skips] : staticSkips();
}

/** Producers that were available but failed during the last makeProducerPdfs(): `name: error`. */
export function producerFailures(): string[] {
  return [...failures];
}

function onPath(name: string): string | null {
  for (const d of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}

function staticSkips(): string[] {
  const out: string[] = [];
  if (onPath('chromium') === null) out.push('chromium: chromium not installed (Debian package chromium)');
  if (onPath('pdftocairo') === null) out.push('cairo: pdftocairo not installed (Debian package poppler-utils)');
  if (onPath('gs') === null) out.push('ghostscript: gs not installed (Debian package ghostscript)');
  if (onPath('qpdf') === null) {
    out.push('qpdf-*, incremental-xrefstm: qpdf not installed (Debian package qpdf)');
  }
  if (!hasPdfBox()) out.push('pdfbox*: java/javac or libpdfbox2-java / libbcpkix-java not available');
  if (onPath('soffice') === null && onPath('libreoffice') === null) {
    out.push('libreoffice: soffice/libreoffice not installed (too big to install for tests)');
  }
  return out;
}

interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in its own process group; on timeout kills that group. Throws unless it exits 0. */
function run(cmd: string, args: readonly string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-20_000); });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const status = code ?? -1;
      if (timedOut) {
        reject(new Error(`${cmd} timed out after ${timeoutMs} ms`));
      } else if (status !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} exited ${status}${signal ? ` (${signal})` : ''}: ${stderr.slice(-2000)}`));
      } else {
        resolve({ status, stdout, stderr });
      }
    });
  });
}

function toolVersion(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
  const first = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n').map((l) => l.trim()).find((l) => l !== '');
  return first ?? cmd;
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The text as an A4 two-page HTML document (UTF-8). */
export function producerHtml(): string {
  const pages = PRODUCER_TEXT.map((lines, i) => {
    const body = lines.map((l, j) => (j === 0 ? `<h1>${htmlEscape(l)}</h1>` : l === '' ? '' : `<p>${htmlEscape(l)}</p>`));
    return `<div class="${i < PRODUCER_TEXT.length - 1 ? 'page break' : 'page'}">${body.join('\n')}</div>`;
  });
  return `<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>Determina n. 42</title>
<style>@page { size: A4; margin: 2cm } body { font-family: sans-serif; font-size: 12pt }
h1 { font-size: 16pt } .break { page-break-after: always; break-after: page }</style></head>
<body>
${pages.join('\n')}
</body></html>
`;
}

// WinAnsi-like bytes for the few non-Latin-1 characters of PRODUCER_TEXT (Ghostscript encoding vector below).
const PS_EXTRA: Record<string, number> = { '\u2014': 0x97, '\u2026': 0x85, '\u20ac': 0x80, '\u201c': 0x93, '\u201d': 0x94 };

function psString(s: string): string {
  let out = '(';
  for (const ch of s) {
    const code = PS_EXTRA[ch] ?? ch.codePointAt(0) ?? 0x3f;
    if (code > 0xff) throw new Error(`no PostScript code for ${ch}`);
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code > 0x7e) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out})`;
}

/** A PostScript program laying out PRODUCER_TEXT (Helvetica re-encoded: ISO Latin-1 + WinAnsi extras). */
export function producerPostScript(): string {
  // ISOLatin1Encoding has /minus at 0x2D: put /hyphen back so '-' extracts as U+002D.
  const extras = Object.entries({ 0x2d: 'hyphen', 0x97: 'emdash', 0x85: 'ellipsis', 0x80: 'Euro', 0x93: 'quotedblleft', 0x94: 'quotedblright' })
    .map(([code, glyph]) => `dup ${code} /${glyph} put`).join(' ');
  const pages = PRODUCER_TEXT.map((lines) => {
    const shows = lines.map((l, i) => `56 ${780 - i * 18} moveto ${psString(l)} show`);
    return `/Helv-Lat findfont 13 scalefont setfont\n${shows.join('\n')}\nshowpage`;
  });
  return `%!PS-Adobe-3.0
%%Title: Determina n. 42
/Helv-Lat /Helvetica findfont dup length dict begin
  { 1 index /FID ne { def } { pop pop } ifelse } forall
  /Encoding ISOLatin1Encoding 256 array copy ${extras} def
currentdict end definefont pop
<< /PageSize [595 842] >> setpagedevice
${pages.join('\n')}
%%EOF
`;
}

/**
 * pdf-lib document with the structures incremental signers trip over: MediaBox and Resources only on the /Pages
 * node (inherited), page 2 with /Rotate 90, page 1 with an INDIRECT /Annots array holding a /Link annotation and a
 * text-field widget, and an INDIRECT /AcroForm (pdf-lib registers it as its own object).
 */
export async function makePdflibPdf(opts: { useObjectStreams: boolean }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Determina n. 42 \u2014 pdf-lib');
  doc.setProducer('pdf-lib (Sigla test)');
  const ctx = doc.context;
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = PRODUCER_TEXT.map(() => doc.addPage([595.28, 841.89]));
  const [page1, page2] = pages;
  if (page1 === undefined || page2 === undefined) throw new Error('pdf-lib: pages not created');

  const form = doc.getForm();
  const field = form.createTextField('protocollo');
  field.setText('Prot. 2025/0042 \u2014 \u00e8 urgente');
  field.addToPage(page1, { x: 56, y: 560, width: 320, height: 24, font });
  form.updateFieldAppearances(font);

  // Inherited attributes: move MediaBox and Resources from every leaf to the /Pages node.
  const tree = doc.catalog.Pages();
  tree.set(PDFName.of('MediaBox'), ctx.obj([0, 0, 595.28, 841.89]));
  tree.set(PDFName.of('Resources'), ctx.obj({ Font: { F1: font.ref } }));
  for (const p of pages) {
    p.node.delete(PDFName.of('MediaBox'));
    p.node.delete(PDFName.of('Resources'));
  }

  // Hand-written content streams that use the inherited /F1.
  PRODUCER_TEXT.forEach((lines, i) => {
    const ops = lines.map((l) => `${(font.encodeText(l) as PDFHexString).toString()} Tj T*`).join('\n');
    const stream = ctx.flateStream(`BT /F1 13 Tf 18 TL 56 780 Td\n${ops}\nET\n`);
    pages[i]?.node.set(PDFName.of('Contents'), ctx.register(stream));
  });

  page2.setRotation(degrees(90));
  page2.node.delete(PDFName.of('Annots'));

  // Indirect /Annots on page 1: the link plus the widget pdf-lib put in its (direct) array.
  const link = ctx.register(ctx.obj({
    Type: 'Annot', Subtype: 'Link', Rect: [56, 700, 320, 716], Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of('https://example.org/albo/determina-42') },
  }));
  const existing = page1.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  const annots = ctx.obj([link]);
  if (existing !== undefined) for (const a of existing.asArray()) annots.push(a);
  page1.node.set(PDFName.of('Annots'), ctx.register(annots));

  return doc.save({ useObjectStreams: opts.useObjectStreams, updateFieldAppearances: false });
}

function latin1(buf: Uint8Array, from: number, to: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).subarray(from, to).toString('latin1');
}

/**
 * Appends a new revision (a new /Info dictionary) to an unencrypted PDF, as an incremental update: a classic xref
 * section when the last revision has an xref table, an (uncompressed) xref stream when it has an xref stream.
 * Only regular expressions on the last trailer are used, so this is for simple producer outputs, not arbitrary PDFs.
 */
export function appendIncrementalUpdate(pdf: Uint8Array, opts: { title?: string } = {}): Buffer {
  const src = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const tail = latin1(src, Math.max(0, src.length - 1024), src.length);
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (sx?.[1] === undefined) throw new Error('appendIncrementalUpdate: no startxref at the end');
  const prev = Number(sx[1]);
  const atXref = latin1(src, prev, Math.min(src.length, prev + 8192));
  const classic = atXref.startsWith('xref');
  let dict: string;
  if (classic) {
    const t = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(latin1(src, prev, src.length));
    if (t?.[1] === undefined) throw new Error('appendIncrementalUpdate: trailer not found');
    dict = t[1];
  } else {
    const t = /^\s*\d+\s+\d+\s+obj\s*<<([\s\S]*?)>>\s*stream/.exec(atXref);
    if (t?.[1] === undefined) throw new Error('appendIncrementalUpdate: xref stream dictionary not found');
    dict = t[1];
  }
  if (/\/Encrypt\b/.test(dict)) throw new Error('appendIncrementalUpdate: encrypted PDFs are not supported');
  const size = Number(/\/Size\s+(\d+)/.exec(dict)?.[1]);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(dict)?.[1];
  const id0 = /\/ID\s*\[\s*(<[0-9A-Fa-f\s]*>)/.exec(dict)?.[1];
  if (!Number.isInteger(size) || root === undefined) throw new Error('appendIncrementalUpdate: /Size or /Root missing');

  const parts: Buffer[] = [src];
  let pos = src.length;
  const add = (s: string | Buffer): void => {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    parts.push(b);
    pos += b.length;
  };
  if (src[src.length - 1] !== 0x0a && src[src.length - 1] !== 0x0d) add('\n');
  const infoNum = size;
  const infoOffset = pos;
  const title = (opts.title ?? 'Determina n. 42 - revisione 2').replace(/[()\\]/g, (c) => `\\${c}`);
  add(`${infoNum} 0 obj\n<< /Title (${title}) /Producer (Sigla test incremental update) /ModDate (D:20250102030405Z) >>\nendobj\n`);
  const newId = `<${Buffer.from(`sigla-incremental-${size}`).toString('hex').slice(0, 32).padEnd(32, '0')}>`;
  const ids = id0 === undefined ? '' : ` /ID [${id0.replace(/\s+/g, '')} ${newId}]`;

  if (classic) {
    const xrefOffset = pos;
    add(`xref\n${infoNum} 1\n${String(infoOffset).padStart(10, '0')} 00000 n\r\n`);
    add(`trailer\n<< /Size ${size + 1} /Root ${root} /Info ${infoNum} 0 R /Prev ${prev}${ids} >>\n`);
    add(`startxref\n${xrefOffset}\n%%EOF\n`);
  } else {
    const xrefNum = size + 1;
    const xrefOffset = pos;
    const entry = (offset: number): Buffer => {
      const b = Buffer.alloc(7);
      b[0] = 1;
      b.writeUInt32BE(offset, 1);
      b.writeUInt16BE(0, 5);
      return b;
    };
    const data = Buffer.concat([entry(infoOffset), entry(xrefOffset)]);
    add(`${xrefNum} 0 obj\n<< /Type /XRef /Size ${size + 2} /W [1 4 2] /Index [${infoNum} 2] /Root ${root} /Info ${infoNum} 0 R /Prev ${prev}${ids} /Length ${data.length} >>\nstream\n`);
    add(data);
    add(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
  }
  return Buffer.concat(parts);
}

/**
 * Signs `input` with PDFBox + Bouncy Castle (MakePdfs.java) as an incremental update. ETSI.CAdES.detached gets
 * signing-certificate-v2 and no signing-time; adbe.pkcs7.detached gets signing-time and no ESS attribute.
 */
export function pdfboxSign(input: string, output: string, signer: { p12: string; p12Password: string },
  subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached' = 'ETSI.CAdES.detached', opts: { timestamp?: boolean } = {}): void {
  const args = opts.timestamp === true
    ? ['sign-t', input, output, signer.p12, signer.p12Password]
    : ['sign', input, output, signer.p12, signer.p12Password, subFilter];
  if (opts.timestamp === true && subFilter !== 'ETSI.CAdES.detached') throw new Error('sign-t makes ETSI.CAdES.detached only');
  execFileSync('java', pdfBoxJavaArgs('MakePdfs', args), { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** Adds a PDFBox document time-stamp (ETSI.RFC3161) from MakePdfs' in-process test TSA, as an incremental update. */
export function pdfboxDocTimestamp(input: string, output: string): void {
  execFileSync('java', pdfBoxJavaArgs('MakePdfs', ['doctimestamp', input, output]), {
    stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000,
  });
}

interface Producer {
  name: string;
  base?: string; // producer whose output this one transforms
  needs: () => string | null; // null when runnable, else the skip reason
  make: (ctx: Ctx) => Promise<Omit<ProducedPdf, 'name' | 'file'> | null>;
}

interface Ctx {
  dir: string;
  work: string;
  timeoutMs: number;
  out: (name: string) => string;
  done: Map<string, ProducedPdf>;
  signer: () => { p12: string; p12Password: string };
}

const need = (tool: string, pkg: string) => (): string | null =>
  (onPath(tool) === null ? `${tool} not installed (Debian package ${pkg})` : null);

function requireBase(ctx: Ctx, name: string): ProducedPdf {
  const p = ctx.done.get(name);
  if (p === undefined) throw new Error(`base PDF '${name}' was not produced`);
  return p;
}

const PRODUCERS: Producer[] = [
  {
    name: 'pdflib',
    needs: () => null,
    make: async (ctx) => {
      fs.writeFileSync(ctx.out('pdflib'), await makePdflibPdf({ useObjectStreams: false }));
      return { producer: 'pdf-lib', notes: 'two-pages,classic-xref,inherited-attrs,rotated,indirect-annots,indirect-acroform,link-annot' };
    },
  },
  {
    name: 'pdflib-objstm',
    needs: () => null,
    make: async (ctx) => {
      fs.writeFileSync(ctx.out('pdflib-objstm'), await makePdflibPdf({ useObjectStreams: true }));
      return {
        producer: 'pdf-lib',
        notes: 'two-pages,xref-stream,object-streams,inherited-attrs,rotated,indirect-annots,indirect-acroform,link-annot',
      };
    },
  },
  {
    name: 'chromium',
    needs: need('chromium', 'chromium'),
    make: async (ctx) => {
      const html = path.join(ctx.work, 'chromium.html');
      fs.writeFileSync(html, producerHtml());
      const profile = fs.mkdtempSync(path.join(ctx.work, 'chromium-profile-'));
      await run('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-crash-reporter',
        '--no-pdf-header-footer', `--user-data-dir=${profile}`, `--print-to-pdf=${ctx.out('chromium')}`,
        `file://${html}`], ctx.timeoutMs, { ...process.env, HOME: ctx.work });
      fs.rmSync(profile, { recursive: true, force: true });
      if (!fs.existsSync(ctx.out('chromium'))) throw new Error('chromium wrote no PDF');
      return { producer: toolVersion('chromium', ['--version']), notes: 'two-pages,classic-xref,tagged' };
    },
  },
  {
    name: 'cairo',
    base: 'pdflib',
    needs: need('pdftocairo', 'poppler-utils'),
    make: async (ctx) => {
      await run('pdftocairo', ['-pdf', requireBase(ctx, 'pdflib').file, ctx.out('cairo')], ctx.timeoutMs);
      // cairo turns the /Rotate 90 page into a landscape MediaBox, so no page keeps a /Rotate.
      return { producer: toolVersion('pdftocairo', ['-v']), notes: 'two-pages,classic-xref' };
    },
  },
  {
    name: 'ghostscript',
    needs: need('gs', 'ghostscript'),
    make: async (ctx) => {
      const ps = path.join(ctx.work, 'ghostscript.ps');
      fs.writeFileSync(ps, producerPostScript(), 'latin1');
      await run('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=pdfwrite', '-o', ctx.out('ghostscript'), ps],
        ctx.timeoutMs);
      return { producer: `Ghostscript ${toolVersion('gs', ['--version'])}`, notes: 'two-pages,classic-xref' };
    },
  },
  ...([
    ['qpdf-objstm', ['--object-streams=generate'], 'two-pages,xref-stream,object-streams,inherited-attrs,rotated,indirect-annots,indirect-acroform,link-annot'],
    // Linearizing pushes inherited MediaBox/Resources down to the pages.
    ['qpdf-linearized', ['--linearize'], 'two-pages,classic-xref,linearized,rotated,indirect-annots,indirect-acroform,link-annot'],
    ['qpdf-pdf20', ['--force-version=2.0'], 'two-pages,classic-xref,pdf-2.0,inherited-attrs,rotated,indirect-annots,indirect-acroform,link-annot'],
    ['qpdf-rotated', ['--rotate=+90:1'], 'two-pages,classic-xref,inherited-attrs,rotated,indirect-annots,indirect-acroform,link-annot'],
    ['qpdf-encrypted', ['--encrypt', '', 'owner', '256', '--'],
      'two-pages,classic-xref,encrypted-empty-user-password,inherited-attrs,rotated,indirect-annots,indirect-acroform,link-annot'],
  ] as const).map(([name, args, notes]): Producer => ({
    name,
    base: 'pdflib',
    needs: need('qpdf', 'qpdf'),
    make: async (ctx) => {
      await run('qpdf', [...args, requireBase(ctx, 'pdflib').file, ctx.out(name)], ctx.timeoutMs);
      return { producer: toolVersion('qpdf', ['--version']), notes };
    },
  })),
  {
    name: 'incremental',
    base: 'pdflib',
    needs: () => null,
    make: async (ctx) => {
      fs.writeFileSync(ctx.out('incremental'), appendIncrementalUpdate(fs.readFileSync(requireBase(ctx, 'pdflib').file)));
      return {
        producer: 'pdf-lib + hand-written incremental update',
        notes: 'two-pages,classic-xref,incremental,inherited-attrs,rotated,indirect-annots,indirect-acroform,link-annot',
      };
    },
  },
  {
    name: 'incremental-xrefstm',
    base: 'qpdf-objstm',
    needs: need('qpdf', 'qpdf'),
    make: async (ctx) => {
      fs.writeFileSync(ctx.out('incremental-xrefstm'),
        appendIncrementalUpdate(fs.readFileSync(requireBase(ctx, 'qpdf-objstm').file)));
      return {
        producer: 'qpdf --object-streams=generate + hand-written incremental update (xref stream)',
        notes: 'two-pages,xref-stream,object-streams,incremental,inherited-attrs,rotated,indirect-annots,indirect-acroform,link-annot',
      };
    },
  },
  {
    name: 'pdfbox',
    needs: () => (hasPdfBox() ? null : 'java/javac or libpdfbox2-java / libbcpkix-java not available'),
    make: async (ctx) => {
      const signer = ctx.signer();
      const plain = ctx.out('pdfbox');
      await run('java', pdfBoxJavaArgs('MakePdfs', ['plain', plain,
        ';', 'sign', plain, ctx.out('pdfbox-signed'), signer.p12, signer.p12Password, 'ETSI.CAdES.detached',
        ';', 'sign', plain, ctx.out('pdfbox-signed-pkcs7'), signer.p12, signer.p12Password, 'adbe.pkcs7.detached',
        ';', 'sign-t', plain, ctx.out('pdfbox-signed-t'), signer.p12, signer.p12Password,
        ';', 'doctimestamp', plain, ctx.out('pdfbox-doctimestamp')]),
      ctx.timeoutMs);
      const producer = 'Apache PDFBox 2 (libpdfbox2-java) + Bouncy Castle';
      ctx.done.set('pdfbox', { name: 'pdfbox', file: plain, producer, notes: 'two-pages,classic-xref' });
      ctx.done.set('pdfbox-signed', { name: 'pdfbox-signed', file: ctx.out('pdfbox-signed'), producer,
        notes: 'two-pages,classic-xref,incremental,already-signed' });
      ctx.done.set('pdfbox-signed-pkcs7', { name: 'pdfbox-signed-pkcs7', file: ctx.out('pdfbox-signed-pkcs7'), producer,
        notes: 'two-pages,classic-xref,incremental,already-signed,signing-time-attr' });
      ctx.done.set('pdfbox-signed-t', { name: 'pdfbox-signed-t', file: ctx.out('pdfbox-signed-t'), producer,
        notes: 'two-pages,classic-xref,incremental,already-signed,signature-timestamp' });
      ctx.done.set('pdfbox-doctimestamp', { name: 'pdfbox-doctimestamp', file: ctx.out('pdfbox-doctimestamp'), producer,
        notes: 'two-pages,classic-xref,incremental,already-signed,doc-timestamp' });
      return { producer, notes: 'two-pages,classic-xref' };
    },
  },
  {
    name: 'libreoffice',
    needs: () => (onPath('soffice') === null && onPath('libreoffice') === null
      ? 'soffice/libreoffice not installed (Debian: libreoffice-writer-nogui)' : null),
    make: async (ctx) => {
      const exe = onPath('soffice') ?? 'libreoffice';
      const html = path.join(ctx.work, 'libreoffice.html');
      fs.writeFileSync(html, producerHtml());
      const profile = fs.mkdtempSync(path.join(ctx.work, 'lo-profile-'));
      await run(exe, ['--headless', '--norestore', '--nolockcheck', `-env:UserInstallation=file://${profile}`,
        '--convert-to', 'pdf', '--outdir', ctx.work, html], ctx.timeoutMs, { ...process.env, HOME: ctx.work });
      fs.renameSync(path.join(ctx.work, 'libreoffice.pdf'), ctx.out('libreoffice'));
      return { producer: toolVersion(exe, ['--version']), notes: 'two-pages,classic-xref' };
    },
  },
];

const PDFBOX_SIGNED = ['pdfbox-signed', 'pdfbox-signed-pkcs7', 'pdfbox-signed-t', 'pdfbox-doctimestamp'];

/** Names makeProducerPdfs() can make (the order it makes them in). */
export const PRODUCER_NAMES: readonly string[] = [
  ...PRODUCERS.map((p) => p.name).flatMap((n) => (n === 'pdfbox' ? [n, ...PDFBOX_SIGNED] : [n])),
];

/**
 * Makes every PDF this machine can make into `dir` (created if needed). Unavailable producers are listed by
 * producerSkips(), failed ones by producerFailures(); neither throws.
 */
export async function makeProducerPdfs(dir: string, opts: ProducerOptions = {}): Promise<ProducedPdf[]> {
  skips.length = 0;
  failures.length = 0;
  ran = true;
  fs.mkdirSync(dir, { recursive: true });
  const absDir = path.resolve(dir);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-producers-'));
  let ownPki: TestPki | undefined;
  const ctx: Ctx = {
    dir: absDir,
    work,
    timeoutMs: opts.timeoutMs ?? 60_000,
    out: (name) => path.join(absDir, `${name}.pdf`),
    done: new Map(),
    signer: () => {
      const pki = opts.pki ?? (ownPki ??= makeTestPki());
      return { p12: pki.signer.p12, p12Password: pki.signer.p12Password };
    },
  };
  // The wanted names plus, transitively, the bases they transform.
  const wantedSet = new Set(opts.only ?? PRODUCER_NAMES);
  const toMakeExtra = PDFBOX_SIGNED.some((n) => wantedSet.has(n)) ? ['pdfbox'] : [];
  const toMake = new Set([...wantedSet, ...toMakeExtra]);
  for (const p of [...PRODUCERS].reverse()) {
    if (toMake.has(p.name) && p.base !== undefined) toMake.add(p.base);
  }
  try {
    for (const p of PRODUCERS) {
      if (!toMake.has(p.name)) continue;
      const why = p.needs();
      if (why !== null) {
        skips.push(`${p.name}: ${why}`);
        continue;
      }
      if (p.base !== undefined && !ctx.done.has(p.base)) {
        skips.push(`${p.name}: its base '${p.base}' was not produced`);
        continue;
      }
      try {
        const made = await p.make(ctx);
        if (made !== null) ctx.done.set(p.name, { name: p.name, file: ctx.out(p.name), ...made });
      } catch (e) {
        failures.push(`${p.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    if (ownPki !== undefined) cleanup(ownPki.dir);
  }
  return [...ctx.done.values()].filter((p) => wantedSet.has(p.name));
}

/** `qpdf --check`: exit 0 = clean, 3 = warnings only; anything else is an error. */
export function qpdfCheck(file: string): { status: number; ok: boolean; warnings: boolean; output: string } {
  try {
    const out = execFileSync('qpdf', ['--check', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return { status: 0, ok: true, warnings: false, output: out };
  } catch (e) {
    const err = e as { status?: number | null; stdout?: string; stderr?: string };
    const status = typeof err.status === 'number' ? err.status : -1;
    return { status, ok: status === 3, warnings: status === 3, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Tags pdfStructureTags() can determine (the others in NOTE_TAGS need a signature checker). */
export const DETECTABLE_TAGS: readonly string[] = NOTE_TAGS.filter((t) => t !== 'signing-time-attr' && t !== 'signature-timestamp');

type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

interface QpdfJson {
  pages?: { object: string }[];
  encrypt?: { encrypted?: boolean; userpasswordmatched?: boolean };
  qpdf?: [unknown, Record<string, { value?: JsonValue; stream?: { dict?: JsonValue } }>];
}

const REF = /^\d+ \d+ R$/;

/**
 * Looks at the file's actual structure (qpdf --json=2, which decrypts with the empty user password, plus the raw
 * bytes) and returns which of DETECTABLE_TAGS hold. Used to prove that ProducedPdf.notes tell the truth.
 */
export function pdfStructureTags(file: string): Set<string> {
  const raw = fs.readFileSync(file);
  const out = execFileSync('qpdf', ['--json=2', '--json-key=pages', '--json-key=encrypt', '--json-key=qpdf', file], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20, timeout: 60_000,
  });
  const j = JSON.parse(out) as QpdfJson;
  const objects = j.qpdf?.[1] ?? {};
  const deref = (v: JsonValue | undefined): JsonValue | undefined => {
    if (typeof v === 'string' && REF.test(v)) {
      const o = objects[`obj:${v}`];
      return o?.value ?? o?.stream?.dict;
    }
    return v;
  };
  const dict = (v: JsonValue | undefined): Record<string, JsonValue> | undefined => {
    const d = deref(v);
    return d !== null && typeof d === 'object' && !Array.isArray(d) ? d : undefined;
  };
  const tags = new Set<string>();
  const pages = (j.pages ?? []).map((p) => dict(p.object) ?? {});
  if (pages.length === 2) tags.add('two-pages');

  const latin = raw.toString('latin1');
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(latin.slice(-1024));
  if (sx?.[1] !== undefined) {
    tags.add(latin.startsWith('xref', Number(sx[1])) ? 'classic-xref' : 'xref-stream');
  }
  if (/\/Type\s*\/ObjStm\b/.test(latin)) tags.add('object-streams');

  const trailer = Object.entries(objects).find(([k]) => k === 'trailer')?.[1]?.value;
  const catalog = dict(dict(trailer)?.['/Root']);
  const root = dict(catalog?.['/Pages']);
  if (root?.['/MediaBox'] !== undefined && root['/Resources'] !== undefined
    && pages.every((p) => p['/MediaBox'] === undefined && p['/Resources'] === undefined)) {
    tags.add('inherited-attrs');
  }
  if (pages.some((p) => {
    const r = deref(p['/Rotate'] ?? root?.['/Rotate']);
    return typeof r === 'number' && r % 360 !== 0;
  })) tags.add('rotated');
  if (pages.some((p) => typeof p['/Annots'] === 'string' && REF.test(p['/Annots']))) tags.add('indirect-annots');
  const acro = catalog?.['/AcroForm'];
  const fields = deref(dict(acro)?.['/Fields']);
  if (typeof acro === 'string' && REF.test(acro) && Array.isArray(fields) && fields.length > 0) {
    tags.add('indirect-acroform');
  }
  const annots = pages.flatMap((p) => {
    const a = deref(p['/Annots']);
    return Array.isArray(a) ? a.map((x) => dict(x) ?? {}) : [];
  });
  if (annots.some((a) => a['/Subtype'] === '/Link')) tags.add('link-annot');
  if (catalog?.['/StructTreeRoot'] !== undefined) tags.add('tagged');

  const linearized = /\/Linearized\b/.test(latin.slice(0, 2048));
  if (linearized) tags.add('linearized');
  const eofs = (latin.match(/(?:^|[\r\n])%%EOF/g) ?? []).length;
  if (eofs > (linearized ? 2 : 1)) tags.add('incremental');
  if (latin.startsWith('%PDF-2.0') || /\/Version\s*\/2\.0/.test(JSON.stringify(catalog ?? {}))) tags.add('pdf-2.0');
  if (j.encrypt?.encrypted === true && j.encrypt.userpasswordmatched === true) tags.add('encrypted-empty-user-password');
  if (/\/ByteRange\s*\[/.test(latin)) tags.add('already-signed');
  if (/\/SubFilter\s*\/ETSI\.RFC3161\b/.test(latin)) tags.add('doc-timestamp');
  return tags;
}
