/**
 * Verifica's actions on a document the user chose: verify it (trust anchors from the app's store, revocation on
 * line), extract the document inside a .p7m/.tsd/.m7m, and save the report. Outputs go beside the file under a
 * free name (`freeOutputPath`): nothing is ever replaced, and every write is atomic.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { bytesSource } from '../core/content/ContentSource.js';
import { createHash } from 'node:crypto';
import { extractChecked } from '../core/verify/extractChecked.js';
import { reportText } from '../core/verify/reportText.js';
import { reportPdf } from '../core/verify/reportPdf.js';
import type { FileReport } from '../core/verify/VerificationReport.js';
import { verifyFile } from '../core/verify/verifyFile.js';
import { appearanceFonts } from '../io/appearanceFonts.js';
import { writeAtomically } from '../io/AtomicFile.js';
import { certificatesAt } from '../io/certificateFiles.js';
import { contentBesideFinder } from '../io/contentBeside.js';
import { dataDir } from '../io/dataDir.js';
import { freeOutputPath } from '../io/outputNames.js';
import { readInputFile } from '../io/readInputFile.js';
import { revocationChecker } from '../net/RevocationClient.js';
import { issuerFetcher } from '../net/CaIssuersClient.js';
import { listedServices, trustNotes } from '../io/trustedLists/index.js';
import { SiglaError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n/locale.js';
import { formatTime, REPORT_WORDS } from '../shared/i18n/findings.js';
import { localizeReport } from '../core/verify/localizeReport.js';

/** The file's bytes (regular files only); errors name the file as the app shows it, by its name. */
function readInput(path: string, allowEmpty = false): Uint8Array {
  try {
    return readInputFile(path, { allowEmpty });
  } catch (e) {
    if (!(e instanceof SiglaError)) throw e;
    throw new SiglaError(e.code, e.message, { params: { ...e.params, file: basename(path) }, cause: e });
  }
}

async function writeBeside(source: string, name: string, bytes: Uint8Array): Promise<string> {
  const output = freeOutputPath(dirname(source), name, existsSync);
  await writeAtomically(output, { force: false, inputs: [source] }, async (sink) => {
    for await (const chunk of bytesSource(bytes).open()) await sink.write(chunk);
  });
  return output;
}

/**
 * The report of one file; trust anchors are those the user imported into the app's store and the services of the
 * trusted lists in use (which also give the qualification); `trustNotes` says when lists are missing, old or refused.
 * The document of a detached signature or time-stamp is `contentPath` when the user chose it, else the one beside the
 * file (the CLI's rule, io/contentBeside.ts); with neither, the report is `indeterminate` with subIndication
 * SIGNED_DATA_NOT_FOUND and the finding SIGNED_CONTENT_NOT_FOUND / SIGNED_CONTENT_NOT_GIVEN: the app then asks for
 * the document and calls again.
 */
export async function verifyDocument(path: string, env?: NodeJS.ProcessEnv, contentPath?: string): Promise<FileReport> {
  return verifyBytes(path, readInput(path), env, contentPath);
}

async function verifyBytes(path: string, bytes: Uint8Array, env?: NodeJS.ProcessEnv, contentPath?: string): Promise<FileReport> {
  const trust = join(dataDir(env), 'trust');
  const anchors = existsSync(trust) ? certificatesAt(trust) : [];
  const content = contentPath !== undefined ? { detachedContent: readInput(contentPath, true), detachedContentName: basename(contentPath) } : { findContent: contentBesideFinder(path) };
  const report = await verifyFile(basename(path), bytes, { anchors, ...content, services: listedServices(env), revocation: revocationChecker(env), fetchIssuers: issuerFetcher(env) });
  const notes = trustNotes(env);
  return notes.length > 0 ? { ...report, trustNotes: notes } : report;
}

/**
 * Writes the signed content beside the envelope (`determina.pdf.p7m` → `determina.pdf`, or `determina (2).pdf` when
 * that exists: nothing is replaced); returns its path. A file whose signature is invalid is refused
 * (EXTRACT_SIGNATURE_INVALID) unless `force` (the user confirmed), as `sigla extract` does (extractChecked).
 */
export async function extractBeside(path: string, force = false): Promise<string> {
  const x = await extractChecked(readInput(path), basename(path), { force });
  return writeBeside(path, x.name, x.content);
}

/**
 * Verifies again and writes the report beside the file (`NAME.verifica.txt` / `.json` / `.pdf`): the text and the
 * PDF in the app's language, with the file's SHA-256 and the verification time (Italian local time); the JSON with
 * codes, ISO times and the texts (`localizeReport`).
 */
export async function saveReportBeside(path: string, format: 'txt' | 'json' | 'pdf', lang: Lang, env?: NodeJS.ProcessEnv, content?: string): Promise<string> {
  const bytes = readInput(path);
  const verifiedAt = new Date().toISOString();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const report = localizeReport(await verifyBytes(path, bytes, env, content), lang, 'app');
  const name = `${basename(path)}.${lang === 'it' ? 'verifica' : 'report'}.${format}`;
  if (format === 'pdf') return writeBeside(path, name, await reportPdf({ report, fileName: basename(path), sha256, verifiedAt, lang, fonts: appearanceFonts() }));
  const w = REPORT_WORDS[lang];
  const header = `${w.heading}\n${w.file}: ${basename(path)}\n${w.sha256}: ${sha256}\n${w.verifiedAt}: ${formatTime(verifiedAt, lang)}\n\n`;
  const text = format === 'json' ? JSON.stringify({ verifiedAt, sha256, ...report }, null, 2) + '\n' : header + reportText(report, lang, 'app');
  return writeBeside(path, name, new TextEncoder().encode(text));
}
