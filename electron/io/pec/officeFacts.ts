/**
 * Macros, external links, embedded files and encryption of an OOXML (ECMA-376) or ODF (OASIS ODF 1.2) document, read
 * from its ZIP directory and a few small entries inflated in memory with node:zlib, each bounded — nothing is
 * extracted to disk.
 * - OOXML: `vbaProject.bin` / `vbaData.xml` parts or a macro-enabled content type (ECMA-376 Part 1 §15.2.15 and the
 *   `macroEnabled` types of [MS-OFFMACRO]); relationships with `TargetMode="External"` (Part 2 §9.3); `embeddings/`.
 * - ODF: `Basic/` and `Scripts/` (ODF 1.2 Part 3 §3.1 and LibreOffice's script storage); `xlink:href` to
 *   http(s)/ftp/file in content.xml and styles.xml; `manifest:encryption-data` in META-INF/manifest.xml (§4.8).
 */
import { inflateRawSync } from 'node:zlib';
import type { OfficeFacts } from '../../core/pec/FileFacts.js';
import { entryDataOffset, type RandomAccess, type ZipEntry } from '../../core/pec/zipDirectory.js';

/** At most this much of an entry is inflated, and only entries whose compressed data is at most COMPRESSED_MAX. */
const INFLATED_MAX = 16 << 20;
const COMPRESSED_MAX = 16 << 20;
/** Relationship parts read at most. */
const RELS_MAX = 500;
const LISTED_MAX = 50;

/** The entry's data, or undefined when it is too large, encrypted, of another method or does not inflate. */
export function entryText(src: RandomAccess, e: ZipEntry): string | undefined {
  if (e.encrypted || e.compressedSize > COMPRESSED_MAX || (e.method !== 0 && e.method !== 8)) return undefined;
  try {
    const data = src.read(entryDataOffset(src, e), e.compressedSize);
    const out = e.method === 0 ? data : inflateRawSync(data, { maxOutputLength: INFLATED_MAX });
    return Buffer.from(out).toString('utf8');
  } catch {
    return undefined;
  }
}

function add(list: string[], v: string): void {
  if (list.length < LISTED_MAX && !list.includes(v)) list.push(v);
}

function ooxmlFacts(src: RandomAccess, entries: readonly ZipEntry[]): OfficeFacts {
  const macros: string[] = [];
  const externalLinks: string[] = [];
  const embeddedFiles: string[] = [];
  for (const e of entries) {
    if (/(^|\/)vba(Project\.bin|Data\.xml)$/i.test(e.name)) add(macros, e.name);
    if (/(^|\/)embeddings\/[^/]+$/i.test(e.name)) add(embeddedFiles, e.name);
  }
  const types = entries.find((e) => e.name === '[Content_Types].xml');
  const typesText = types ? entryText(src, types) : undefined;
  if (typesText && /macroEnabled/i.test(typesText)) add(macros, '[Content_Types].xml');
  for (const e of entries.filter((x) => x.name.endsWith('.rels')).slice(0, RELS_MAX)) {
    const text = entryText(src, e);
    if (!text) continue;
    for (const m of text.matchAll(/<Relationship\b[^>]*>/g)) {
      const rel = m[0];
      if (!/TargetMode\s*=\s*["']External["']/i.test(rel)) continue;
      const target = /Target\s*=\s*["']([^"']*)["']/.exec(rel)?.[1] ?? '?';
      add(externalLinks, target.replace(/&amp;/g, '&'));
    }
  }
  return { macros, externalLinks, embeddedFiles, encrypted: entries.some((e) => e.encrypted) };
}

function odfFacts(src: RandomAccess, entries: readonly ZipEntry[]): OfficeFacts {
  const macros: string[] = [];
  const externalLinks: string[] = [];
  const embeddedFiles: string[] = [];
  for (const e of entries) {
    if (/^(Basic|Scripts)\/.+[^/]$/.test(e.name)) add(macros, e.name);
    // An OLE object is one binary entry "Object N" (a native ODF object is a folder "Object N/").
    if (/^Object \d+$/.test(e.name)) add(embeddedFiles, e.name);
  }
  for (const name of ['content.xml', 'styles.xml']) {
    const e = entries.find((x) => x.name === name);
    const text = e ? entryText(src, e) : undefined;
    if (!text) continue;
    for (const m of text.matchAll(/xlink:href\s*=\s*"((?:https?|ftp|file):[^"]*)"/gi)) add(externalLinks, (m[1] ?? '').replace(/&amp;/g, '&'));
    if (/<script:event-listener\b|<office:script\b[^/]*>[^<]/.test(text)) add(macros, `${name}: script`);
  }
  const manifest = entries.find((x) => x.name === 'META-INF/manifest.xml');
  const manifestText = manifest ? entryText(src, manifest) : undefined;
  const encrypted = entries.some((e) => e.encrypted) || (manifestText !== undefined && /manifest:encryption-data/.test(manifestText));
  return { macros, externalLinks, embeddedFiles, encrypted };
}

export function officeFacts(src: RandomAccess, entries: readonly ZipEntry[], type: 'ooxml' | 'odf'): OfficeFacts {
  return type === 'ooxml' ? ooxmlFacts(src, entries) : odfFacts(src, entries);
}
