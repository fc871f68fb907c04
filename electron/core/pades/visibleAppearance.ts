/**
 * The appearance of a visible signature (ISO 32000-2 §12.5.5 appearance streams, §12.7.5.5 signature fields): a
 * form XObject with the signer's name, the date and time and the optional reason, in embedded subsets of Titillium
 * Web and Noto Sans (embeddedFont.ts: any Latin, Greek or Cyrillic name prints as written, and PDF/A stays PDF/A),
 * and an optional PNG image at the left.
 *
 * The box is given as the reader sees the page (its /Rotate applied); it is mapped back to default user space and
 * the form gets a /Matrix that turns its content the other way, so the text reads upright on rotated pages.
 */
import {
  degrees,
  drawImage,
  drawRectangle,
  drawText,
  cmyk,
  grayscale,
  PngEmbedder,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  type Color,
  type PDFContext,
  type PDFObject,
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

function italianTime(d: Date): string {
  return new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'medium' }).format(d) + ' (ora italiana)';
}

/** The colours of the appearance in the document's colour model (its PDF/A output intent's, else RGB). */
export type ColourModel = 'rgb' | 'gray' | 'cmyk';

function colourOf(model: ColourModel, r: number, g: number, b: number): Color {
  if (model === 'gray') return grayscale(0.299 * r + 0.587 * g + 0.114 * b);
  if (model === 'cmyk') {
    const k = 1 - Math.max(r, g, b);
    const d = k < 1 ? 1 - k : 1;
    return cmyk((1 - r - k) / d, (1 - g - k) / d, (1 - b - k) / d, k);
  }
  return rgb(r, g, b);
}

const PAPER = [0.97, 0.98, 1] as const;

/**
 * The PNG as an opaque image XObject in `model`: an alpha channel is composed onto the box's paper colour here, so
 * the appearance has no soft mask (transparency, which PDF/A-1 forbids: ISO 19005-1 §6.4).
 */
async function opaqueImage(context: PDFContext, png: Uint8Array, model: ColourModel): Promise<{ width: number; height: number; stream: PDFObject }> {
  let image: { rgbChannel: Uint8Array; alphaChannel?: Uint8Array; width: number; height: number };
  try {
    image = (await PngEmbedder.for(png) as unknown as { image: typeof image }).image;
  } catch (e) {
    throw new SiglaError('INPUT_FORMAT', 'the signature image is not a readable PNG', { params: { detail: 'PNG' }, cause: e });
  }
  const { width, height, rgbChannel: rgbData, alphaChannel: alpha } = image;
  const n = width * height;
  const channels = model === 'gray' ? 1 : model === 'cmyk' ? 4 : 3;
  const out = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    const a = alpha ? (alpha[i] ?? 255) / 255 : 1;
    const [r, g, b] = [0, 1, 2].map((c) => ((rgbData[i * 3 + c] ?? 0) / 255) * a + (PAPER[c] ?? 1) * (1 - a)) as [number, number, number];
    if (model === 'gray') out[i] = Math.round(255 * (0.299 * r + 0.587 * g + 0.114 * b));
    else if (model === 'cmyk') {
      const k = 1 - Math.max(r, g, b);
      const d = k < 1 ? 1 - k : 1;
      out.set([(1 - r - k) / d, (1 - g - k) / d, (1 - b - k) / d, k].map((v) => Math.round(255 * v)), i * 4);
    } else out.set([r, g, b].map((v) => Math.round(255 * v)), i * 3);
  }
  const colorSpace = model === 'gray' ? 'DeviceGray' : model === 'cmyk' ? 'DeviceCMYK' : 'DeviceRGB';
  return { width, height, stream: context.flateStream(out, { Type: 'XObject', Subtype: 'Image', BitsPerComponent: 8, Width: width, Height: height, ColorSpace: colorSpace }) };
}

/** What the appearance needs besides the box: the texts' sources, the fonts and the document's colour model. */
export type AppearanceOptions = Pick<PadesOptions, 'visible' | 'signer' | 'reason' | 'fonts'> & { readonly colours?: ColourModel };

/**
 * Builds the appearance form XObject (its fonts and image) into the update; returns its reference. Nothing in it is
 * forbidden by a PDF/A level (ISO 19005-1/-2/-3): the fonts embedded (embeddedFont.ts), no transparency, no
 * JavaScript, colours in the output intent's model.
 */
export async function buildAppearance(context: PDFContext, update: IncrementalUpdate, box: PlacedBox, o: AppearanceOptions, when: Date): Promise<PDFRef> {
  const v = o.visible;
  if (!v) throw new Error('no visible signature requested');
  if (!o.fonts) throw new SiglaError('INTERNAL', 'no font for the visible signature', { params: { detail: 'appearance fonts missing' } });
  const model = o.colours ?? 'rgb';
  const place = (obj: PDFObject): PDFRef => {
    const ref = update.allocate();
    update.put(ref, obj);
    return ref;
  };
  const { EmbeddedFonts } = await import('./embeddedFont.js');
  const fonts = new EmbeddedFonts(o.fonts);
  const name = certificateInfo(o.signer.certificate).displayName;
  const lines = v.lines ?? ['Firmato digitalmente da', name, `Data: ${italianTime(when)}`, ...(o.reason ? [`Motivo: ${o.reason}`] : [])];
  const { width, height } = box;
  const ops: PDFOperator[] = [pushGraphicsState()];
  ops.push(...drawRectangle({ x: 0.5, y: 0.5, width: width - 1, height: height - 1, borderWidth: 0.8, borderColor: colourOf(model, 0.2, 0.3, 0.5), color: colourOf(model, ...PAPER), rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
  const resources: Record<string, unknown> = {};
  let textLeft = 4;
  if (v.image) {
    const image = await opaqueImage(context, v.image, model);
    const imageRef = place(image.stream);
    const side = Math.min(height - 6, width / 3);
    const scale = Math.min(side / image.width, side / image.height);
    const iw = image.width * scale;
    const ih = image.height * scale;
    ops.push(...drawImage('Im1', { x: 3 + (side - iw) / 2, y: (height - ih) / 2, width: iw, height: ih, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
    resources['XObject'] = { Im1: imageRef };
    textLeft = side + 8;
  }
  // The largest size (up to 10 pt) at which every line fits the box.
  const room = width - textLeft - 4;
  let size = Math.min(10, (height - 6) / (lines.length * 1.2));
  for (const l of lines) size = Math.min(size, (room / Math.max(1, fonts.widthOf(l, 1))) * 0.98);
  size = Math.max(3, size);
  const lead = size * 1.2;
  let y = height - 3 - size;
  const ink = colourOf(model, 0.05, 0.1, 0.25);
  for (const l of lines) {
    let x = textLeft;
    for (const run of fonts.runs(l)) {
      ops.push(...drawText(fonts.encode(run), { color: ink, font: EmbeddedFonts.resourceName(run.font), size, x, y, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
      x += fonts.runWidth(run, size);
    }
    y -= lead;
  }
  ops.push(popGraphicsState());
  resources['Font'] = fonts.embed(context, place);
  const t = (box.rotate * Math.PI) / 180;
  const c = Math.round(Math.cos(t));
  const s = Math.round(Math.sin(t));
  const form = context.formXObject(ops, {
    BBox: [0, 0, width, height],
    Matrix: [c, s, -s, c, 0, 0],
    Resources: resources as never,
  });
  return place(form);
}
