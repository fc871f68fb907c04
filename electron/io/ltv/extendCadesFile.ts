/**
 * `extend` for a .p7m/.p7s file (ETSI EN 319 122-1 §5.3–§5.5 through core/cades/extendCades): the input is read
 * once (a regular file only, readInputFile; DER, BER, Base64 or PEM), the output is written atomically (temp file
 * in the target folder, then rename; never over an input) as DER chunks where the encapsulated content is a view of
 * the input, not a copy — memory is the input's size plus the new unsigned parts. A Base64/PEM input is written
 * back as binary. The input file is never modified.
 */
import { decodeCmsInput } from '../../core/cms/CmsEncoding.js';
import { extendCades, type ExtendCadesOptions, type ExtendCadesResult } from '../../core/cades/extendCades.js';
import { SiglaError } from '../../shared/errors.js';
import { writeAtomically, type WriteOptions } from '../AtomicFile.js';
import { fileContentSource } from '../FileContentSource.js';
import { readInputFile } from '../readInputFile.js';

export interface ExtendCadesFileOptions extends Omit<ExtendCadesOptions, 'detachedContent'> {
  /** The signed document of a detached .p7s (needed for B-LTA). */
  readonly detachedContent?: string;
}

export async function extendCadesFile(input: string, output: string, o: ExtendCadesFileOptions, write: Omit<WriteOptions, 'inputs'> & { readonly inputs?: WriteOptions['inputs'] }): Promise<ExtendCadesResult> {
  const bytes = readInputFile(input);
  let cms: Uint8Array;
  try {
    cms = decodeCmsInput(bytes).bytes;
  } catch (e) {
    if (e instanceof SiglaError) throw e;
    throw new SiglaError('INPUT_FORMAT', `${input} is not a CMS object`, { params: { file: input }, cause: e });
  }
  const { detachedContent, ...rest } = o;
  const options: ExtendCadesOptions = { ...rest, ...(detachedContent !== undefined ? { detachedContent: fileContentSource(detachedContent) } : {}) };
  const inputs = [...(write.inputs ?? []), input, ...(detachedContent !== undefined ? [detachedContent] : [])];
  let result: ExtendCadesResult | undefined;
  await writeAtomically(output, { ...write, inputs }, async (sink) => {
    result = await extendCades(cms, options, sink);
  });
  if (!result) throw new SiglaError('INTERNAL', 'extension produced no result');
  return result;
}
