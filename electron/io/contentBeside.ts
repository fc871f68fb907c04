/**
 * Where the document of a detached signature or time-stamp is looked for when nobody names it: beside the file, under
 * the file's name minus its signature extension (`determina.pdf.p7s` → `determina.pdf`, also `.p7m`, `.tsr`,
 * `.tst`), as DiKe, ArubaSign and DSS's "detached contents" folders do. The one rule, used by `sigla verify` and by
 * the app's Verifica, and only when the envelope turns out to hold no content (an attached `.p7s` is never compared
 * with a file that happens to lie beside it).
 */
import { basename, dirname, join } from 'node:path';
import type { ContentFinder } from '../core/verify/verifyFile.js';
import { SiglaError } from '../shared/errors.js';
import { readInputFile } from './readInputFile.js';

const SIGNATURE_EXTENSION = /\.(p7s|p7m|tsr|tst)$/i;

/** The path the document of `signaturePath` would have beside it, or undefined when its name implies none. */
export function contentPathBeside(signaturePath: string): string | undefined {
  const name = basename(signaturePath);
  const stripped = name.replace(SIGNATURE_EXTENSION, '');
  if (stripped === name || stripped === '') return undefined;
  return join(dirname(signaturePath), stripped);
}

/**
 * A finder for verifyFile: the document beside `signaturePath` when it exists (a regular file, possibly empty),
 * undefined when it does not; any other failure to read it (a folder, a device, no permission) is the coded error of
 * readInputFile, reported for the file being verified.
 */
export function contentBesideFinder(signaturePath: string): ContentFinder {
  return () => {
    const path = contentPathBeside(signaturePath);
    if (path === undefined) return { found: false };
    try {
      return { found: true, name: basename(path), bytes: readInputFile(path, { allowEmpty: true }) };
    } catch (e) {
      if (e instanceof SiglaError && e.code === 'INPUT_NOT_FOUND') return { found: false, expected: basename(path) };
      throw e;
    }
  };
}
