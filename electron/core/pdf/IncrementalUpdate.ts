/**
 * An incremental update (ISO 32000-2 §7.5.6): new and changed objects appended after the original bytes, then a
 * cross-reference section of the same kind as the file's last one (table §7.5.4, or stream §7.5.8) listing only
 * them, with `/Prev` to the previous section, the original `/Root`, `/Info` and first `/ID`, and `startxref`.
 * The original bytes are never touched. Offsets are relative to the `%PDF-` header (§7.5.2).
 */
import { PDFArray, PDFHexString, PDFName, PDFRef, PDFString, type PDFContext, type PDFObject } from 'pdf-lib';
import { randomBytes } from 'node:crypto';
import type { XrefBase, XrefEntry } from './XrefChain.js';

const ascii = new TextEncoder();

export function objectBytes(obj: PDFObject): Uint8Array {
  const b = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(b, 0);
  return b;
}

interface Pending {
  readonly num: number;
  readonly gen: number;
  readonly body: Uint8Array;
}

export class IncrementalUpdate {
  private readonly objects = new Map<number, Pending>();
  /** The first number of a new object: above the trailer's /Size and every object seen. */
  private readonly firstNew: number;

  /**
   * New objects are numbered by pdf-lib's context (so objects its embedders register are numbered alike), starting
   * above /Size - 1 and every object number seen in the file.
   */
  constructor(
    /** The original file: its length and last byte (the update starts on a new line). */
    private readonly original: { readonly length: number; readonly lastByte: number | undefined },
    private readonly header: number,
    private readonly base: XrefBase,
    private readonly context: PDFContext,
  ) {
    context.largestObjectNumber = Math.max(base.size - 1, context.largestObjectNumber);
    this.firstNew = context.largestObjectNumber + 1;
  }

  /** A number for a new object (generation 0). */
  allocate(): PDFRef {
    return this.context.nextRef();
  }

  /** Sets the new body of an object (new, or a changed original keeping its number and generation). */
  put(ref: PDFRef, body: PDFObject | Uint8Array): void {
    this.objects.set(ref.objectNumber, { num: ref.objectNumber, gen: ref.generationNumber, body: body instanceof Uint8Array ? body : objectBytes(body) });
  }

  /** Objects pdf-lib registered itself (an embedded image and its soft mask) join the update. */
  private collectRegistered(): void {
    for (const [ref, obj] of this.context.enumerateIndirectObjects()) {
      if (ref.objectNumber >= this.firstNew && !this.objects.has(ref.objectNumber)) this.put(ref, obj);
    }
  }

  /**
   * The bytes to append, and where each object starts in them. `prefix` ends the original with an EOL when it lacks
   * one, so the first new object starts on its own line.
   */
  build(): { bytes: Uint8Array; offsets: Map<number, number> } {
    const parts: Uint8Array[] = [];
    let length = 0;
    const push = (b: Uint8Array | string): void => {
      const bytes = typeof b === 'string' ? ascii.encode(b) : b;
      parts.push(bytes);
      length += bytes.length;
    };
    this.collectRegistered();
    const last = this.original.lastByte;
    if (last !== 0x0a && last !== 0x0d) push('\n');
    const offsets = new Map<number, number>();
    const sorted = [...this.objects.values()].sort((a, b) => a.num - b.num);
    for (const o of sorted) {
      offsets.set(o.num, length);
      push(`${o.num} ${o.gen} obj\n`);
      push(o.body);
      push('\nendobj\n');
    }
    const rel = (incOffset: number): number => this.original.length + incOffset - this.header;
    const prev = this.base.prev === undefined ? '' : `/Prev ${this.base.prev}\n`;
    const trailerKeys = this.trailerEntries();
    // Entries carried over from a repaired file, unless this update rewrites the object; object 0 heads the free list.
    const carried = new Map<number, XrefEntry>();
    if (this.base.carried.length > 0) carried.set(0, { num: 0, gen: 65535, type: 1, field: -1 });
    for (const e of this.base.carried) if (!this.objects.has(e.num) && e.num !== 0) carried.set(e.num, e);
    if (this.base.kind === 'table') {
      const xrefAt = length;
      push('xref\n');
      for (const run of runs([...sorted.map((o) => o.num), ...carried.keys()])) {
        push(`${run.first} ${run.count}\n`);
        for (let n = run.first; n < run.first + run.count; n++) {
          const c = carried.get(n);
          if (c?.num === 0) push('0000000000 65535 f\r\n');
          else if (c) push(`${String(c.field).padStart(10, '0')} ${String(c.gen).padStart(5, '0')} n\r\n`);
          else push(`${String(rel(offsets.get(n) ?? 0)).padStart(10, '0')} ${String(this.objects.get(n)?.gen ?? 0).padStart(5, '0')} n\r\n`);
        }
      }
      push(`trailer\n<<\n/Size ${this.context.largestObjectNumber + 1}\n${trailerKeys}${prev}>>\nstartxref\n${rel(xrefAt)}\n%%EOF\n`);
    } else {
      // The stream lists itself too (§7.5.8.3): its number is the last one.
      const selfNum = this.context.nextRef().objectNumber;
      const xrefAt = length;
      const nums = [...sorted.map((o) => o.num), ...carried.keys(), selfNum].sort((a, b) => a - b);
      const rows: number[] = [];
      const row = (type: number, f2: number, f3: number): void => {
        rows.push(type, (f2 >>> 24) & 0xff, (f2 >>> 16) & 0xff, (f2 >>> 8) & 0xff, f2 & 0xff, (f3 >>> 8) & 0xff, f3 & 0xff);
      };
      for (const n of nums) {
        const c = carried.get(n);
        if (n === selfNum) row(1, rel(xrefAt), 0);
        else if (c?.num === 0) row(0, 0, 0xffff);
        else if (c) row(c.type, c.field, c.gen);
        else row(1, rel(offsets.get(n) ?? 0), this.objects.get(n)?.gen ?? 0);
      }
      if (this.original.length + length > 0xffffffff) throw new Error('PDF larger than 4 GiB');
      const index = runs(nums).map((r) => `${r.first} ${r.count}`).join(' ');
      const data = Uint8Array.from(rows);
      push(`${selfNum} 0 obj\n<<\n/Type /XRef\n/Size ${selfNum + 1}\n/W [1 4 2]\n/Index [${index}]\n${trailerKeys}${prev}/Length ${data.length}\n>>\nstream\n`);
      push(data);
      push(`\nendstream\nendobj\nstartxref\n${rel(xrefAt)}\n%%EOF\n`);
    }
    return { bytes: concat(parts, length), offsets };
  }

  /** /Root, /Info and /ID of the new trailer: the same document, a new second ID (§14.4). */
  private trailerEntries(): string {
    const t = this.base.trailer;
    let out = '';
    const root = t.get(PDFName.of('Root'));
    if (root instanceof PDFRef) out += `/Root ${root.objectNumber} ${root.generationNumber} R\n`;
    const info = t.get(PDFName.of('Info'));
    if (info instanceof PDFRef) out += `/Info ${info.objectNumber} ${info.generationNumber} R\n`;
    const id = t.get(PDFName.of('ID'));
    const fresh = randomBytes(16).toString('hex').toUpperCase();
    let first = fresh;
    if (id instanceof PDFArray && id.size() > 0) {
      const f = id.get(0);
      if (f instanceof PDFHexString) first = f.asString().replace(/\s+/g, '');
      else if (f instanceof PDFString) first = Buffer.from(decodeLiteral(objectBytes(f))).toString('hex').toUpperCase();
    }
    out += `/ID [<${first}> <${fresh}>]\n`;
    return out;
  }
}

/** The raw bytes of a literal string `( … )` with its escapes resolved (§7.3.4.2). */
function decodeLiteral(b: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 1; i < b.length - 1; i++) {
    const c = b[i] ?? 0;
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    const n = b[++i] ?? 0;
    const map: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
    if (map[n] !== undefined) out.push(map[n]);
    else if (n >= 0x30 && n <= 0x37) {
      let v = n - 0x30;
      for (let k = 0; k < 2 && (b[i + 1] ?? 0) >= 0x30 && (b[i + 1] ?? 0) <= 0x37; k++) v = v * 8 + ((b[++i] ?? 0) - 0x30);
      out.push(v & 0xff);
    } else if (n === 0x0d) {
      if (b[i + 1] === 0x0a) i++;
    } else if (n !== 0x0a) out.push(n);
  }
  return Uint8Array.from(out);
}

function runs(nums: readonly number[]): { first: number; count: number }[] {
  const out: { first: number; count: number }[] = [];
  for (const n of [...nums].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last.first + last.count === n) last.count++;
    else out.push({ first: n, count: 1 });
  }
  return out;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let p = 0;
  for (const b of parts) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

