/**
 * `npm run bench`: Sigla's signing engine against independent peers on this machine, as ratios (issue 13 item 8).
 *
 * Not a test: it prints tables and fails only if a command exits non-zero. After `npx tsc`:
 *   npm run bench -- [--sizes 1M,100M,1G] [--pdf-sizes 1M,20M] [--runs 5] [--batch 100] [--only startup,cades,pades,batch,verify] [--dir DIR]
 * (`SIGLA_BENCH_SIZES` is still read when `--sizes` is absent). Suffixes K/M/G are binary (KiB/MiB/GiB). `--dir`: the
 * folder in which inputs and outputs are written (default: the system temp folder). Where other programs create and
 * delete many files (a shared /tmp), ext4 may search a new file's inode past many recently deleted ones (measured on
 * the development machine with perf: find_inode_bit → recently_deleted), and each new file then costs ~0.25 ms of
 * kernel time instead of ~0.02 ms elsewhere on the same disk; a batch of small documents pays that per document
 * (the openssl peer run overwrites its outputs and does not), so the batch ratio depends on the folder.
 *
 * Method:
 * - Paired, alternating runs: one warm-up of every command (unmeasured), then `--runs` rounds of ours, peer, ours,
 *   peer… so that drift in machine load falls on both sides; each cell is the median, with min–max.
 * - Wall time is taken around the child (hrtime); peak RSS is the real process's, from GNU `/usr/bin/time -v`
 *   ("Maximum resident set size"), which execs the measured command itself (no wrapper in between). Without
 *   /usr/bin/time the RSS columns say n/a.
 * - Inputs are written and fsync'ed (file and folder) before any timing. The page cache is not dropped (that needs
 *   root), so every run, ours and the peer's, reads warm data; the warm-up run makes that equal for both.
 * - Peers: CAdES `openssl cms -sign -binary -stream -nodetach -cades` (same RSA-2048 key); floors `openssl dgst
 *   -sha256` and `sha256sum` of the same file; PAdES the PDFBox + Bouncy Castle signer of the tests
 *   (test/helpers/java/MakePdfs.java), when java is installed; batch: SoftHSM2's own C_Sign rate through pkcs11js
 *   (bound = one single-document `sigla sign` + (N − 1) × C_Sign) and N separate `openssl cms -sign` runs.
 * - Verify: the whole shared corpus ($SIGLA_CORPUS) in one `sigla verify --offline --json` call, against the issue's
 *   1.5 s goal (no peer verifies these formats offline the same way).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pdfBoxJavaArgs, hasPdfBox } from '../helpers/pdfbox.js';
import { cleanup as cleanupDirs, hasSoftHsm, makeTestPki, makeTestToken, type TestPki } from '../helpers/testPki.js';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SIGLA_BIN = path.join(REPO_ROOT, 'bin', 'sigla.js');
const GNU_TIME = '/usr/bin/time';
const MIB = 1024 * 1024;

interface Options {
  readonly sizes: readonly Size[];
  readonly pdfSizes: readonly Size[];
  readonly runs: number;
  readonly batch: number;
  /** Where inputs and outputs are written. */
  readonly dir: string;
  readonly only: ReadonlySet<string>;
}
interface Size {
  readonly label: string;
  readonly bytes: number;
}
interface Cmd {
  readonly name: string;
  readonly argv: readonly string[];
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run before each measured run (e.g. remove the previous output); not timed. */
  readonly before?: () => void;
}
interface Sample {
  readonly seconds: number;
  readonly rssKiB: number | undefined;
}

function parseSize(spec: string): Size {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)i?B?$/i.exec(spec.trim());
  if (m === null || m[1] === undefined) throw new Error(`invalid size "${spec}"`);
  const unit = (m[2] ?? '').toUpperCase();
  const mult = unit === 'G' ? 1024 * MIB : unit === 'M' ? MIB : unit === 'K' ? 1024 : 1;
  return { label: `${m[1]}${unit === '' ? 'B' : unit}`, bytes: Math.round(Number(m[1]) * mult) };
}

function parseArgs(argv: readonly string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (get('--sizes') ?? process.env['SIGLA_BENCH_SIZES'] ?? '1M,100M').split(',').filter((s) => s.trim() !== '').map(parseSize);
  const pdfSizes = (get('--pdf-sizes') ?? '1M,20M').split(',').filter((s) => s.trim() !== '').map(parseSize);
  const runs = Number(get('--runs') ?? '5');
  const batch = Number(get('--batch') ?? '100');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number from 1');
  if (!Number.isInteger(batch) || batch < 2) throw new Error('--batch takes a whole number from 2');
  const only = new Set((get('--only') ?? 'startup,cades,pades,batch,verify').split(','));
  const dir = get('--dir') ?? os.tmpdir();
  return { sizes, pdfSizes, runs, batch, only, dir };
}

const hasGnuTime = (): boolean => fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-v', 'true'], { stdio: 'ignore' }).status === 0;

/** One run: wall time around the child, peak RSS of the command itself from `/usr/bin/time -v`. */
function runOnce(c: Cmd, gnuTime: boolean): Sample {
  c.before?.();
  const [cmd, ...args] = gnuTime ? [GNU_TIME, '-v', ...c.argv] : c.argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd ?? '', args, { input: c.input ?? '', env: c.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * MIB });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error !== undefined) throw new Error(`${c.name}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${c.name} failed (exit ${String(r.status)}):\n${r.stderr}`);
  const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  return { seconds, rssKiB: kib === undefined ? undefined : Number(kib) };
}

/** A warm-up of each command, then `runs` rounds in which every command runs once, in turn. */
function paired(cmds: readonly Cmd[], runs: number, gnuTime: boolean): Sample[][] {
  for (const c of cmds) runOnce(c, gnuTime);
  const out: Sample[][] = cmds.map(() => []);
  for (let i = 0; i < runs; i++) cmds.forEach((c, j) => out[j]?.push(runOnce(c, gnuTime)));
  return out;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};
const secs = (x: number): string => (x < 0.1 ? `${(x * 1000).toFixed(1)} ms` : `${x.toFixed(x < 10 ? 3 : 1)} s`);
function timeCell(s: readonly Sample[]): string {
  const t = s.map((x) => x.seconds);
  return `${secs(median(t))} (${secs(Math.min(...t))}–${secs(Math.max(...t))})`;
}
function rssCell(s: readonly Sample[]): string {
  const r = s.map((x) => x.rssKiB).filter((x): x is number => x !== undefined);
  return r.length === 0 ? 'n/a' : `${(median(r) / 1024).toFixed(1)} MiB`;
}
const ratio = (a: readonly Sample[], b: readonly Sample[]): string =>
  `${(median(a.map((x) => x.seconds)) / median(b.map((x) => x.seconds))).toFixed(2)}×`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join(' | ');
  console.log(line(header));
  console.log(w.map((n) => '-'.repeat(n)).join('-|-'));
  for (const r of rows) console.log(line(r));
  console.log('');
}

/** Writes `bytes` bytes (one random MiB repeated) and makes them durable, file and folder, before any timing. */
function writeDurable(file: string, bytes: number, block: Buffer, head?: Buffer, tail?: Buffer): void {
  const fd = fs.openSync(file, 'w');
  try {
    if (head) fs.writeSync(fd, head);
    for (let left = bytes; left > 0; left -= block.length) fs.writeSync(fd, block, 0, Math.min(left, block.length));
    if (tail) fs.writeSync(fd, tail);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const dfd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
}

/** A one-page PDF whose single stream object (not drawn) holds `bytes` bytes, with a correct xref table. */
function writePdf(file: string, bytes: number, block: Buffer): void {
  const objs = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>\nendobj\n',
  ];
  let text = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const o of objs) {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += o;
  }
  offsets.push(Buffer.byteLength(text, 'latin1'));
  const head = Buffer.from(`${text}4 0 obj\n<< /Length ${bytes} >>\nstream\n`, 'latin1');
  const afterStream = head.length + bytes;
  const xrefAt = afterStream + '\nendstream\nendobj\n'.length;
  const xref = ['xref', '0 5', '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  const tail = Buffer.from(`\nendstream\nendobj\n${xref}\ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1');
  writeDurable(file, bytes, block, head, tail);
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(SIGLA_BIN)) throw new Error(`${SIGLA_BIN} not found: build Sigla first`);
  const gnuTime = hasGnuTime();
  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`node ${process.version}, ${openssl}, ${os.cpus()[0]?.model ?? 'CPU'} ×${os.cpus().length}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`${o.runs} paired runs after a warm-up; median (min–max); peak RSS ${gnuTime ? 'from /usr/bin/time -v of each process' : 'n/a (/usr/bin/time missing)'}; inputs fsync'ed, page cache warm (not dropped: needs root)\n`);

  const dir = fs.mkdtempSync(path.join(o.dir, 'sigla-bench-'));
  // A data folder of the bench's own: the certificates Sigla remembers (certificates.json) must not depend on what
  // earlier runs and tests left in the user's folder.
  process.env['SIGLA_DATA_DIR'] = path.join(dir, 'data');
  let pki: TestPki | undefined;
  const extra: string[] = [];
  const cleanup = (): void => cleanupDirs(dir, ...(pki ? [pki.dir] : []), ...extra);
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    pki = makeTestPki();
    const s = pki.signer;
    const block = randomBytes(MIB);
    const pass = `${s.p12Password}\n`;
    const rm = (f: string) => (): void => fs.rmSync(f, { force: true });

    if (o.only.has('startup')) benchStartup(Math.max(o.runs, 10), gnuTime);
    if (o.only.has('cades')) {
      const rows: string[][] = [];
      for (const size of o.sizes) {
        const content = path.join(dir, `content-${size.label}.bin`);
        writeDurable(content, size.bytes, block);
        const ours = path.join(dir, 'ours.p7m');
        const peer = path.join(dir, 'peer.p7m');
        const [sig, ssl, dgst, sum, bare] = paired(
          [
            { name: 'sigla sign', argv: [process.execPath, SIGLA_BIN, 'sign', content, '--format', 'cades', '--p12', s.p12, '--pin-stdin', '--out', ours, '--force'], input: pass, before: rm(ours) },
            { name: 'openssl cms', argv: ['openssl', 'cms', '-sign', '-cades', '-binary', '-stream', '-nodetach', '-md', 'sha256', '-in', content, '-signer', s.certPem, '-inkey', s.keyPem, '-outform', 'DER', '-out', peer], before: rm(peer) },
            { name: 'openssl dgst', argv: ['openssl', 'dgst', '-sha256', content] },
            { name: 'sha256sum', argv: ['sha256sum', content] },
            // Node's own start, which every sigla command pays before its first line: the floor of the ratio.
            { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
          ],
          o.runs,
          gnuTime,
        ) as [Sample[], Sample[], Sample[], Sample[], Sample[]];
        rows.push([size.label, timeCell(sig), timeCell(ssl), ratio(sig, ssl), timeCell(dgst), timeCell(sum), ratio(sig, sum), ratio(bare, ssl), rssCell(sig), rssCell(ssl)]);
        console.log(`  cades ${size.label} done`);
        fs.rmSync(content, { force: true });
      }
      console.log('\nCAdES attached (.p7m, SHA-256, RSA-2048, PKCS#12 key)');
      table(['size', 'sigla', 'openssl cms -stream', 'vs cms', 'openssl dgst', 'sha256sum', 'vs sha256sum', 'node -e 0 vs cms', 'sigla RSS', 'openssl RSS'], rows);
    }

    if (o.only.has('pades')) {
      if (!hasPdfBox()) {
        console.log('PAdES: skipped, PDFBox/java not available\n');
      } else {
        const rows: string[][] = [];
        for (const size of o.pdfSizes) {
          const pdf = path.join(dir, `doc-${size.label}.pdf`);
          writePdf(pdf, size.bytes, block);
          const ours = path.join(dir, 'ours.pdf');
          const peer = path.join(dir, 'peer.pdf');
          const [sig, box, sum] = paired(
            [
              { name: 'sigla sign pades', argv: [process.execPath, SIGLA_BIN, 'sign', pdf, '--format', 'pades', '--p12', s.p12, '--pin-stdin', '--out', ours, '--force'], input: pass, before: rm(ours) },
              { name: 'PDFBox sign', argv: ['java', ...pdfBoxJavaArgs('MakePdfs', ['sign', pdf, peer, s.p12, s.p12Password, 'ETSI.CAdES.detached'])], before: rm(peer) },
              { name: 'sha256sum', argv: ['sha256sum', pdf] },
            ],
            o.runs,
            gnuTime,
          ) as [Sample[], Sample[], Sample[]];
          rows.push([size.label, timeCell(sig), timeCell(box), ratio(sig, box), timeCell(sum), ratio(sig, sum), rssCell(sig), rssCell(box)]);
          console.log(`  pades ${size.label} done`);
          fs.rmSync(pdf, { force: true });
        }
        console.log('\nPAdES-B-B (incremental update, PKCS#12 key)');
        table(['size', 'sigla', 'PDFBox', 'vs PDFBox', 'sha256sum', 'vs sha256sum', 'sigla RSS', 'PDFBox RSS'], rows);
      }
    }

    if (o.only.has('batch')) {
      if (!hasSoftHsm()) {
        console.log('Batch: skipped, SoftHSM2 not installed\n');
      } else {
        const token = makeTestToken({ label: 'BENCH', identities: [s] });
        extra.push(token.dir);
        const docs = path.join(dir, 'docs');
        const outDir = path.join(dir, 'out');
        fs.mkdirSync(docs);
        const files = Array.from({ length: o.batch }, (_, i) => path.join(docs, `doc-${String(i).padStart(4, '0')}.txt`));
        for (const f of files) writeDurable(f, 1024, block);
        const fresh = (): void => {
          fs.rmSync(outDir, { recursive: true, force: true });
          fs.mkdirSync(outDir);
        };
        const tokenArgs = ['--format', 'cades', '--module', token.module, '--token', token.label, '--cert-id', s.id, '--pin-stdin', '--out-dir', outDir];
        const cSign = cSignSeconds(token.module, token.confPath, token.label, token.pin, 200);
        const [many, one, ssl] = paired(
          [
            { name: `sigla sign ×${o.batch}`, argv: [process.execPath, SIGLA_BIN, 'sign', ...files, ...tokenArgs], input: `${token.pin}\n`, env: token.env, before: fresh },
            { name: 'sigla sign ×1', argv: [process.execPath, SIGLA_BIN, 'sign', files[0] ?? '', ...tokenArgs], input: `${token.pin}\n`, env: token.env, before: fresh },
            { name: `openssl cms ×${o.batch}`, argv: ['sh', '-c', `for f in "$@"; do openssl cms -sign -binary -nodetach -md sha256 -in "$f" -signer ${s.certPem} -inkey ${s.keyPem} -outform DER -out "$f.p7m" || exit 1; done`, 'sh', ...files] },
          ],
          Math.min(o.runs, 3),
          gnuTime,
        ) as [Sample[], Sample[], Sample[]];
        const bound = median(one.map((x) => x.seconds)) + (o.batch - 1) * cSign;
        console.log(`\nBatch of ${o.batch} × 1 KiB, CAdES, one SoftHSM2 login (C_Sign RSA-2048 measured at ${(cSign * 1000).toFixed(2)} ms)`);
        table(
          ['what', 'time', 'ratio'],
          [
            [`sigla, ${o.batch} files`, timeCell(many), ''],
            ['bound: sigla ×1 + (N−1) × C_Sign', secs(bound), `${(median(many.map((x) => x.seconds)) / bound).toFixed(2)}× of bound`],
            [`${o.batch} separate openssl cms -sign`, timeCell(ssl), `sigla ${ratio(many, ssl)} of it`],
          ],
        );
      }
    }
    if (o.only.has('verify')) benchVerify(o.runs);
  } finally {
    cleanup();
  }
}

/** Issue 13's goal: `sigla --version` at most this many times `node -e 0`. */
const STARTUP_GOAL = 1.5;

/**
 * Start-up: `sigla --version` (the CLI entry, its argument parsing and the compile cache, warm after the warm-up
 * run) against `node -e 0`, the floor of any Node program, paired.
 */
function benchStartup(runs: number, gnuTime: boolean): void {
  const [ours = [], floor = []] = paired(
    [
      { name: 'sigla --version', argv: [process.execPath, SIGLA_BIN, '--version'] },
      { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    ],
    runs,
    gnuTime,
  );
  const r = median(ours.map((x) => x.seconds)) / median(floor.map((x) => x.seconds));
  console.log('Start-up');
  table(
    ['command', 'time', 'peak RSS', `ratio (goal ≤ ${STARTUP_GOAL}×)`],
    [
      ['sigla --version', timeCell(ours), rssCell(ours), `${r.toFixed(2)}× ${r <= STARTUP_GOAL ? 'met' : 'not met'}`],
      ['node -e 0', timeCell(floor), rssCell(floor), ''],
    ],
  );
}

/** Issue 13's goal for verifying the whole shared corpus in one call. */
const VERIFY_GOAL_SECONDS = 1.5;

/**
 * Every file of the shared corpus (those MANIFEST.tsv lists: signed CAdES and PAdES files and unsigned PDFs; all its
 * regular files when there is no manifest) in ONE `sigla verify --offline --json` call. Verification findings give
 * non-zero exit codes by design, so any exit is accepted as long as the process was not killed and printed a JSON
 * report (a run that prints none is flagged). `$SIGLA_CORPUS`, default /work/shared/corpus; skipped when absent.
 */
function benchVerify(runs: number): void {
  const root = process.env['SIGLA_CORPUS'] ?? '/work/shared/corpus';
  if (!fs.existsSync(root)) {
    console.log(`Verify: skipped, no corpus at ${root} (set SIGLA_CORPUS)\n`);
    return;
  }
  const manifest = path.join(root, 'MANIFEST.tsv');
  const files = fs.existsSync(manifest)
    ? fs
        .readFileSync(manifest, 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t')[0] ?? '')
        .filter((f) => f !== '')
        .map((f) => path.join(root, f))
        .filter((f) => fs.existsSync(f))
    : (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
  const argv = [process.execPath, SIGLA_BIN, 'verify', '--offline', '--json', ...files];
  const once = (): { seconds: number; code: number | null; reported: number | undefined } => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(argv[0] ?? '', argv.slice(1), { encoding: 'utf8', maxBuffer: 256 * MIB });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.error !== undefined || r.signal !== null) throw new Error(`sigla verify: ${r.error?.message ?? `killed by ${String(r.signal)}`}`);
    let reported: number | undefined;
    try {
      const j = JSON.parse(r.stdout) as unknown;
      reported = Array.isArray(j) ? j.length : undefined;
    } catch {
      reported = undefined;
    }
    return { seconds, code: r.status, reported };
  };
  once();
  const samples = Array.from({ length: runs }, once);
  const last = samples[samples.length - 1];
  const t = median(samples.map((x) => x.seconds));
  console.log(`\nVerify: ${files.length} corpus files (${root}) in one sigla verify --offline --json call`);
  table(
    ['what', 'time', 'goal'],
    [
      [`sigla verify ×${files.length}`, timeCell(samples.map((x) => ({ seconds: x.seconds, rssKiB: undefined }))), `${secs(VERIFY_GOAL_SECONDS)}: ${t <= VERIFY_GOAL_SECONDS ? 'met' : `${(t / VERIFY_GOAL_SECONDS).toFixed(2)}× of it`}`],
      ['files/s', (files.length / t).toFixed(0), ''],
      ['exit code, entries reported', `${String(last?.code)}, ${last?.reported === undefined ? 'NO JSON REPORT' : String(last.reported)}`, ''],
    ],
  );
}

/** SoftHSM2's own signing rate: seconds per C_SignInit + C_Sign (CKM_RSA_PKCS over a SHA-256 DigestInfo). */
function cSignSeconds(module: string, conf: string, label: string, pin: string, n: number): number {
  process.env['SOFTHSM2_CONF'] = conf;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkcs11js = require('pkcs11js') as typeof import('pkcs11js');
  const p = new pkcs11js.PKCS11();
  p.load(module);
  p.C_Initialize();
  try {
    const slot = p.C_GetSlotList(true).find((sl) => p.C_GetTokenInfo(sl).label.trim() === label);
    if (slot === undefined) throw new Error(`token ${label} not found`);
    const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    p.C_Login(session, pkcs11js.CKU_USER, pin);
    p.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
    const [key] = p.C_FindObjects(session, 1);
    p.C_FindObjectsFinal(session);
    if (key === undefined) throw new Error('no private key on the bench token');
    const digestInfo = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), randomBytes(32)]);
    const sign = (): void => {
      p.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
      p.C_Sign(session, digestInfo, Buffer.alloc(512));
    };
    for (let i = 0; i < 10; i++) sign();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sign();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9 / n;
    p.C_Logout(session);
    p.C_CloseSession(session);
    return seconds;
  } finally {
    p.C_Finalize();
  }
}

try {
  main();
} catch (err) {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
