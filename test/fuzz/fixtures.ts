/**
 * The fuzzer's originals: signed files made at run time by independent tools (OpenSSL) and by Sigla's own CLI
 * (`sigla sign --p12`, `sigla timestamp` against the loopback test TSA), over a test PKI (test/helpers/testPki.ts)
 * and a pdf-lib PDF (test/helpers/pdfProducers.ts). Each one is verified unmutated first: every signature in it
 * passes with the test root as trust anchor.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIGLA } from '../helpers/cli.js';
import { makePdflibPdf } from '../helpers/pdfProducers.js';
import { makeTestPki, type TestPki } from '../helpers/testPki.js';
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
  readonly dir: string;
  readonly pki: TestPki;
  close(): Promise<void>;
}

const TEXT = 'Determina n. 42 del Comune di Esempio: si approva la spesa di euro 1.000,00 per la manutenzione.\n';

export async function makeFixtures(opts: { withTsa?: boolean; log?: (s: string) => void } = {}): Promise<Fixtures> {
  const log = opts.log ?? ((): void => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'sigla-fuzz-'));
  const p = (f: string): string => join(dir, f);
  const pki = makeTestPki();
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
  const content = readFileSync(doc);
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

  const names = ['attached.txt.p7m', 'detached.txt.p7s', 'parallel.txt.p7m', 'countersigned.txt.p7m', 'nested.txt.p7m.p7m', 'openssl-ber.txt.p7m', 'openssl-pem.txt.p7m', 'openssl-b64.txt.p7m', 'pades-1.pdf', 'pades-2.pdf', 'pades-xrefstream.pdf'];
  let tsa: Tsa | undefined;
  if (opts.withTsa !== false) {
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
  const anchors = [new Uint8Array(readFileSync(pki.rootDer))];
  const inputs: FuzzInput[] = names.map((n) => ({
    name: n,
    bytes: new Uint8Array(readFileSync(p(n))),
    ...(/\.(p7s|tsr)$/.test(n) ? { detachedContent: new Uint8Array(content) } : {}),
    anchors,
    origin: 'fixture',
  }));
  return {
    inputs,
    dir,
    pki,
    close: async () => {
      await tsa?.close();
    },
  };
}
