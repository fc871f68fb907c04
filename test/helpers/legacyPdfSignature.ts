/**
 * PDF signatures of every /SubFilter made without Sigla: pdf-lib writes a one-page PDF (an uncompressed content
 * stream, so a test can change one letter of the page text) with a signature field whose /Contents is a zero
 * placeholder, the /ByteRange is filled in place, and the caller's function (openssl) turns the signed bytes into
 * the /Contents value. ISO 32000-1 §12.8.1: the ByteRange covers the whole file except the /Contents string.
 */
import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';

export const PAGE_TEXT = 'Contratto di servizio: le parti concordano quanto segue.';
const PLACEHOLDER = 9_999_999_999;

export interface LegacySignatureInput {
  /** The /SubFilter name (no slash); undefined for none. */
  readonly subFilter: string | undefined;
  /** /Cert entries (adbe.x509.rsa_sha1), DER. */
  readonly certs?: readonly Uint8Array[];
  /** Room for the signature in bytes (the hex string is twice as long). */
  readonly room?: number;
}

/** The PDF and the two signed ranges; `sign` receives the signed bytes (both ranges, concatenated). */
export async function signedPdf(o: LegacySignatureInput, sign: (signedBytes: Buffer) => Buffer): Promise<Buffer> {
  const room = o.room ?? 8192;
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const ctx = doc.context;
  const font = ctx.register(ctx.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica' }));
  page.node.set(PDFName.of('Resources'), ctx.obj({ Font: { F1: font } }));
  page.node.set(PDFName.of('Contents'), ctx.register(ctx.stream(`BT /F1 12 Tf 72 770 Td (${PAGE_TEXT}) Tj ET`)));
  const sig = ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    ...(o.subFilter ? { SubFilter: o.subFilter } : {}),
    ByteRange: [0, PLACEHOLDER, PLACEHOLDER, PLACEHOLDER].map((n) => PDFNumber.of(n)),
    Contents: PDFHexString.of('00'.repeat(room)),
    M: PDFString.fromDate(new Date()),
  });
  if (o.certs?.length) {
    const hex = o.certs.map((c) => PDFHexString.of(Buffer.from(c).toString('hex')));
    sig.set(PDFName.of('Cert'), hex.length === 1 && hex[0] ? hex[0] : ctx.obj(hex));
  }
  const widget = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], F: 4, T: PDFString.of('Firma1'), V: ctx.register(sig), P: page.ref }));
  page.node.set(PDFName.of('Annots'), ctx.obj([widget]));
  doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: [widget], SigFlags: 3 }));
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  const hole = Buffer.from(`<${'00'.repeat(room)}>`, 'latin1');
  const b = pdf.indexOf(hole);
  if (b < 0 || pdf.indexOf(hole, b + 1) >= 0) throw new Error('placeholder not found once');
  const c = b + hole.length;
  const br = /\[\s*0 9999999999 9999999999 9999999999\s*\]/.exec(pdf.toString('latin1'));
  if (!br) throw new Error('ByteRange placeholder not found');
  const filled = `[0 ${b} ${c} ${pdf.length - c}]`.padEnd(br[0].length, ' ');
  pdf.write(filled, br.index, 'latin1');
  const value = sign(Buffer.concat([pdf.subarray(0, b), pdf.subarray(c)]));
  if (value.length > room) throw new Error(`signature of ${value.length} bytes does not fit in ${room}`);
  pdf.write(value.toString('hex'), b + 1, 'latin1');
  return pdf;
}

/** The file with the first letter of the page text's "concordano" capitalised (a change inside the signed bytes). */
export function tamperPageText(pdf: Buffer): Buffer {
  const at = pdf.indexOf(Buffer.from('concordano'));
  if (at < 0) throw new Error('page text not found');
  const bad = Buffer.from(pdf);
  bad[at] = 0x43; // 'c' → 'C'
  return bad;
}

/** DER OCTET STRING around `value` (the /Contents of adbe.x509.rsa_sha1). */
export function derOctetString(value: Buffer): Buffer {
  const n = value.length;
  const len = n < 0x80 ? Buffer.of(n) : n < 0x100 ? Buffer.of(0x81, n) : Buffer.of(0x82, n >> 8, n & 0xff);
  return Buffer.concat([Buffer.of(0x04), len, value]);
}
