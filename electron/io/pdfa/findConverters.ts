/**
 * The converters Sigla uses for PDF/A when they are installed: LibreOffice (`soffice`) for Office, ODF, RTF and
 * text files, Ghostscript (`gs`) for PDFs, with Ghostscript's sRGB ICC profile for the PDF/A OutputIntent
 * (ISO 19005-2 §6.2.3). They are looked for on PATH and, on Windows, where their installers put them. Nothing is
 * run here: only files are looked at.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export interface Converters {
  /** LibreOffice's `soffice` executable. */
  readonly soffice?: string;
  /** Ghostscript's console executable (`gs`, `gswin64c.exe`). */
  readonly gs?: string;
  /** An sRGB ICC profile for the OutputIntent (Ghostscript's own). */
  readonly srgbProfile?: string;
}

export interface ConverterEnvironment {
  readonly path: string | undefined;
  readonly platform: NodeJS.Platform;
  /** Windows' program folders (`ProgramFiles`, `ProgramFiles(x86)`). */
  readonly programFolders?: readonly string[];
}

export function currentEnvironment(env: NodeJS.ProcessEnv = process.env): ConverterEnvironment {
  return {
    path: env['PATH'] ?? env['Path'],
    platform: process.platform,
    programFolders: [env['ProgramFiles'], env['ProgramFiles(x86)'], 'C:\\Program Files'].filter((p): p is string => !!p),
  };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(names: readonly string[], e: ConverterEnvironment): string | undefined {
  for (const dir of (e.path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir).sort().reverse().map((d) => join(dir, d));
  } catch {
    return [];
  }
}

function findSoffice(e: ConverterEnvironment): string | undefined {
  if (e.platform === 'win32') {
    return onPath(['soffice.exe', 'soffice.com'], e) ?? (e.programFolders ?? []).map((p) => join(p, 'LibreOffice', 'program', 'soffice.exe')).find(isFile);
  }
  const mac = '/Applications/LibreOffice.app/Contents/MacOS/soffice';
  return onPath(['soffice', 'libreoffice'], e) ?? (e.platform === 'darwin' && isFile(mac) ? mac : undefined);
}

function findGs(e: ConverterEnvironment): string | undefined {
  if (e.platform === 'win32') {
    const installed = (e.programFolders ?? []).flatMap((p) => subfolders(join(p, 'gs'))).flatMap((v) => [join(v, 'bin', 'gswin64c.exe'), join(v, 'bin', 'gswin32c.exe')]);
    return onPath(['gswin64c.exe', 'gswin32c.exe'], e) ?? installed.find(isFile);
  }
  return onPath(['gs'], e);
}

/** Ghostscript's sRGB profile: Debian's shared copy, else the `iccprofiles` folder of the installation found. */
function findSrgb(gs: string | undefined): string | undefined {
  const candidates = ['/usr/share/color/icc/ghostscript/srgb.icc', '/usr/share/color/icc/ghostscript/default_rgb.icc'];
  if (gs) {
    // Windows: C:\Program Files\gs\gs10.x\bin\gswin64c.exe → ..\iccprofiles; Unix: PREFIX/bin/gs → PREFIX/share/ghostscript/*/iccprofiles.
    const root = dirname(dirname(gs));
    candidates.push(join(root, 'iccprofiles', 'srgb.icc'), join(root, 'iccprofiles', 'default_rgb.icc'));
    for (const v of subfolders(join(root, 'share', 'ghostscript'))) candidates.push(join(v, 'iccprofiles', 'srgb.icc'), join(v, 'iccprofiles', 'default_rgb.icc'));
  }
  return candidates.find((p) => existsSync(p) && isFile(p));
}

export function findConverters(e: ConverterEnvironment = currentEnvironment()): Converters {
  const soffice = findSoffice(e);
  const gs = findGs(e);
  const srgbProfile = gs ? findSrgb(gs) : undefined;
  return { ...(soffice ? { soffice } : {}), ...(gs ? { gs } : {}), ...(srgbProfile ? { srgbProfile } : {}) };
}
