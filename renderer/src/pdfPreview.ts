/**
 * Page previews for placing a visible signature: pdfjs-dist, loaded on demand (its own chunk) with its worker from
 * the app's files (CSP: scripts and workers from 'self' only; pdfjs 5 has no eval path). The PDF bytes come from main
 * (`documents:pdf`) for a document the user chose; nothing is fetched from anywhere.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';

export type PdfDocument = PDFDocumentProxy;

export async function openPdf(base64: string): Promise<PDFDocumentProxy> {
  const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  const bin = atob(base64);
  const data = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
  return pdfjs.getDocument({ data, enableXfa: false, stopAtErrors: false }).promise;
}

/** The page as it is seen (its /Rotate applied), in PDF points. */
export interface PageSize {
  width: number;
  height: number;
}

/**
 * Draws page `n` (1-based) into `canvas`, scaled to fit `maxWidth` × `maxHeight` CSS pixels; returns the page's
 * size in points and the CSS pixels per point.
 */
export async function renderPage(doc: PDFDocumentProxy, n: number, canvas: HTMLCanvasElement, maxWidth: number, maxHeight: number): Promise<{ size: PageSize; scale: number }> {
  const page = await doc.getPage(n);
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(maxWidth / base.width, maxHeight / base.height);
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: scale * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(base.width * scale)}px`;
  canvas.style.height = `${Math.floor(base.height * scale)}px`;
  await page.render({ canvas, viewport }).promise;
  return { size: { width: base.width, height: base.height }, scale };
}
