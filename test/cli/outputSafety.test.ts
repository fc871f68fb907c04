/**
 * Issue 11, items 2, 4, 5, 6: the input is never an output (any spelling, links, --force or not), write errors say
 * their cause (a real full tmpfs, a read-only mount, a folder the user may not write, a missing folder), --json
 * prints every outcome, and standard input cannot be both the PIN and the document.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SIGLA, sha256File, sigla, tool, type CliResult } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

/** Sigla's temp files (and any other hidden file): none may be left in a folder after a command. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith('.') || n.endsWith('.part'));
}

/** A tiny PDF (one empty page), made by hand with exact xref offsets. */
function minimalPdf(extra = ''): Buffer {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  out += extra;
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('output safety', () => {
  let pki: TestPki;
  let dir: string;
  let p12: string;
  const pin = (): { input: string } => ({ input: `${pki.signer.p12Password}\n` });
  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-outsafe-'));
    chmodSync(dir, 0o755);
    p12 = join(dir, 'signer.p12');
    copyFileSync(pki.signer.p12, p12);
    chmodSync(p12, 0o644);
  });
  after(() => cleanup(pki.dir, dir));

  describe('never the input', () => {
    /** Each spelling of the input doc in `d`, as an --out value (relative ones are run from `d`). */
    function spellings(d: string, doc: string): [string, string][] {
      mkdirSync(join(d, 'sub'), { recursive: true });
      const link = join(d, `link-${doc}`);
      const hard = join(d, `hard-${doc}`);
      if (!existsSync(link)) symlinkSync(doc, link);
      if (!existsSync(hard)) linkSync(join(d, doc), hard);
      return [
        ['same name', doc],
        ['./sub/..', `./sub/../${doc}`],
        ['absolute', join(d, doc)],
        ['symlink to the input', link],
        ['hard link to the input', hard],
      ];
    }

    const cases: { name: string; doc: string; content: () => Buffer; args: string[] }[] = [
      { name: 'CAdES attached', doc: 'doc.txt', content: () => Buffer.from('Determina n. 12 — affidamento\n'), args: [] },
      { name: 'CAdES detached', doc: 'doc.txt', content: () => Buffer.from('Determina n. 12 — affidamento\n'), args: ['--detached'] },
      { name: 'PAdES', doc: 'doc.pdf', content: () => minimalPdf(), args: ['--format', 'pades'] },
    ];
    for (const c of cases) {
      it(`${c.name}: --out naming the input in any spelling exits 2, with or without --force, input unchanged`, () => {
        const d = mkdtempSync(join(dir, 'same-'));
        const input = join(d, c.doc);
        writeFileSync(input, c.content());
        const sum = sha256File(input);
        for (const [what, out] of spellings(d, c.doc)) {
          for (const force of [false, true]) {
            const r = spawnSync(process.execPath, [SIGLA, 'sign', c.doc, ...c.args, '--out', out, ...(force ? ['--force'] : []), '--p12', p12, '--pin-stdin'], {
              cwd: d,
              input: pin().input,
              encoding: 'utf8',
              env: { ...process.env, LANG: 'C.UTF-8' },
            });
            assert.equal(r.status, 2, `${what}${force ? ' --force' : ''}: ${r.stderr}`);
            assert.match(r.stderr, /è il file di partenza/, what);
            assert.equal(sha256File(input), sum, `${what}: input unchanged`);
            assert.deepEqual(leftovers(d), [], `${what}: no temp left`);
          }
        }
        // The links still point at the same, unchanged bytes: nothing replaced any of them.
        assert.equal(sha256File(join(d, `hard-${c.doc}`)), sum);
        assert.equal(readFileSync(join(d, `link-${c.doc}`)).equals(c.content()), true);
      });
    }

    it('the PKCS#12 file, a --detached-content and an input of a later file of the batch are inputs too', () => {
      const d = mkdtempSync(join(dir, 'others-'));
      const doc = join(d, 'a.txt');
      writeFileSync(doc, 'primo\n');
      const key = join(d, 'key.p12');
      copyFileSync(p12, key);
      const keySum = sha256File(key);
      let r = sigla(['sign', doc, '--out', key, '--force', '--p12', key, '--pin-stdin'], pin());
      assert.equal(r.status, 2, r.stderr);
      assert.equal(sha256File(key), keySum);
      // a.txt → a.txt.p7m would replace the second file of the batch before it is read.
      writeFileSync(`${doc}.p7m`, 'not yet signed\n');
      const before2 = sha256File(`${doc}.p7m`);
      r = sigla(['sign', doc, `${doc}.p7m`, '--mode', 'nested', '--force', '--p12', key, '--pin-stdin'], pin());
      assert.equal(r.status, 2, r.stderr);
      assert.equal(sha256File(`${doc}.p7m`), before2);
      // A detached signature co-signed with its content named as the output.
      r = sigla(['sign', doc, '--detached', '--p12', key, '--pin-stdin'], pin());
      assert.equal(r.status, 0, r.stderr);
      const docSum = sha256File(doc);
      r = sigla(['sign', `${doc}.p7s`, '--detached-content', doc, '--out', doc, '--force', '--p12', key, '--pin-stdin'], pin());
      assert.equal(r.status, 2, r.stderr);
      assert.equal(sha256File(doc), docSum);
      assert.deepEqual(leftovers(d), []);
    });

    it('extract and timestamp refuse the input as output before any work (exit 2)', () => {
      const d = mkdtempSync(join(dir, 'extract-'));
      const doc = join(d, 'e.txt');
      writeFileSync(doc, 'da estrarre\n');
      assert.equal(sigla(['sign', doc, '--p12', p12, '--pin-stdin'], pin()).status, 0);
      const p7m = `${doc}.p7m`;
      const sum = sha256File(p7m);
      for (const force of [[], ['--force']]) {
        const r = sigla(['extract', p7m, '--out', p7m, ...force]);
        assert.equal(r.status, 2, r.stderr);
        assert.equal(sha256File(p7m), sum);
        // No TSA listens on port 9: the refusal comes before any request.
        const t = sigla(['timestamp', doc, '--tsa', 'http://127.0.0.1:9/', '--out', join(d, 'sub', '..', 'e.txt'), ...force]);
        assert.equal(t.status, 2, t.stderr);
      }
      assert.deepEqual(leftovers(d), []);
    });
  });

  describe('standard input carries the PIN, never the document', () => {
    for (const name of ['-', '/dev/stdin', '/proc/self/fd/0', '/dev/fd/0']) {
      it(`sign ${name} --pin-stdin exits 2 and signs nothing`, () => {
        const d = mkdtempSync(join(dir, 'stdin-'));
        const r = spawnSync(process.execPath, [SIGLA, 'sign', name, '--p12', p12, '--pin-stdin', '--out-dir', d], { input: pin().input, encoding: 'utf8' });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /standard input/);
        assert.deepEqual(readdirSync(d), []);
      });
    }

    it('a file that is stdin by redirection (same device and inode) is refused too', () => {
      const d = mkdtempSync(join(dir, 'stdin-redirect-'));
      const doc = join(d, 'pin-and-doc.txt');
      writeFileSync(doc, `${pki.signer.p12Password}\n`);
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${SIGLA}" sign "${doc}" --p12 "${p12}" --pin-stdin < "${doc}"`], { encoding: 'utf8' });
      assert.equal(r.status, 2, r.stderr);
      assert.deepEqual(readdirSync(d), ['pin-and-doc.txt']);
      // The same file with the PIN on a pipe is no conflict: it signs.
      const ok = sigla(['sign', doc, '--p12', p12, '--pin-stdin'], pin());
      assert.equal(ok.status, 0, ok.stderr);
    });
  });

  describe('--json prints every outcome as JSON', () => {
    function json(r: CliResult): { error: { code: string; exit: number; message: string }; results?: { file: string; ok: boolean; error?: { code: string } }[] } {
      return JSON.parse(r.stdout) as ReturnType<typeof json>;
    }

    it('a wrong PKCS#12 password: error, exit and each file not signed', () => {
      const d = mkdtempSync(join(dir, 'json-'));
      writeFileSync(join(d, 'a.txt'), 'a\n');
      writeFileSync(join(d, 'b.txt'), 'b\n');
      const r = sigla(['sign', join(d, 'a.txt'), join(d, 'b.txt'), '--p12', p12, '--pin-stdin', '--json'], { input: 'sbagliata\n' });
      assert.equal(r.status, 3, r.stderr);
      const j = json(r);
      assert.deepEqual({ code: j.error.code, exit: j.error.exit }, { code: 'P12_PASSWORD', exit: 3 });
      assert.match(j.error.message, /Password del file PKCS#12 errata/);
      assert.deepEqual(j.results?.map((x) => [basename(x.file), x.ok, x.error?.code]), [
        ['a.txt', false, 'NOT_ATTEMPTED'],
        ['b.txt', false, 'NOT_ATTEMPTED'],
      ]);
    });

    it('usage errors, an existing output, an unreadable input, the input as output, a TSA failure (with per-file results)', () => {
      const d = mkdtempSync(join(dir, 'json2-'));
      const doc = join(d, 'c.txt');
      writeFileSync(doc, 'c\n');
      writeFileSync(`${doc}.p7m`, 'già qui\n');
      const expect: [string[], string, number][] = [
        [['sign', doc, '--no-such-option', '--json'], 'USAGE_UNKNOWN_OPTION', 2],
        [['sign', doc, '--out', '--json'], 'USAGE_OPTION_VALUE', 2],
        [['sign', '--json'], 'USAGE', 2],
        [['sign', doc, '--p12', p12, '--pin-stdin', '--json'], 'OUTPUT_EXISTS', 9],
        [['sign', join(d, 'missing.txt'), '--p12', p12, '--pin-stdin', '--json'], 'INPUT_UNREADABLE', 8],
        [['sign', doc, '--out', doc, '--p12', p12, '--pin-stdin', '--json', '--lang', 'en'], 'OUTPUT_IS_INPUT', 2],
        [['sign', doc, '--out', join(d, 'new.p7m'), '--tsa', 'http://127.0.0.1:9/', '--p12', p12, '--pin-stdin', '--json'], 'TSA_UNAVAILABLE', 7],
        [['frobnicate', '--json'], 'USAGE', 2],
      ];
      for (const [args, code, exit] of expect) {
        const r = sigla(args, pin());
        assert.equal(r.status, exit, `${args.join(' ')}: ${r.stderr}`);
        const j = json(r);
        assert.equal(j.error.code, code, args.join(' '));
        assert.equal(j.error.exit, exit);
        assert.ok(j.error.message.length > 0);
        // Our words, not node:util's English ("Unknown option '--x'. To specify a positional argument…").
        assert.doesNotMatch(j.error.message, /Unknown option|argument missing|positional/, args.join(' '));
        if (code === 'TSA_UNAVAILABLE') assert.deepEqual(j.results?.map((x) => [x.ok, x.error?.code]), [[false, 'TSA_UNAVAILABLE']]);
      }
      assert.equal(existsSync(join(d, 'new.p7m')), false);
      assert.deepEqual(leftovers(d), []);
    });
  });

  describe('write errors say their cause', () => {
    const sign = (input: string, out: string, lang = 'it'): CliResult => sigla(['sign', input, '--out', out, '--p12', p12, '--pin-stdin', '--lang', lang], pin());

    it('a missing folder', () => {
      const doc = join(dir, 'm.txt');
      writeFileSync(doc, 'm\n');
      const r = sign(doc, join(dir, 'no-such-folder', 'm.txt.p7m'));
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /la cartella .*no-such-folder non esiste/);
    });

    /** Mounts a tmpfs (we run as root in CI); skips with the reason where mounting is not permitted. */
    function mountTmpfs(t: { skip: (why: string) => void }, options: string): string | null {
      const mnt = mkdtempSync(join(dir, 'mnt-'));
      const m = tool('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mnt]);
      if (m.status !== 0) {
        t.skip(`cannot mount a tmpfs here: ${m.stderr.trim()}`);
        return null;
      }
      return mnt;
    }

    it('a full disk (a real 1 MiB tmpfs): OUTPUT_DISK_FULL, nothing left on it', (t) => {
      const mnt = mountTmpfs(t, 'size=1m,mode=0755');
      if (!mnt) return;
      try {
        const big = join(dir, 'three-mib.bin');
        writeFileSync(big, Buffer.alloc(3 << 20, 0x41));
        const r = sign(big, join(mnt, 'three-mib.bin.p7m'));
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /il disco \(o lo spazio assegnato\) è pieno/);
        const en = sigla(['sign', big, '--out', join(mnt, 'x.p7m'), '--p12', p12, '--pin-stdin', '--json', '--lang', 'en'], pin());
        // A file that could not be written does not stop a batch: its entry in the per-file results says why.
        assert.equal(en.status, 1, en.stderr);
        const j = JSON.parse(en.stdout) as { ok: boolean; error?: { code: string } }[];
        assert.deepEqual([j[0]?.ok, j[0]?.error?.code], [false, 'OUTPUT_DISK_FULL']);
        assert.deepEqual(readdirSync(mnt), []);
      } finally {
        tool('umount', [mnt]);
      }
    });

    it('a read-only file system: OUTPUT_READ_ONLY', (t) => {
      const mnt = mountTmpfs(t, 'size=1m,ro');
      if (!mnt) return;
      try {
        const doc = join(dir, 'ro.txt');
        writeFileSync(doc, 'ro\n');
        const r = sign(doc, join(mnt, 'ro.txt.p7m'), 'en');
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /read-only file system/);
        assert.deepEqual(readdirSync(mnt), []);
      } finally {
        tool('umount', [mnt]);
      }
    });

    it('a folder the user may not write in (run as nobody): OUTPUT_PERMISSION', (t) => {
      if (process.getuid?.() !== 0 || tool('setpriv', ['--version']).status !== 0) return t.skip('needs root and setpriv to run as nobody');
      const locked = join(dir, 'locked');
      mkdirSync(locked, { mode: 0o755 });
      const doc = join(dir, 'perm.txt');
      writeFileSync(doc, 'perm\n');
      chmodSync(doc, 0o644);
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, SIGLA, 'sign', doc, '--out', join(locked, 'perm.txt.p7m'), '--p12', p12, '--pin-stdin'], {
        cwd: dir,
        input: pin().input,
        encoding: 'utf8',
        env: { ...process.env, LANG: 'C.UTF-8', HOME: '/nonexistent', SIGLA_DATA_DIR: join(tmpdir(), 'sigla-nobody-none') },
      });
      if (r.stderr.includes('EACCES') && !r.stderr.includes('permesso')) return t.skip(`nobody cannot run the built command here: ${r.stderr}`);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /non hai il permesso di scrivere nella cartella .*locked/);
      assert.deepEqual(readdirSync(locked), []);
    });
  });
});
