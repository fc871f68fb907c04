/**
 * Raised by Sigla's own PKCS#12 reader for a file it does not read itself (a cipher node:crypto lacks, such as the
 * RC2 and RC4 of old exports, a public-key privacy or integrity mode): the caller then opens it with node-forge.
 */
export class UnsupportedPkcs12 extends Error {
  constructor(readonly what: string) {
    super(`PKCS#12: ${what} is read by the fallback reader`);
    this.name = 'UnsupportedPkcs12';
  }
}
