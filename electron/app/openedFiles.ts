/**
 * Files the operating system asks Sigla to open (file associations, "Apri con"): on Windows and Linux their paths
 * arrive in argv, at first start and in the `second-instance` event of the single running instance; macOS sends
 * `open-file`. This picks the files out of argv and decides where each belongs (issue: ".p7m/.p7s/.m7m/.tsd/.pdf →
 * Verifica or Firma"): signed files and time-stamps go to Verifica, a PDF to Verifica when it already carries a
 * signature, else to Firma. Other files are not taken from argv (the app's own path, Chromium's switches and files
 * of other types are ignored); those are signed by choosing them in Firma. Plain Node: tested without Electron.
 */
import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export type OpenRoute = 'verifica' | 'firma';

/** The types Sigla registers with the OS (electron-builder.yml fileAssociations) plus .tsr replies. */
const OPENABLE = /\.(p7m|p7s|m7m|tsd|tsr|pdf)$/i;
const SIGNED = /\.(p7m|p7s|m7m|tsd|tsr)$/i;

/**
 * The files named in a command line: argv[0] (the executable) and switches (`-x`, `--flag`, `--k=v`) are skipped,
 * relative paths are resolved against `cwd` (the second instance's working directory), and only existing regular
 * files of the types above are kept, each once.
 */
export function fileArguments(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(1)) {
    if (!arg || arg.startsWith('-') || !OPENABLE.test(arg)) continue;
    const path = resolve(cwd, arg);
    try {
      if (!statSync(path).isFile()) continue;
    } catch {
      continue;
    }
    if (!out.includes(path)) out.push(path);
  }
  return out;
}

/**
 * A cheap look for a signature in a PDF: a signature dictionary's `/ByteRange` or `/Type /Sig`. Enough to choose a
 * screen; Verifica then does the real check.
 */
export function pdfHasSignature(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return /\/ByteRange\s*\[/.test(text) || /\/Type\s*\/Sig(?![A-Za-z])/.test(text);
}

export async function openRoute(path: string): Promise<OpenRoute> {
  if (SIGNED.test(path)) return 'verifica';
  return pdfHasSignature(new Uint8Array(await readFile(path))) ? 'verifica' : 'firma';
}

/** The files grouped by screen, in the order given; unreadable files and empty groups are left out. */
export async function groupByRoute(paths: readonly string[]): Promise<{ route: OpenRoute; paths: string[] }[]> {
  const groups = new Map<OpenRoute, string[]>();
  for (const p of paths) {
    let route: OpenRoute;
    try {
      route = await openRoute(p);
    } catch {
      continue; // gone or unreadable since the OS named it: nothing to open
    }
    groups.set(route, [...(groups.get(route) ?? []), p]);
  }
  return [...groups].map(([route, list]) => ({ route, paths: list }));
}
