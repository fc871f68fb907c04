/**
 * The appearance of a visible signature (ISO 32000-2 §12.5.5 appearance streams, §12.7.5.5 signature fields): a
 * form XObject with the signer's name, the date and time and the optional reason, in standard Helvetica with
 * WinAnsiEncoding (which has every Italian accented letter), and an optional PNG image at the left.
 *
 * The box is given as the reader sees the page (its /Rotate applied); it is mapped back to default user space and
 * the form gets a /Matrix that turns its content the other way, so the text reads upright on rotated pages.
 */
import {
  degrees,
  drawImage,
  drawRectangle,
  drawText,
  PngEmbedder,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  StandardFontEmbedder,
  StandardFonts,
  type PDFContext,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import { certificateInfo } from '../cert/CertificateInfo.js';
import { SiglaError } from '../../shared/errors.js';
import type { IncrementalUpdate } from '../pdf/IncrementalUpdate.js';
import type { PadesOptions, VisibleSignature } from './PadesOptions.js';
import { usageError } from '../../shared/i18n/usage.js';

export interface PlacedBox {
  /** The widget's /Rect in default user space. */
  readonly rect: [number, number, number, number];
  /** Width and height of the box as seen. */
  readonly width: number;
  readonly height: number;
  /** The page's /Rotate, normalised to 0, 90, 180 or 270. */
  readonly rotate: number;
}

const DEFAULT_SIZE = { width: 200, height: 60 };
const MARGIN = 36;

/** Where the widget goes: the asked rectangle (or a preset corner) mapped from the page as seen to user space. */
export function widgetRect(page: PDFPage, v: VisibleSignature): PlacedBox {
  const rotate = (((page.getRotation().angle % 360) + 360) % 360) as number;
  if (rotate % 90 !== 0) throw new SiglaError('PDF_PARSE', `page rotation ${rotate} is not a multiple of 90`, { params: { detail: `/Rotate ${rotate}` } });
  const box = page.getCropBox();
  const W = box.width;
  const H = box.height;
  const seenW = rotate % 180 === 0 ? W : H;
  const seenH = rotate % 180 === 0 ? H : W;
  // A preset corner on a small page: the box shrinks to fit, and so does the margin.
  const [rx, ry, w, h] = v.rect ?? [0, 0, Math.min(DEFAULT_SIZE.width, seenW * 0.9), Math.min(DEFAULT_SIZE.height, seenH * 0.9)];
  let x = rx;
  let y = ry;
  if (!v.rect) {
    const pos = v.position ?? 'bottom-right';
    const mx = Math.min(MARGIN, (seenW - w) / 2);
    const my = Math.min(MARGIN, (seenH - h) / 2);
    x = pos.endsWith('right') ? seenW - mx - w : mx;
    y = pos.startsWith('top') ? seenH - my - h : my;
  }
  if (!(w > 0 && h > 0) || x < 0 || y < 0 || x + w > seenW + 0.5 || y + h > seenH + 0.5) {
    throw usageError('rectOutside', { rect: `${x},${y},${w},${h}`, width: Math.round(seenW), height: Math.round(seenH) });
  }
  // Seen (X, Y) → user (u, v), for the page turned clockwise by `rotate` (ISO 32000-2 §7.7.3.3 /Rotate).
  let r: [number, number, number, number];
  if (rotate === 0) r = [x, y, x + w, y + h];
  else if (rotate === 90) r = [W - y - h, x, W - y, x + w];
  else if (rotate === 180) r = [W - x - w, H - y - h, W - x, H - y];
  else r = [y, H - x - w, y + h, H - x];
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { rect: [round(r[0] + box.x), round(r[1] + box.y), round(r[2] + box.x), round(r[3] + box.y)], width: w, height: h, rotate };
}

/** The text a standard font can show: characters outside WinAnsi become '?'. */
function winAnsiSafe(font: StandardFontEmbedder, s: string): string {
  return Array.from(s)
    .map((c) => {
      try {
        font.encodeText(c);
        return c;
      } catch {
        return '?';
      }
    })
    .join('');
}

function italianTime(d: Date): string {
  return new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'medium' }).format(d) + ' (ora italiana)';
}

/** Builds the appearance form XObject (and its font and image) into the update; returns its reference. */
export async function buildAppearance(context: PDFContext, update: IncrementalUpdate, box: PlacedBox, o: Pick<PadesOptions, 'visible' | 'signer' | 'reason'>, when: Date): Promise<PDFRef> {
  const v = o.visible;
  if (!v) throw new Error('no visible signature requested');
  const font = StandardFontEmbedder.for(StandardFonts.Helvetica as unknown as Parameters<typeof StandardFontEmbedder.for>[0]);
  const fontRef = font.embedIntoContext(context, update.allocate());
  const name = certificateInfo(o.signer.certificate).displayName;
  const lines = (v.lines ?? ['Firmato digitalmente da', name, `Data: ${italianTime(when)}`, ...(o.reason ? [`Motivo: ${o.reason}`] : [])]).map((l) => winAnsiSafe(font, l));
  const { width, height } = box;
  const ops: PDFOperator[] = [pushGraphicsState()];
  ops.push(...drawRectangle({ x: 0.5, y: 0.5, width: width - 1, height: height - 1, borderWidth: 0.8, borderColor: rgb(0.2, 0.3, 0.5), color: rgb(0.97, 0.98, 1), rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
  const resources: Record<string, unknown> = { Font: { F1: fontRef } };
  let textLeft = 4;
  if (v.image) {
    let embedder: PngEmbedder;
    try {
      embedder = await PngEmbedder.for(v.image);
    } catch (e) {
      throw new SiglaError('INPUT_FORMAT', 'the signature image is not a readable PNG', { params: { detail: 'PNG' }, cause: e });
    }
    const imageRef = await embedder.embedIntoContext(context, update.allocate());
    const side = Math.min(height - 6, width / 3);
    const scale = Math.min(side / embedder.width, side / embedder.height);
    const iw = embedder.width * scale;
    const ih = embedder.height * scale;
    ops.push(...drawImage('Im1', { x: 3 + (side - iw) / 2, y: (height - ih) / 2, width: iw, height: ih, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
    resources['XObject'] = { Im1: imageRef };
    textLeft = side + 8;
  }
  // The largest size (up to 10 pt) at which every line fits the box.
  const room = width - textLeft - 4;
  let size = Math.min(10, (height - 6) / (lines.length * 1.2));
  for (const l of lines) size = Math.min(size, (room / Math.max(1, font.widthOfTextAtSize(l, 1))) * 0.98);
  size = Math.max(3, size);
  const lead = size * 1.2;
  let y = height - 3 - size;
  for (const l of lines) {
    ops.push(...drawText(font.encodeText(l), { color: rgb(0.05, 0.1, 0.25), font: 'F1', size, x: textLeft, y, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
    y -= lead;
  }
  ops.push(popGraphicsState());
  const t = (box.rotate * Math.PI) / 180;
  const c = Math.round(Math.cos(t));
  const s = Math.round(Math.sin(t));
  const form = context.formXObject(ops, {
    BBox: [0, 0, width, height],
    Matrix: [c, s, -s, c, 0, 0],
    Resources: resources as never,
  });
  const ref = update.allocate();
  update.put(ref, form);
  return ref;
}
