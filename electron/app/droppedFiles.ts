/**
 * Files dropped on the window. Preload turns each dropped `File` into its path with `webUtils.getPathForFile` (the
 * page itself never sees paths) and main hands them here: only absolute paths of existing regular files are kept,
 * at most 500, each once; for Verifica only signed files and PDFs. Anything else is left out silently, as a file
 * manager would refuse to drop it.
 */
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from 'zod';

const DropSchema = z.object({ purpose: z.enum(['sign', 'verify']), paths: z.array(z.string().min(1).max(4096)).max(500) });

const VERIFIABLE = /\.(p7m|p7s|m7m|tsd|tsr|pdf)$/i;

export function droppedFiles(purpose: unknown, paths: unknown): { purpose: 'sign' | 'verify'; paths: string[] } | null {
  const parsed = DropSchema.safeParse({ purpose, paths });
  if (!parsed.success) return null;
  const out: string[] = [];
  for (const p of parsed.data.paths) {
    if (!isAbsolute(p) || p.includes('\0') || out.includes(p)) continue;
    if (parsed.data.purpose === 'verify' && !VERIFIABLE.test(p)) continue;
    try {
      if (!statSync(p).isFile()) continue;
    } catch {
      continue;
    }
    out.push(p);
  }
  return { purpose: parsed.data.purpose, paths: out };
}
