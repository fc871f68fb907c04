/**
 * core/pades/pdfaDeclaration.ts on PDFs made here with pdf-lib: the PDF/A claim read from the XMP in both of its
 * spellings, the output intent's colour model, and the violations seen before signing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { outputIntentColours, pdfaClaim, pdfaStatus } from '../../electron/core/pades/pdfaDeclaration.js';

const xmpAttribute = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part='1' pdfaid:conformance='B'/></rdf:RDF></x:xmpmeta>`;
const xmpElement = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part> 3 </pdfaid:part><pdfaid:conformance>U</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta>`;

async function pdfWith(xmp: string | undefined, o: { components?: number; javaScript?: boolean; standardFont?: boolean } = {}): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  if (o.standardFont) page.drawText('Testo', { x: 10, y: 100, font: await doc.embedFont(StandardFonts.Helvetica) });
  if (xmp !== undefined) doc.catalog.set(PDFName.of('Metadata'), doc.context.register(doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })));
  if (o.components !== undefined) {
    const profile = doc.context.register(doc.context.stream(new Uint8Array(16), { N: o.components }));
    doc.catalog.set(PDFName.of('OutputIntents'), doc.context.obj([doc.context.obj({ Type: 'OutputIntent', S: 'GTS_PDFA1', DestOutputProfile: profile })]));
  }
  if (o.javaScript) doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
  // Saved and read again: pdf-lib writes a font's dictionaries only when it saves.
  return PDFDocument.load(await doc.save({ useObjectStreams: false }), { updateMetadata: false });
}

describe('pdfaDeclaration', () => {
  it('reads the claim as XMP attributes and as elements; none without pdfaid', async () => {
    const a = await pdfWith(xmpAttribute);
    assert.deepEqual(pdfaClaim(a.catalog, a.context), { part: 1, conformance: 'B' });
    const e = await pdfWith(xmpElement);
    assert.deepEqual(pdfaClaim(e.catalog, e.context), { part: 3, conformance: 'U' });
    const none = await pdfWith('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>');
    assert.equal(pdfaClaim(none.catalog, none.context), undefined);
    assert.equal(pdfaStatus(await pdfWith(undefined)), undefined);
  });

  it('reads an unterminated pdfaid element followed by a megabyte of spaces, and finds no claim there', async () => {
    const doc = await pdfWith(`<pdfaid:part>${' '.repeat(1 << 20)}`);
    assert.equal(pdfaClaim(doc.catalog, doc.context), undefined);
  });

  it("takes the colour model from the PDF/A output intent's profile", async () => {
    const colours = async (components?: number): Promise<string> => {
      const doc = await pdfWith(xmpAttribute, components === undefined ? {} : { components });
      return outputIntentColours(doc.catalog, doc.context);
    };
    assert.equal(await colours(4), 'cmyk');
    assert.equal(await colours(1), 'gray');
    assert.equal(await colours(3), 'rgb');
    assert.equal(await colours(undefined), 'rgb');
  });

  it('lists what a file claiming PDF/A already breaks', async () => {
    const sound = await pdfWith(xmpAttribute, { components: 3 });
    assert.deepEqual(pdfaStatus(sound)?.problems, []);
    const broken = await pdfWith(xmpElement, { javaScript: true, standardFont: true });
    assert.deepEqual(pdfaStatus(broken), { claim: { part: 3, conformance: 'U' }, problems: ['fontNotEmbedded', 'javaScript', 'noOutputIntent'] });
  });
});
