/**
 * The fuzzer's originals: signed files made at run time by independent tools (OpenSSL) and by Sigla's own CLI
 * (`sigla sign --p12`, `sigla timestamp` against the loopback test TSA), over a test PKI (test/helpers/testPki.ts)
 * and a pdf-lib PDF (test/helpers/pdfProducers.ts). Each one is verified unmutated first: every signature in it
 * passes with the test root as trust anchor.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIGLA } from '../helpers/cli.js';
import { makePdflibPdf } from '../helpers/pdfProducers.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';
import { startTsa, type Tsa } from '../helpers/tsaServer.js';

export interface FuzzInput {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The stamped or signed content of a .p7s or .tsr, given as --detached-content. */
  readonly detachedContent?: Uint8Array;
  readonly anchors: readonly Uint8Array[];
  readonly origin: 'fixture' | 'corpus';
}

export interface Fixtures {
  readonly inputs: readonly FuzzInput[];
  /** The test root CA (PEM file), the trust anchor of every fixture. */
  readonly rootPem: string;
}

/** Bumped whenever the set of fixtures changes, so that a cache of older ones is made again. */
const FIXTURES_VERSION = 2;
/** A cached set is made again after this many days (its certificates are valid for a year). */
const CACHE_DAYS = 30;

interface CacheManifest {
  readonly version: number;
  readonly created: number;
  readonly names: readonly string[];
}

/**
 * The fixtures, from `cacheDir` when it holds a recent set of this version (making them takes tens of seconds:
 * OpenSSL keys, a TSA, a dozen `sigla` runs), else made now and stored there.
 */
export async function fixturesCached(cacheDir: string, opts: { log?: (s: string) => void; fresh?: boolean } = {}): Promise<Fixtures> {
  const manifestFile = join(cacheDir, 'manifest.json');
  if (!opts.fresh && existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as CacheManifest;
    if (m.version === FIXTURES_VERSION && Date.now() - m.created < CACHE_DAYS * 86_400_000 && m.names.every((n) => existsSync(join(cacheDir, n)))) {
      return readFixtures(cacheDir, m.names);
    }
  }
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const names = await makeFixtures(cacheDir, opts.log ?? ((): void => undefined));
  writeFileSync(manifestFile, JSON.stringify({ version: FIXTURES_VERSION, created: Date.now(), names } satisfies CacheManifest));
  return readFixtures(cacheDir, names);
}

function readFixtures(dir: string, names: readonly string[]): Fixtures {
  const anchors = [new Uint8Array(readFileSync(join(dir, 'root.der')))];
  const content = new Uint8Array(readFileSync(join(dir, 'determina.txt')));
  const inputs: FuzzInput[] = names.map((n) => ({
    name: n,
    bytes: new Uint8Array(readFileSync(join(dir, n))),
    ...(/\.(p7s|tsr)$/.test(n) ? { detachedContent: content } : {}),
    anchors,
    origin: 'fixture',
  }));
  return { inputs, rootPem: join(dir, 'root.pem') };
}

const TEXT = 'Determina n. 42 del Comune di Esempio: si approva la spesa di euro 1.000,00 per la manutenzione.\n';

/** Makes every fixture in `out`, with the test root as root.pem/root.der; returns the fixtures' file names. */
async function makeFixtures(out: string, log: (s: string) => void): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sigla-fuzz-'));
  const p = (f: string): string => join(dir, f);
  const pki = makeTestPki();
  let tsa: Tsa | undefined;
  try {
    return await makeAll();
  } finally {
    await tsa?.close();
    cleanup(dir, pki.dir);
  }

  async function makeAll(): Promise<string[]> {
  const env = { ...process.env, LANG: 'C.UTF-8', SIGLA_DATA_DIR: p('data') };
  const sigla = (args: string[], p12 = pki.signer): void => {
    const r = spawnSync(process.execPath, [SIGLA, ...args, '--p12', p12.p12, '--pin-stdin'], { input: `${p12.p12Password}\n`, env, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`sigla ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  };
  const siglaPlain = (args: string[]): void => {
    const r = spawnSync(process.execPath, [SIGLA, ...args], { env, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`sigla ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  };
  const openssl = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const who = (id: TestPki['signer']): string[] => ['-signer', id.certPem, '-inkey', id.keyPem, '-certfile', pki.chainPem];

  const doc = p('determina.txt');
  writeFileSync(doc, TEXT.repeat(12));
  log('fixtures: CAdES');
  sigla(['sign', doc, '--out', p('attached.txt.p7m')]);
  sigla(['sign', doc, '--detached', '--out', p('detached.txt.p7s')]);
  sigla(['sign', p('attached.txt.p7m'), '--mode', 'parallel', '--out', p('parallel.txt.p7m')], pki.ecSigner);
  sigla(['sign', p('attached.txt.p7m'), '--mode', 'countersign', '--out', p('countersigned.txt.p7m')], pki.ecSigner);
  sigla(['sign', p('attached.txt.p7m'), '--mode', 'nested', '--out', p('nested.txt.p7m.p7m')], pki.ecSigner);
  openssl(['cms', '-sign', '-binary', '-nodetach', '-stream', '-in', doc, '-outform', 'DER', '-md', 'sha256', ...who(pki.signer), '-out', p('openssl-ber.txt.p7m')]);
  openssl(['cms', '-sign', '-binary', '-nodetach', '-in', doc, '-outform', 'PEM', '-md', 'sha384', ...who(pki.ecSigner), '-out', p('openssl-pem.txt.p7m')]);
  openssl(['cms', '-sign', '-binary', '-nodetach', '-in', doc, '-outform', 'DER', '-md', 'sha256', ...who(pki.signer), '-keyopt', 'rsa_padding_mode:pss', '-out', p('openssl-pss.der')]);
  writeFileSync(p('openssl-b64.txt.p7m'), readFileSync(p('openssl-pss.der')).toString('base64').replace(/(.{64})/g, '$1\n'));

  log('fixtures: PAdES');
  const pdf = p('delibera.pdf');
  writeFileSync(pdf, await makePdflibPdf({ useObjectStreams: false }));
  const pdfXref = p('delibera-xrefstream.pdf');
  writeFileSync(pdfXref, await makePdflibPdf({ useObjectStreams: true }));
  sigla(['sign', pdf, '--format', 'pades', '--out', p('pades-1.pdf')]);
  sigla(['sign', p('pades-1.pdf'), '--format', 'pades', '--out', p('pades-2.pdf')], pki.ecSigner);
  sigla(['sign', pdfXref, '--format', 'pades', '--reason', 'Approvazione', '--out', p('pades-xrefstream.pdf')]);

  writeFileSync(p('pades-pkcs7-sha1.pdf'), pkcs7Sha1(readFileSync(p('pades-1.pdf')), p('sha1'), who(pki.signer)));

  const names = ['pades-pkcs7-sha1.pdf', 'attached.txt.p7m', 'detached.txt.p7s', 'parallel.txt.p7m', 'countersigned.txt.p7m', 'nested.txt.p7m.p7m', 'openssl-ber.txt.p7m', 'openssl-pem.txt.p7m', 'openssl-b64.txt.p7m', 'pades-1.pdf', 'pades-2.pdf', 'pades-xrefstream.pdf'];
  {
    log('fixtures: time-stamps');
    tsa = await startTsa({ pki });
    sigla(['sign', doc, '--tsa', tsa.url, '--out', p('cades-t.txt.p7m')]);
    sigla(['sign', pdf, '--format', 'pades', '--tsa', tsa.url, '--out', p('pades-t.pdf')]);
    siglaPlain(['timestamp', p('pades-1.pdf'), '--tsa', tsa.url, '--format', 'pdf', '--out', p('pades-doc-ts.pdf')]);
    siglaPlain(['timestamp', doc, '--tsa', tsa.url, '--format', 'tsd', '--out', p('stamped.txt.tsd')]);
    siglaPlain(['timestamp', p('attached.txt.p7m'), '--tsa', tsa.url, '--format', 'm7m', '--out', p('attached.txt.m7m')]);
    siglaPlain(['timestamp', doc, '--tsa', tsa.url, '--format', 'tsr', '--out', p('stamped.txt.tsr')]);
    names.push('cades-t.txt.p7m', 'pades-t.pdf', 'pades-doc-ts.pdf', 'stamped.txt.tsd', 'attached.txt.m7m', 'stamped.txt.tsr');
  }
  for (const n of [...names, 'determina.txt']) copyFileSync(p(n), join(out, n));
  copyFileSync(pki.rootPem, join(out, 'root.pem'));
  copyFileSync(pki.rootDer, join(out, 'root.der'));
  return names;
  }
}

/**
 * A PDF signature of the older `/SubFilter /adbe.pkcs7.sha1` kind (ISO 32000-1 §12.8.3.3.1): the CMS in /Contents
 * is made by OpenSSL and carries as its content the SHA-1 digest of the ByteRange bytes. Made from a Sigla PAdES
 * file by rewriting its /SubFilter in place (same length) and its /Contents.
 */
function pkcs7Sha1(pdf: Buffer, work: string, signerArgs: readonly string[]): Buffer {
  const out = Buffer.from(pdf);
  const text = out.toString('latin1');
  const sf = '/ETSI.CAdES.detached';
  const at = text.lastIndexOf(sf);
  if (at < 0) throw new Error('no /ETSI.CAdES.detached to rewrite');
  out.write('/adbe.pkcs7.sha1'.padEnd(sf.length, ' '), at, 'latin1');
  const br = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text);
  if (!br) throw new Error('no /ByteRange');
  const [b, c, d] = [Number(br[1]), Number(br[2]), Number(br[3])];
  const digest = createHash('sha1').update(out.subarray(0, b)).update(out.subarray(c, c + d)).digest();
  writeFileSync(`${work}.bin`, digest);
  execFileSync('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', `${work}.bin`, '-outform', 'DER', '-md', 'sha256', ...signerArgs, '-out', `${work}.p7`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const hex = readFileSync(`${work}.p7`).toString('hex');
  if (hex.length > c - b - 2) throw new Error('the CMS does not fit /Contents');
  out.write(hex.padEnd(c - b - 2, '0'), b + 1, 'latin1');
  return out;
}
