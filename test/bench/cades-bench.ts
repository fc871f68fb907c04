/**
 * CAdES attached-signing benchmark: Sigla vs OpenSSL, side by side.
 *
 * Not a test: it prints a table and fails only if one of the two commands exits non-zero. Run with `npm run bench`
 * (after `npm run build`); sizes default to 1M,100M,1G and can be overridden, e.g. `SIGLA_BENCH_SIZES=1M,100M`.
 * Suffixes K/M/G are binary (KiB/MiB/GiB); RSS is reported in MiB.
 *
 * Wall time and peak RSS of each child are measured by a small Python wrapper (`resource.getrusage(RUSAGE_CHILDREN)`
 * after `subprocess.run`), or by GNU `/usr/bin/time -f '%e %M'` when python3 is missing.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SIGLA_BIN = path.join(REPO_ROOT, 'bin', 'sigla.js');
const DEFAULT_SIZES = '1M,100M,1G';
const GIB = 1024 * 1024 * 1024;
const RSS_LIMIT_MIB = 200;
const P12_PASSWORD = 'bench';

interface Measurement {
  readonly exitCode: number;
  readonly seconds: number;
  /** Peak resident set size in KiB, or undefined when it could not be measured. */
  readonly maxRssKiB: number | undefined;
  readonly output: string;
}

interface Row {
  readonly label: string;
  readonly bytes: number;
  readonly sigla: Measurement;
  readonly openssl: Measurement;
}

/** Python wrapper: runs argv[1] (a JSON array), child stdout goes to stderr, prints one JSON line on stdout. */
const PY_MEASURE = [
  'import json, resource, subprocess, sys, time',
  'cmd = json.loads(sys.argv[1])',
  't0 = time.monotonic()',
  'r = subprocess.run(cmd, stdout=sys.stderr.fileno())',
  'dt = time.monotonic() - t0',
  'rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss',
  'sys.stdout.write(json.dumps({"code": r.returncode, "seconds": dt, "maxrss_kib": rss}) + "\\n")',
].join('\n');

type Method = 'python3' | 'gnu-time' | 'wall-only';

function commandWorks(cmd: string, args: readonly string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

function pickMethod(): Method {
  if (commandWorks('python3', ['-c', 'import resource, subprocess, json'])) return 'python3';
  if (fs.existsSync('/usr/bin/time') && commandWorks('/usr/bin/time', ['-f', '%e %M', 'true'])) return 'gnu-time';
  return 'wall-only';
}

function outputOf(r: SpawnSyncReturns<string>): string {
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
}

/** Runs `cmd` with `stdin` as its standard input and returns exit code, wall seconds and peak RSS. */
function measure(method: Method, cmd: string, args: readonly string[], stdin: string, workDir: string): Measurement {
  const maxBuffer = 64 * 1024 * 1024;
  if (method === 'python3') {
    const r = spawnSync('python3', ['-c', PY_MEASURE, JSON.stringify([cmd, ...args])], {
      input: stdin,
      encoding: 'utf8',
      maxBuffer,
    });
    if (r.error !== undefined) throw r.error;
    const lastLine = (r.stdout ?? '').trim().split('\n').pop() ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(lastLine);
    } catch {
      return { exitCode: r.status ?? -1, seconds: NaN, maxRssKiB: undefined, output: outputOf(r) };
    }
    const p = parsed as { code?: unknown; seconds?: unknown; maxrss_kib?: unknown };
    return {
      exitCode: typeof p.code === 'number' ? p.code : -1,
      seconds: typeof p.seconds === 'number' ? p.seconds : NaN,
      maxRssKiB: typeof p.maxrss_kib === 'number' ? p.maxrss_kib : undefined,
      output: (r.stderr ?? '').trim(),
    };
  }

  if (method === 'gnu-time') {
    const timeFile = path.join(workDir, 'time.out');
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, cmd, ...args], {
      input: stdin,
      encoding: 'utf8',
      maxBuffer,
    });
    if (r.error !== undefined) throw r.error;
    const fields = fs.existsSync(timeFile) ? fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '' : '';
    fs.rmSync(timeFile, { force: true });
    const [secs, rss] = fields.trim().split(/\s+/);
    return {
      exitCode: r.status ?? -1,
      seconds: secs === undefined ? NaN : Number(secs),
      maxRssKiB: rss === undefined || Number.isNaN(Number(rss)) ? undefined : Number(rss),
      output: outputOf(r),
    };
  }

  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { input: stdin, encoding: 'utf8', maxBuffer });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error !== undefined) throw r.error;
  return { exitCode: r.status ?? -1, seconds, maxRssKiB: undefined, output: outputOf(r) };
}

function parseSize(spec: string): { label: string; bytes: number } {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)i?B?$/i.exec(spec.trim());
  if (m === null || m[1] === undefined) throw new Error(`invalid size in SIGLA_BENCH_SIZES: "${spec}"`);
  const unit = (m[2] ?? '').toUpperCase();
  const mult = unit === 'G' ? GIB : unit === 'M' ? 1024 * 1024 : unit === 'K' ? 1024 : 1;
  const bytes = Math.round(Number(m[1]) * mult);
  if (bytes <= 0) throw new Error(`size must be positive: "${spec}"`);
  return { label: `${m[1]}${unit === '' ? 'B' : unit}`, bytes };
}

/** Writes `bytes` bytes by repeating one random 1 MiB block: quick, and incompressible enough for a benchmark. */
function writeContent(file: string, bytes: number, block: Buffer): void {
  const fd = fs.openSync(file, 'w');
  try {
    let left = bytes;
    while (left > 0) {
      const n = Math.min(left, block.length);
      fs.writeSync(fd, block, 0, n);
      left -= n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function run(cmd: string, args: readonly string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error !== undefined) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${String(r.status)}):\n${outputOf(r)}`);
  return (r.stdout ?? '').trim();
}

function setupSigner(dir: string): { certPem: string; keyPem: string; p12: string } {
  const certPem = path.join(dir, 'cert.pem');
  const keyPem = path.join(dir, 'key.pem');
  const p12 = path.join(dir, 'bench.p12');
  run(
    'openssl',
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30',
      '-keyout', keyPem, '-out', certPem,
      '-subj', '/C=IT/O=Sigla Benchmark/CN=Sigla Bench Signer',
      '-addext', 'keyUsage=critical,nonRepudiation',
    ],
    'openssl req',
  );
  run(
    'openssl',
    ['pkcs12', '-export', '-in', certPem, '-inkey', keyPem, '-name', 'Sigla Bench Signer', '-out', p12,
      '-passout', `pass:${P12_PASSWORD}`],
    'openssl pkcs12',
  );
  return { certPem, keyPem, p12 };
}

const fmtSecs = (s: number): string => (Number.isFinite(s) ? s.toFixed(s < 10 ? 3 : 1) : 'n/a');
const fmtMiB = (kib: number | undefined): string => (kib === undefined ? 'n/a' : (kib / 1024).toFixed(1));
const fmtRatio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0
    ? 'n/a'
    : `${(a / b).toFixed(2)}x`;

function printTable(rows: readonly Row[]): void {
  const header = ['size', 'sigla s', 'openssl s', 'time ratio', 'sigla RSS MB', 'openssl RSS MB', 'RSS ratio'];
  const body = rows.map((r) => [
    r.label,
    fmtSecs(r.sigla.seconds),
    fmtSecs(r.openssl.seconds),
    fmtRatio(r.sigla.seconds, r.openssl.seconds),
    fmtMiB(r.sigla.maxRssKiB),
    fmtMiB(r.openssl.maxRssKiB),
    fmtRatio(r.sigla.maxRssKiB, r.openssl.maxRssKiB),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const cells of body) console.log(line(cells));
}

function checkExit(m: Measurement, who: string, label: string): void {
  if (m.exitCode !== 0) {
    throw new Error(`${who} failed on ${label} (exit ${m.exitCode}):\n${m.output}`);
  }
}

function main(): number {
  const sizes = (process.env['SIGLA_BENCH_SIZES'] ?? DEFAULT_SIZES)
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(parseSize);
  if (sizes.length === 0) throw new Error('SIGLA_BENCH_SIZES is empty');
  if (!fs.existsSync(SIGLA_BIN)) throw new Error(`${SIGLA_BIN} not found: build Sigla first`);

  const method = pickMethod();
  const opensslVersion = run('openssl', ['version'], 'openssl version');
  console.log(
    'CAdES attached signing (SHA-256, RSA-2048, DER .p7m): `sigla sign --format cades` (PKCS#12 key) vs ' +
      '`openssl cms -sign -cades -binary -stream -nodetach`; wall seconds and peak RSS of each child process.',
  );
  console.log(
    `node ${process.version}, ${opensslVersion}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ` +
      `measured with ${method}${method === 'wall-only' ? ' (no RSS available)' : ''}`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-bench-'));
  const cleanup = (): void => fs.rmSync(dir, { recursive: true, force: true });
  const onSignal = (): void => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const { certPem, keyPem, p12 } = setupSigner(dir);
    const block = randomBytes(1024 * 1024);
    const rows: Row[] = [];

    for (const { label, bytes } of sizes) {
      const content = path.join(dir, `content-${label}.bin`);
      const siglaOut = path.join(dir, `sigla-${label}.p7m`);
      const opensslOut = path.join(dir, `openssl-${label}.p7m`);
      writeContent(content, bytes, block);

      const sigla = measure(
        method,
        process.execPath,
        [SIGLA_BIN, 'sign', content, '--format', 'cades', '--p12', p12, '--pin-stdin', '--out', siglaOut, '--force'],
        `${P12_PASSWORD}\n`,
        dir,
      );
      checkExit(sigla, 'sigla', label);

      const openssl = measure(
        method,
        'openssl',
        ['cms', '-sign', '-cades', '-binary', '-stream', '-nodetach', '-md', 'sha256', '-in', content,
          '-signer', certPem, '-inkey', keyPem, '-outform', 'DER', '-out', opensslOut],
        '',
        dir,
      );
      checkExit(openssl, 'openssl', label);

      rows.push({ label, bytes, sigla, openssl });
      console.log(`  done ${label}: sigla ${fmtSecs(sigla.seconds)} s, openssl ${fmtSecs(openssl.seconds)} s`);
      for (const f of [content, siglaOut, opensslOut]) fs.rmSync(f, { force: true });
    }

    console.log('');
    printTable(rows);
    console.log('');

    const big = rows.find((r) => r.bytes === GIB);
    if (big === undefined) {
      console.log(`1 GB peak RSS check (< ${RSS_LIMIT_MIB} MB): not run (1G not among SIGLA_BENCH_SIZES)`);
    } else if (big.sigla.maxRssKiB === undefined) {
      console.log(`1 GB peak RSS check (< ${RSS_LIMIT_MIB} MB): not measurable with ${method}`);
    } else {
      const mib = big.sigla.maxRssKiB / 1024;
      const ok = mib < RSS_LIMIT_MIB;
      console.log(
        `1 GB peak RSS check: sigla ${mib.toFixed(1)} MB ${ok ? '<' : '>='} ${RSS_LIMIT_MIB} MB -> ${ok ? 'OK' : 'OVER'}`,
      );
    }
    return 0;
  } finally {
    cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`cades-bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
