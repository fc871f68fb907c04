/**
 * The fonts Sigla draws visible signatures and report PDFs with, shipped under the SIL Open Font License 1.1:
 * Titillium Web Regular (the Italian public administration's typeface) and Noto Sans Regular for what it lacks
 * (Greek, Cyrillic…). Read once per process, on first use: `sigla --version`, `tokens` and invisible signatures never
 * read them. The engine gets the bytes (core/pades/embeddedFont.ts); it reads no file.
 */
import { readFileSync } from 'node:fs';
import type { FontPrograms } from '../core/pades/embeddedFont.js';
import { SiglaError } from '../shared/errors.js';

const FILES = {
  primary: '@expo-google-fonts/titillium-web/400Regular/TitilliumWeb_400Regular.ttf',
  fallback: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
} as const;

let loaded: FontPrograms | undefined;

function read(specifier: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(require.resolve(specifier)));
  } catch (e) {
    throw new SiglaError('INTERNAL', `the font ${specifier} cannot be read`, { params: { detail: 'font file missing' }, cause: e });
  }
}

/** The TrueType programs of the appearance fonts, read on the first call. */
export function appearanceFonts(): FontPrograms {
  loaded ??= { primary: read(FILES.primary), fallback: read(FILES.fallback) };
  return loaded;
}
