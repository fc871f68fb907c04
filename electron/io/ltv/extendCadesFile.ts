/**
 * `extend` for a .p7m/.p7s file (ETSI EN 319 122-1 §5.3–§5.5 through core/cades/extendCades): the input is read
 * once (a regular file only, readInputFile; DER, BER, Base64 or PEM), the output is written atomically (temp file
 * in the target folder, then rename; never over an input) as DER chunks where the encapsulated content is a view of
 * the input, not a copy — memory is the input's size plus the new unsigned parts. A binary file above
 * {@link STREAM_ABOVE} whose content has definite lengths (DER) is not read into memory at all: its content is
 * streamed from the file into the output (cmsFileEnvelope.ts), and memory is bounded by its certificates and
 * signatures. A Base64/PEM input is written back as binary. The input file is never modified.
 */
import { decodeCmsInput } from '../../core/cms/CmsEncoding.js';
import { writeEnvelope } from '../../core/cades/cmsEnvelope.js';
import { extendCades, extendCadesEnvelope, type ExtendCadesOptions, type ExtendCadesResult } from '../../core/cades/extendCades.js';
import { SiglaError } from '../../shared/errors.js';
import { writeAtomically, type WriteOptions } from '../AtomicFile.js';
import { fileContentSource } from '../FileContentSource.js';
import { readInputFile } from '../readInputFile.js';
import { openCmsFileEnvelope } from './cmsFileEnvelope.js';
import { statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/** Binary inputs larger than this are extended without reading their content into memory, when their layout allows. */
export const STREAM_ABOVE = 8 << 20;
/** The most read after the content of a streamed input: certificates, CRLs, OCSP responses and SignerInfos. */
const SUFFIX_MAX = 64 << 20;

/** The file's status, or undefined (readInputFile then gives the coded refusal). */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

async function firstByte(path: string): Promise<number | undefined> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(1);
    const { bytesRead } = await fh.read(b, 0, 1, 0);
    return bytesRead === 1 ? b[0] : undefined;
  } catch (e) {
    throw new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause: e });
  } finally {
    await fh.close();
  }
}

export interface ExtendCadesFileOptions extends Omit<ExtendCadesOptions, 'detachedContent'> {
  /** The signed document of a detached .p7s (needed for B-LTA). */
  readonly detachedContent?: string;
}

export async function extendCadesFile(input: string, output: string, o: ExtendCadesFileOptions, write: Omit<WriteOptions, 'inputs'> & { readonly inputs?: WriteOptions['inputs'] }): Promise<ExtendCadesResult> {
  const st = statOrUndefined(input);
  const streamed = st?.isFile() && st.size > STREAM_ABOVE && (await firstByte(input)) === 0x30 ? await openCmsFileEnvelope(input, st.size, SUFFIX_MAX) : undefined;
  const { detachedContent, ...rest } = o;
  const options: ExtendCadesOptions = { ...rest, ...(detachedContent !== undefined ? { detachedContent: fileContentSource(detachedContent) } : {}) };
  const inputs = [...(write.inputs ?? []), input, ...(detachedContent !== undefined ? [detachedContent] : [])];
  if (streamed) {
    let result: ExtendCadesResult | undefined;
    await writeAtomically(output, { ...write, inputs }, async (sink) => {
      const extended = await extendCadesEnvelope(streamed, options);
      result = extended.result;
      await writeEnvelope(extended.envelope, sink);
    });
    if (!result) throw new SiglaError('INTERNAL', 'extension produced no result');
    return result;
  }
  const bytes = readInputFile(input);
  let cms: Uint8Array;
  try {
    cms = decodeCmsInput(bytes).bytes;
  } catch (e) {
    if (e instanceof SiglaError) throw e;
    throw new SiglaError('INPUT_FORMAT', `${input} is not a CMS object`, { params: { file: input }, cause: e });
  }
  let result: ExtendCadesResult | undefined;
  await writeAtomically(output, { ...write, inputs }, async (sink) => {
    result = await extendCades(cms, options, sink);
  });
  if (!result) throw new SiglaError('INTERNAL', 'extension produced no result');
  return result;
}
