import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extendedOutputName } from '../../electron/io/outputNames.js';

describe('extendedOutputName (sigla extend, Estendi la firma)', () => {
  it('a PDF gets -esteso, then -esteso-2, -3…, keeping its extension', () => {
    assert.equal(extendedOutputName('/a/determina-firmato.pdf'), 'determina-firmato-esteso.pdf');
    assert.equal(extendedOutputName('/a/determina-firmato-esteso.pdf'), 'determina-firmato-esteso-2.pdf');
    assert.equal(extendedOutputName('/a/x-esteso-2.PDF'), 'x-esteso-3.PDF');
    assert.equal(extendedOutputName('senza estensione'), 'senza estensione-esteso.pdf');
  });
  it('a .p7m/.p7s gets -esteso after its first name segment', () => {
    assert.equal(extendedOutputName('/a/determina.pdf.p7m'), 'determina-esteso.pdf.p7m');
    assert.equal(extendedOutputName('/a/determina-esteso.pdf.p7m'), 'determina-esteso-2.pdf.p7m');
    assert.equal(extendedOutputName('contratto.pdf.P7S'), 'contratto-esteso.pdf.P7S');
  });
});
