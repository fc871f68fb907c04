/**
 * Default output names. A new signature goes beside its input as `FILE.p7m` (attached) or `FILE.p7s` (detached);
 * nesting wraps once more (`x.pdf.p7m.p7m`). A parallel signature or a countersignature cannot reuse the input
 * name (the input is never replaced), so it gets `-cofirma` / `-controfirma` after the first name segment,
 * keeping the extensions that tell what is inside: `determina.pdf.p7m` → `determina-cofirma.pdf.p7m`.
 */
import { basename, dirname, join } from 'node:path';

export type SignMode = 'new' | 'parallel' | 'countersign' | 'nested' | 'pades';

/**
 * A PAdES signature is a new revision of the same PDF, written as `NAME-firmato.pdf` beside it (the input is never
 * replaced); signing that again gives `NAME-firmato-2.pdf`, then `-3`…
 */
export function padesOutputName(input: string): string {
  const name = basename(input);
  const m = /^(.*?)(\.pdf)?$/i.exec(name);
  const stem = m?.[1] ?? name;
  const ext = m?.[2] ?? '.pdf';
  const again = /^(.*-firmato)(?:-(\d+))?$/.exec(stem);
  if (again?.[1]) return `${again[1]}-${Number(again[2] ?? 1) + 1}${ext}`;
  return `${stem}-firmato${ext}`;
}

/**
 * A conversion to PDF/A goes beside its input as `NAME-pdfa.pdf`, the input's last extension replaced
 * (`relazione.docx` → `relazione-pdfa.pdf`, `delibera.pdf` → `delibera-pdfa.pdf`): never the input's own name, and
 * never the name a plain export to PDF would take.
 */
export function pdfaOutputName(input: string): string {
  const name = basename(input);
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}-pdfa.pdf`;
}

export function defaultOutputName(input: string, mode: SignMode, detached: boolean): string {
  if (mode === 'pades') return padesOutputName(input);
  const name = basename(input);
  if (mode === 'new') return name + (detached ? '.p7s' : '.p7m');
  if (mode === 'nested') return name + '.p7m';
  const suffix = mode === 'parallel' ? '-cofirma' : '-controfirma';
  const dot = name.indexOf('.', 1);
  return dot < 0 ? name + suffix : name.slice(0, dot) + suffix + name.slice(dot);
}

export function outputPath(input: string, mode: SignMode, detached: boolean, out?: string, outDir?: string): string {
  if (out) return out;
  return join(outDir ?? dirname(input), defaultOutputName(input, mode, detached));
}

/** `.p7m` / `.p7s` inputs are existing signatures (any case). */
export function isCmsName(path: string): { cms: boolean; detached: boolean } {
  const lower = path.toLowerCase();
  return { cms: lower.endsWith('.p7m') || lower.endsWith('.p7s'), detached: lower.endsWith('.p7s') };
}

/**
 * The app never refuses a signature because its default output name is taken, and never replaces a file: it adds
 * ` (2)`, ` (3)`… before the name's extensions, as browsers do for downloads (`determina (2).txt.p7m`).
 */
export function freeOutputPath(dir: string, name: string, exists: (path: string) => boolean): string {
  const first = join(dir, name);
  if (!exists(first)) return first;
  const dot = name.indexOf('.', 1);
  const stem = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot);
  for (let n = 2; n < 10_000; n++) {
    const candidate = join(dir, `${stem} (${n})${ext}`);
    if (!exists(candidate)) return candidate;
  }
  return join(dir, `${stem} (${Date.now()})${ext}`);
}

/**
 * A file whose signatures are extended (`sigla extend`, "Estendi la firma") is written beside it as a new file, the
 * input never replaced: `NAME-esteso.pdf` (extending that again gives `NAME-esteso-2.pdf`, then `-3`…); a .p7m/.p7s
 * gets `-esteso` after its first name segment, keeping the extensions that tell what is inside
 * (`determina.pdf.p7m` → `determina-esteso.pdf.p7m`).
 */
export function extendedOutputName(input: string): string {
  const name = basename(input);
  if (isCmsName(name).cms) {
    const dot = name.indexOf('.', 1);
    const stem = name.slice(0, dot);
    const again = /^(.*-esteso)(?:-(\d+))?$/.exec(stem);
    const next = again?.[1] ? `${again[1]}-${Number(again[2] ?? 1) + 1}` : `${stem}-esteso`;
    return next + name.slice(dot);
  }
  const m = /^(.*?)(\.pdf)?$/i.exec(name);
  const stem = m?.[1] ?? name;
  const ext = m?.[2] ?? '.pdf';
  const again = /^(.*-esteso)(?:-(\d+))?$/.exec(stem);
  if (again?.[1]) return `${again[1]}-${Number(again[2] ?? 1) + 1}${ext}`;
  return `${stem}-esteso${ext}`;
}
