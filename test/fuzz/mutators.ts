/**
 * The fuzzer's mutators. Each takes an original input and a seeded {@link Prng} and returns one mutated copy with a
 * short description (which mutator, where, what), so that a finding can be understood and reproduced. Generic ones
 * (bit flips, byte set/insert/delete, truncation, chunk duplication) apply to every input; DER ones edit TLV headers
 * of a binary CMS (X.690 §8.1.3: length octets, indefinite form, non-minimal long form); PDF ones edit numbers
 * where readers trust them (xref tables and streams: /W, /Index, /Size, /Prev, /Length, object numbers,
 * startxref, /ByteRange), and append or duplicate revisions (ISO 32000-2 §7.5.6).
 */
import type { Prng } from './prng.js';
import { allTlvs, readTlv, type Tlv } from './tlv.js';

export interface Mutant {
  readonly bytes: Uint8Array;
  readonly mutator: string;
  readonly detail: string;
}

/** What the mutators know about one original (computed once). */
export interface MutationTarget {
  readonly bytes: Uint8Array;
  readonly kind: 'pdf' | 'cms' | 'text' | 'other';
  /** Binary CMS: every TLV header. */
  readonly tlvs: readonly Tlv[];
  /** PDF: number tokens worth editing (offset, length, key before it). */
  readonly numbers: readonly { at: number; len: number; key: string }[];
}

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** Interesting PDF keys whose numbers readers use as sizes or offsets. */
const PDF_KEYS = ['W', 'Index', 'Size', 'Length', 'Prev', 'ByteRange', 'N', 'First', 'XRefStm', 'Count', 'startxref', 'xref', 'obj', 'R'] as const;

export function mutationTarget(bytes: Uint8Array): MutationTarget {
  const head = latin1(bytes.subarray(0, 1024));
  if (head.includes('%PDF-') && bytes[0] !== 0x30) return { bytes, kind: 'pdf', tlvs: [], numbers: pdfNumbers(bytes) };
  if (bytes[0] === 0x30) {
    let tlvs: Tlv[];
    try {
      tlvs = allTlvs(readTlv(bytes, 0));
    } catch {
      tlvs = [];
    }
    return { bytes, kind: 'cms', tlvs, numbers: [] };
  }
  return { bytes, kind: /^[\t\n\r\x20-\x7e]*$/.test(head) ? 'text' : 'other', tlvs: [], numbers: [] };
}

/** Number tokens after PDF keys of interest, in xref tables and before `obj`/`R` (at most 20,000, spread over the file). */
function pdfNumbers(bytes: Uint8Array): { at: number; len: number; key: string }[] {
  const text = latin1(bytes);
  const out: { at: number; len: number; key: string }[] = [];
  const push = (at: number, len: number, key: string): void => {
    if (out.length < 20000) out.push({ at, len, key });
  };
  // "/Key n" and "/Key [n n …]"
  const keyed = /\/(W|Index|Size|Length|Prev|ByteRange|N|First|XRefStm|Count)\s*(\[[^\]]{0,200}\]|-?\d+)/g;
  for (let m = keyed.exec(text); m; m = keyed.exec(text)) {
    const key = m[1] ?? '';
    const valueAt = m.index + m[0].length - (m[2] ?? '').length;
    const num = /-?\d+/g;
    for (let n = num.exec(m[2] ?? ''); n; n = num.exec(m[2] ?? '')) push(valueAt + n.index, n[0].length, key);
  }
  const sx = /startxref\s+(\d+)/g;
  for (let m = sx.exec(text); m; m = sx.exec(text)) push(m.index + m[0].length - (m[1] ?? '').length, (m[1] ?? '').length, 'startxref');
  const xrefLine = /(\d{10}) (\d{5}) [nf]/g;
  for (let m = xrefLine.exec(text); m; m = xrefLine.exec(text)) {
    push(m.index, 10, 'xref');
    push(m.index + 11, 5, 'xref');
  }
  const subsection = /xref\s+(\d+) (\d+)/g;
  for (let m = subsection.exec(text); m; m = subsection.exec(text)) push(m.index + m[0].length - (m[2] ?? '').length, (m[2] ?? '').length, 'xref');
  const obj = /(\d+) (\d+) (obj|R)\b/g;
  for (let m = obj.exec(text); m; m = obj.exec(text)) push(m.index, (m[1] ?? '').length, m[3] ?? 'obj');
  return out;
}

function splice(b: Uint8Array, at: number, del: number, ins: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length - del + ins.length);
  out.set(b.subarray(0, at), 0);
  out.set(ins, at);
  out.set(b.subarray(at + del), at + ins.length);
  return out;
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0x04, 0x0a, 0x20, 0x25, 0x3c, 0x3e, 0x5b, 0x5d];

function randomBytes(r: Prng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = r.chance(0.5) ? r.pick(INTERESTING) : r.int(256);
  return b;
}

type Mutator = (t: MutationTarget, r: Prng) => Mutant | null;

const bitFlip: Mutator = (t, r) => {
  const b = Uint8Array.from(t.bytes);
  const n = r.range(1, 4);
  const where: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.int(b.length);
    b[at] = (b[at] as number) ^ (1 << r.int(8));
    where.push(at);
  }
  return { bytes: b, mutator: 'bitflip', detail: `bits flipped at ${where.join(',')}` };
};

const byteSet: Mutator = (t, r) => {
  const b = Uint8Array.from(t.bytes);
  const n = r.range(1, 4);
  const where: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.int(b.length);
    let v = r.chance(0.5) ? r.pick(INTERESTING) : r.int(256);
    if (v === b[at]) v = (v + 1) & 0xff;
    b[at] = v;
    where.push(`${at}=0x${v.toString(16)}`);
  }
  return { bytes: b, mutator: 'byteset', detail: where.join(',') };
};

const byteInsert: Mutator = (t, r) => {
  const at = r.int(t.bytes.length + 1);
  const ins = randomBytes(r, r.range(1, 8));
  return { bytes: splice(t.bytes, at, 0, ins), mutator: 'insert', detail: `${ins.length} bytes at ${at}: ${Buffer.from(ins).toString('hex')}` };
};

const byteDelete: Mutator = (t, r) => {
  const at = r.int(t.bytes.length);
  const n = Math.min(r.range(1, 8), t.bytes.length - at);
  return { bytes: splice(t.bytes, at, n, new Uint8Array(0)), mutator: 'delete', detail: `${n} bytes at ${at}` };
};

const truncate: Mutator = (t, r) => {
  const at = r.int(t.bytes.length);
  return { bytes: t.bytes.slice(0, at), mutator: 'truncate', detail: `cut at ${at} of ${t.bytes.length}` };
};

const chunkDuplicate: Mutator = (t, r) => {
  const from = r.int(t.bytes.length);
  const len = Math.min(r.range(1, 512), t.bytes.length - from);
  const to = r.int(t.bytes.length + 1);
  return { bytes: splice(t.bytes, to, 0, t.bytes.slice(from, from + len)), mutator: 'chunkdup', detail: `${len} bytes from ${from} copied to ${to}` };
};

/** Length octets in the short, long or indefinite form (X.690 §8.1.3). */
function lengthOctets(len: number | 'indefinite', longBytes = 0): number[] {
  if (len === 'indefinite') return [0x80];
  if (len < 0x80 && longBytes === 0) return [len];
  const out: number[] = [];
  for (let v = len; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  while (out.length < longBytes) out.unshift(0);
  return [0x80 | out.length, ...out];
}

const derLength: Mutator = (t, r) => {
  if (t.tlvs.length === 0) return null;
  const tlv = r.pick(t.tlvs);
  const oldLen = tlv.indefinite ? -1 : tlv.valueEnd - tlv.valueStart;
  const headerLen = tlv.valueStart - tlv.lenStart;
  const op = r.int(9);
  let octets: number[];
  let what: string;
  switch (op) {
    case 0:
      octets = lengthOctets(Math.max(0, oldLen + r.pick([1, -1, 2, -2])));
      what = 'length ±1/2';
      break;
    case 1:
      octets = lengthOctets(0);
      what = 'length 0';
      break;
    case 2:
      octets = lengthOctets('indefinite');
      what = 'indefinite length';
      break;
    case 3:
      octets = [0x84, 0xff, 0xff, 0xff, 0xff];
      what = 'length 2^32-1';
      break;
    case 4:
      octets = [0x84, 0x7f, 0xff, 0xff, 0xff];
      what = 'length 2^31-1';
      break;
    case 5:
      octets = oldLen >= 0 ? lengthOctets(oldLen, r.range(2, 4)) : [0x80];
      what = 'non-minimal long form';
      break;
    case 6:
      octets = [0x88, 0, 0, 0, 0, 0, 0, 0, 1];
      what = '8-byte length';
      break;
    case 7:
      octets = lengthOctets(Math.max(0, oldLen) + r.range(3, 100000));
      what = 'length grown';
      break;
    default: {
      // The tag instead: constructed bit, class, or another universal tag.
      const b = Uint8Array.from(t.bytes);
      const v = r.pick([tlv.tag ^ 0x20, tlv.tag ^ 0x80, r.pick([0x02, 0x04, 0x05, 0x06, 0x30, 0x31, 0xa0, 0xa1, 0x17, 0x18, 0x00])]);
      b[tlv.start] = v === tlv.tag ? tlv.tag ^ 0x01 : v;
      return { bytes: b, mutator: 'der-tag', detail: `tag at ${tlv.start} 0x${tlv.tag.toString(16)} → 0x${(b[tlv.start] as number).toString(16)}` };
    }
  }
  return { bytes: splice(t.bytes, tlv.lenStart, headerLen, Uint8Array.from(octets)), mutator: 'der-length', detail: `${what} of tag 0x${tlv.tag.toString(16)} at ${tlv.start} (was ${oldLen})` };
};

const NUMBER_VALUES = (n: number, r: Prng): string => {
  switch (r.int(10)) {
    case 0: return String(n + 1);
    case 1: return String(Math.max(0, n - 1));
    case 2: return '0';
    case 3: return '-1';
    case 4: return '2147483648';
    case 5: return '4294967295';
    case 6: return '99999999999999999999';
    case 7: return String(n * 2 + 1);
    case 8: return `${n}.5`;
    default: return String(r.int(1 << r.range(1, 31)));
  }
};

const pdfNumber: Mutator = (t, r) => {
  if (t.numbers.length === 0) return null;
  const wanted = r.chance(0.5) ? r.pick(PDF_KEYS) : undefined;
  const pool = wanted ? t.numbers.filter((x) => x.key === wanted) : t.numbers;
  const x = r.pick(pool.length > 0 ? pool : t.numbers);
  const old = latin1(t.bytes.subarray(x.at, x.at + x.len));
  let v = NUMBER_VALUES(parseInt(old, 10) || 0, r);
  if (x.key === 'xref') v = v.replace('-', '').padStart(x.len, '0').slice(-Math.max(x.len, v.length));
  return { bytes: splice(t.bytes, x.at, x.len, Buffer.from(v, 'latin1')), mutator: `pdf-number:${x.key}`, detail: `${old} → ${v} at ${x.at}` };
};

/** The last revision (after the previous %%EOF) appended again, or the whole file appended, or an empty update. */
const pdfRevision: Mutator = (t, r) => {
  const text = latin1(t.bytes);
  const eofs: number[] = [];
  const re = /%%EOF/g;
  for (let m = re.exec(text); m; m = re.exec(text)) eofs.push(m.index + 5);
  const op = r.int(4);
  if (op === 0 && eofs.length >= 2) {
    const from = eofs[eofs.length - 2] as number;
    return { bytes: Buffer.concat([t.bytes, t.bytes.subarray(from)]), mutator: 'pdf-revision', detail: `last revision (from ${from}) appended again` };
  }
  if (op === 1) return { bytes: Buffer.concat([t.bytes, t.bytes]), mutator: 'pdf-revision', detail: 'whole file appended' };
  if (op === 2) {
    // A revision that changes the first page's content object to a new one (a typical post-signing edit).
    const sx = /startxref\s+(\d+)/g;
    let last = 0;
    for (let m = sx.exec(text); m; m = sx.exec(text)) last = parseInt(m[1] ?? '0', 10);
    const objs = [...text.matchAll(/(\d+) 0 obj/g)].map((m) => parseInt(m[1] ?? '0', 10));
    const victim = objs.length ? r.pick(objs) : 1;
    const at = t.bytes.length + 1;
    const body = `\n${victim} 0 obj\n<< /Length 5 >>\nstream\nHELLO\nendstream\nendobj\n`;
    const xref = at + body.length - 1;
    const trailerSize = Math.max(...objs, victim) + 1;
    const tail = `xref\n0 1\n0000000000 65535 f \n${victim} 1\n${String(at).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${trailerSize} /Prev ${last} /Root ${rootRef(text)} >>\nstartxref\n${xref}\n%%EOF\n`;
    return { bytes: Buffer.concat([t.bytes, Buffer.from(body + tail, 'latin1')]), mutator: 'pdf-revision', detail: `object ${victim} replaced in an appended revision` };
  }
  const from = r.int(t.bytes.length);
  const len = Math.min(r.range(16, 4096), t.bytes.length - from);
  return { bytes: Buffer.concat([t.bytes, t.bytes.subarray(from, from + len), Buffer.from('\n%%EOF\n')]), mutator: 'pdf-revision', detail: `${len} bytes from ${from} appended with %%EOF` };
};

function rootRef(text: string): string {
  const m = /\/Root\s+(\d+ \d+ R)/.exec(text);
  return m?.[1] ?? '1 0 R';
}

/** Deep nesting inserted somewhere: PDF arrays/dictionaries, or BER indefinite SEQUENCEs. */
const nesting: Mutator = (t, r) => {
  const at = r.int(t.bytes.length + 1);
  const depth = r.pick([200, 5000, 100000]);
  let ins: Uint8Array;
  if (t.kind === 'pdf') ins = Buffer.from((r.chance(0.5) ? '[' : '<</A ').repeat(depth), 'latin1');
  else ins = Buffer.from(new Uint8Array(depth * 2).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80)));
  return { bytes: splice(t.bytes, at, 0, ins), mutator: 'nesting', detail: `${depth} levels inserted at ${at}` };
};

/** PDF delimiters and keywords removed or swapped (endobj, endstream, >>, ], R). */
const pdfToken: Mutator = (t, r) => {
  const text = latin1(t.bytes);
  const tokens = ['endobj', 'endstream', 'stream', '>>', '<<', 'obj', 'trailer', 'xref', '/Root', '/Pages', '/Kids', '/Parent', '/V', '/Contents', '/Type', '/Filter', '/DecodeParms'];
  const tok = r.pick(tokens);
  const hits: number[] = [];
  for (let i = text.indexOf(tok); i >= 0 && hits.length < 5000; i = text.indexOf(tok, i + 1)) hits.push(i);
  if (hits.length === 0) return null;
  const at = r.pick(hits);
  const repl = r.pick(['', ' ', tok.toUpperCase(), '/X', '<<', '[', '0']);
  return { bytes: splice(t.bytes, at, tok.length, Buffer.from(repl, 'latin1')), mutator: 'pdf-token', detail: `${tok} at ${at} → ${JSON.stringify(repl)}` };
};

const GENERIC: readonly [string, Mutator, number][] = [
  ['bitflip', bitFlip, 3],
  ['byteset', byteSet, 3],
  ['insert', byteInsert, 2],
  ['delete', byteDelete, 2],
  ['truncate', truncate, 1],
  ['chunkdup', chunkDuplicate, 1],
  ['nesting', nesting, 0.3],
];

const BY_KIND: Readonly<Record<MutationTarget['kind'], readonly [string, Mutator, number][]>> = {
  pdf: [...GENERIC, ['pdf-number', pdfNumber, 8], ['pdf-revision', pdfRevision, 1.5], ['pdf-token', pdfToken, 2]],
  cms: [...GENERIC, ['der-length', derLength, 8]],
  text: GENERIC,
  other: GENERIC,
};

export const MUTATOR_NAMES = ['bitflip', 'byteset', 'insert', 'delete', 'truncate', 'chunkdup', 'nesting', 'der-length', 'pdf-number', 'pdf-revision', 'pdf-token'];

/** One mutant of `t`, by a mutator chosen by weight (or only among `only`). */
export function mutate(t: MutationTarget, r: Prng, only?: readonly string[]): Mutant {
  const table = BY_KIND[t.kind].filter(([n]) => !only || only.includes(n));
  const list = table.length > 0 ? table : BY_KIND[t.kind];
  for (let tries = 0; tries < 20; tries++) {
    const total = list.reduce((s, [, , w]) => s + w, 0);
    let x = r.next() * total;
    let chosen = list[0];
    for (const e of list) {
      x -= e[2];
      if (x <= 0) {
        chosen = e;
        break;
      }
    }
    const m = chosen?.[1](t, r);
    if (m && (m.bytes.length !== t.bytes.length || Buffer.compare(Buffer.from(m.bytes), Buffer.from(t.bytes)) !== 0)) return m;
  }
  return bitFlip(t, r) as Mutant;
}
