/**
 * An RFC 3161 time-stamping authority for tests, on 127.0.0.1, whose answers are made by `openssl ts -reply`
 * (never by Sigla's own ASN.1 code), so a test that time-stamps with Sigla and verifies with openssl, or the
 * reverse, does not check our code against itself.
 *
 * The HTTP front end (node:http) runs in a CHILD Node process: the test process may then talk to the server from
 * a synchronous call (spawnSync of the `sigla` CLI, execFileSync of an openssl client) without dead-locking its own
 * event loop. Counters and the last request are kept in files the child writes before it answers, so the
 * `requests` / `lastRequest` getters are exact as soon as the client has its answer, even after a spawnSync.
 *
 * This file also holds the small child-process plumbing shared with ocspServer.ts (spawnHelperServer,
 * runHelperServerMain, opensslSync, etc.).
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestPki } from './testPki.js';

// ---------------------------------------------------------------------------------------------------------------
// Shared plumbing (also used by ocspServer.ts)
// ---------------------------------------------------------------------------------------------------------------

/** Runs openssl synchronously, returning stdout; on failure throws with the command line and its stderr. */
export function opensslSync(args: readonly string[]): string {
  try {
    return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string | Buffer; stdout?: string | Buffer; message?: string };
    const detail = String(err.stderr ?? '') || String(err.stdout ?? '') || String(err.message ?? e);
    throw new Error(`openssl ${args.join(' ')} failed:\n${detail}`, { cause: e });
  }
}

/** Runs openssl without blocking the event loop; rejects with its stderr when it exits non-zero. */
export function opensslAsync(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`openssl ${args.join(' ')} failed:\n${stderr || err.message}`, { cause: err }));
      else resolve({ stdout, stderr });
    });
  });
}

/** True when an `openssl` binary can be run. */
export function hasOpenssl(): boolean {
  try {
    opensslSync(['version']);
    return true;
  } catch {
    return false;
  }
}

/** Unencrypted PKCS#8 RSA-2048 key (openssl genpkey). */
export function genRsaKey(out: string): void {
  opensslSync(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', out]);
}

/** Reads the lines of a helper-written log file (missing file = no lines). */
export function logLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  } catch {
    return [];
  }
}

/** Collects a request body, refusing more than `limit` bytes (resolves null then). */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sends a complete answer with Content-Length. */
export function send(res: http.ServerResponse, status: number, type: string, body: Buffer | string, extra: http.OutgoingHttpHeaders = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length, ...extra });
  res.end(buf);
}

/** The media type of a request without parameters, lower-cased ('' when absent). */
export function mediaType(req: http.IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Child processes still alive; killed if the test process exits without closing them. */
const LIVE = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
  LIVE.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of LIVE) c.kill('SIGTERM');
    });
  }
}

type Unrefable = { ref?: () => void; unref?: () => void } | null | undefined;

/** A helper HTTP server running in a child Node process (see runHelperServerMain for the child side). */
export interface HelperServer {
  readonly port: number;
  /** Sends one command line to the child; resolves with the text after `OK `, rejects on `ERROR ...`. */
  command(line: string, timeoutMs?: number): Promise<string>;
  /** SIGTERM (then SIGKILL after 5 s) and waits for the child to exit. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts `script` (a compiled helper .js that calls runHelperServerMain when it is the main module) with a JSON
 * config file, waits for its `LISTEN <port>` line and returns the port. The child is unref'd between commands so a
 * forgotten close() does not keep the test runner alive: the child then dies when its stdin reaches EOF.
 */
export async function spawnHelperServer(script: string, config: unknown, configPath: string): Promise<HelperServer> {
  fs.writeFileSync(configPath, JSON.stringify(config));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NODE_TEST_CONTEXT']; // the child is a plain program, not a node:test subprocess
  delete env['NODE_OPTIONS'];
  const child = spawn(process.execPath, [script, configPath], { stdio: ['pipe', 'pipe', 'inherit'], env });
  trackChild(child);

  const queued: string[] = [];
  let waiter: ((line: string | null) => void) | undefined;
  let exited = false;
  let exitInfo = '';
  const deliver = (line: string | null): void => {
    const w = waiter;
    if (w) {
      waiter = undefined;
      w(line);
    } else if (line !== null) queued.push(line);
  };
  let buf = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      deliver(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  const exitPromise = new Promise<void>((resolve) => {
    const done = (info: string): void => {
      if (exited) return;
      exited = true;
      exitInfo = info;
      LIVE.delete(child);
      deliver(null);
      resolve();
    };
    child.once('exit', (code, signal) => done(`exited (code ${String(code)}, signal ${String(signal)})`));
    child.once('error', (e) => done(`failed: ${e.message}`));
  });

  const handles = (): Unrefable[] => [child, child.stdout as Unrefable, child.stdin as Unrefable];
  const hold = (): void => handles().forEach((h) => h?.ref?.());
  const release = (): void => handles().forEach((h) => h?.unref?.());

  const nextLine = (timeoutMs: number): Promise<string> => {
    const first = queued.shift();
    if (first !== undefined) return Promise.resolve(first);
    if (exited) return Promise.reject(new Error(`helper server ${path.basename(script)} ${exitInfo}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = undefined;
        reject(new Error(`helper server ${path.basename(script)}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      waiter = (line) => {
        clearTimeout(timer);
        if (line === null) reject(new Error(`helper server ${path.basename(script)} ${exitInfo}`));
        else resolve(line);
      };
    });
  };

  const close = async (): Promise<void> => {
    if (exited) return;
    hold();
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exitPromise;
    clearTimeout(killer);
  };

  let port: number;
  try {
    const line = await nextLine(15_000);
    const m = /^LISTEN (\d+)$/.exec(line);
    if (!m?.[1]) throw new Error(`helper server ${path.basename(script)} said: ${line}`);
    port = Number(m[1]);
  } catch (e) {
    await close();
    throw e;
  }
  release();

  return {
    port,
    async command(line: string, timeoutMs = 15_000): Promise<string> {
      hold();
      try {
        child.stdin?.write(`${line}\n`);
        const answer = await nextLine(timeoutMs);
        if (answer.startsWith('OK')) return answer.slice(3);
        throw new Error(`helper server ${path.basename(script)}: ${answer}`);
      } finally {
        release();
      }
    },
    close,
  };
}

/**
 * Child side: serves `handler` on 127.0.0.1 (random port), prints `LISTEN <port>`, answers command lines read from
 * stdin with `OK <text>` / `ERROR <text>`, and exits on SIGTERM/SIGINT or when stdin closes, i.e. when the parent
 * goes away. `onExit` runs first (also on any other exit, then without waiting for its promise); a promise it
 * returns (e.g. a grandchild's exit) is awaited for up to 3 s.
 */
export function runHelperServerMain(handler: http.RequestListener, onCommand?: (line: string) => Promise<string>, onExit?: () => Promise<void> | void): void {
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaning ??= Promise.resolve(onExit?.());
    return cleaning;
  };
  const quit = (): void => {
    const timer = setTimeout(() => process.exit(0), 3000);
    void cleanup().finally(() => {
      clearTimeout(timer);
      process.exit(0);
    });
  };
  process.on('exit', () => void cleanup());
  process.on('SIGTERM', quit);
  process.on('SIGINT', quit);

  const server = http.createServer(handler);
  server.keepAliveTimeout = 2000;
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`LISTEN ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
  });

  let buf = '';
  let chain: Promise<void> = Promise.resolve();
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      chain = chain.then(async () => {
        try {
          const out = onCommand ? await onCommand(line) : '';
          process.stdout.write(`OK ${out.replace(/\s+/g, ' ')}\n`);
        } catch (e) {
          process.stdout.write(`ERROR ${String((e as Error).message ?? e).replace(/\s+/g, ' ')}\n`);
        }
      });
    }
  });
  process.stdin.on('end', quit);
  process.stdin.on('close', quit);
}

// ---------------------------------------------------------------------------------------------------------------
// The TSA
// ---------------------------------------------------------------------------------------------------------------

/** TSA policy used when none is given (GlobalSign's time-stamping policy OID; any OID would do). */
export const DEFAULT_TSA_POLICY = '1.3.6.1.4.1.4146.2.3';
/** Also accepted as reqPolicy: ETSI EN 319 421 best-practices time-stamp policy. */
export const ETSI_BTSP_POLICY = '0.4.0.2023.1.1';

export interface TsaOptions {
  /** With user and/or password set, HTTP Basic authentication is required (401 + WWW-Authenticate otherwise). */
  user?: string;
  password?: string;
  /** Issue the TSA certificate from this test PKI's intermediate CA (caPem is then the PKI's chain). */
  pki?: TestPki;
  /** TSA default_policy OID (default DEFAULT_TSA_POLICY). */
  policy?: string;
  /** Every answer is a TimeStampResp with status rejection (2), made by openssl itself (see startTsa). */
  failStatus?: boolean;
  /** Wait this long before stamping and answering each request. */
  delayMs?: number;
  /** Digest the TSA signs the token with (openssl `signer_digest`, default sha256). */
  hashAlg?: 'sha256' | 'sha512';
}

export interface Tsa {
  readonly url: string;
  readonly port: number;
  /** File: the CA certificate(s) that issued the TSA certificate, for `openssl ts -verify -CAfile`. */
  readonly caPem: string;
  /** File: the TSA certificate (critical EKU timeStamping). */
  readonly tsaCertPem: string;
  /** File: the TSA private key (PKCS#8 PEM). */
  readonly tsaKeyPem: string;
  /** The TSA's default policy OID. */
  readonly policy: string;
  /** Temp dir with keys, certs, openssl.cnf (removed by close()). */
  readonly dir: string;
  /** Every HTTP request received so far, whatever its answer (401, 400, 200 ...). */
  readonly requests: number;
  /** HTTP 200 answers sent, i.e. TimeStampResps (granted or, with failStatus, rejected). */
  readonly replies: number;
  /** Body of the last request handed to openssl (POST, authorised, right content type). */
  readonly lastRequest: Buffer | undefined;
  close(): Promise<void>;
}

interface TsaChildConfig {
  dir: string;
  cnf: string;
  logFile: string;
  lastFile: string;
  user: string | null;
  password: string | null;
  delayMs: number;
}

const TSA_EXT = `
[req]
distinguished_name = req_dn
[req_dn]

[v3_tsa_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

# RFC 3161 §2.3: the TSA certificate has exactly one, critical, extendedKeyUsage: id-kp-timeStamping.
[v3_tsa]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

/**
 * Starts a TSA. Per call: a temp dir with a TSA key + certificate (issued by a TSA root CA of its own, or by
 * `opts.pki`'s intermediate), an openssl.cnf with a [tsa] section, and a child HTTP server that answers
 * `POST application/timestamp-query` with `openssl ts -reply -config openssl.cnf -section tsa -queryfile q.tsq`.
 *
 * What openssl does by itself: copies the request's nonce into TSTInfo; adds the TSA certificate plus the `certs`
 * file (here: caPem) to the SignedData only when the request has certReq = true; rejects (status 2, still HTTP 200)
 * a request whose messageImprint algorithm is not sha256/sha384/sha512 (badAlg), whose reqPolicy is neither the
 * default policy nor ETSI_BTSP_POLICY (unacceptedPolicy), or that is not DER (badDataFormat).
 *
 * failStatus: the `serial` file of the config holds garbage, so openssl's serial-number callback fails and openssl
 * itself answers every request with status rejection (2), statusString "Error during serial number generation.",
 * failInfo addInfoNotAvailable — a genuine openssl TimeStampResp, sent with HTTP 200.
 */
export async function startTsa(opts: TsaOptions = {}): Promise<Tsa> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-tsa-'));
  const p = (f: string): string => path.join(dir, f);
  try {
    const ext = p('ext.cnf');
    fs.writeFileSync(ext, TSA_EXT);
    const org = '/C=IT/O=Sigla Test Trust Services';

    let issuerPem: string;
    let issuerKey: string;
    let caPem: string;
    if (opts.pki) {
      // testPki.ts keeps each key next to its certificate as <name>.key in pki.dir.
      issuerPem = opts.pki.intermediatePem;
      issuerKey = path.join(opts.pki.dir, 'intermediate.key');
      if (!fs.existsSync(issuerKey)) throw new Error(`startTsa: intermediate CA key not found at ${issuerKey}`);
      caPem = opts.pki.chainPem;
    } else {
      issuerPem = p('tsa-ca.pem');
      issuerKey = p('tsa-ca.key');
      genRsaKey(issuerKey);
      opensslSync(['req', '-x509', '-new', '-key', issuerKey, '-sha256', '-days', '3650', '-config', ext,
        '-extensions', 'v3_tsa_ca', '-subj', `${org}/CN=Sigla Test TSA Root CA`, '-out', issuerPem]);
      caPem = issuerPem;
    }

    const tsaKeyPem = p('tsa.key');
    const tsaCertPem = p('tsa.pem');
    genRsaKey(tsaKeyPem);
    opensslSync(['req', '-new', '-key', tsaKeyPem, '-config', ext, '-subj', `${org}/CN=Sigla Test TSA`, '-out', p('tsa.csr')]);
    opensslSync(['x509', '-req', '-in', p('tsa.csr'), '-CA', issuerPem, '-CAkey', issuerKey, '-sha256', '-days', '365',
      '-extfile', ext, '-extensions', 'v3_tsa', '-out', tsaCertPem]);

    // The serial file holds the last serial issued (hex); openssl increments it, so the first token has serial 1.
    // failStatus: unparsable content makes openssl's serial callback fail -> status rejection.
    fs.writeFileSync(p('tsaserial'), opts.failStatus === true ? 'not-a-serial\n' : '00\n');
    const policy = opts.policy ?? DEFAULT_TSA_POLICY;
    const cnf = p('openssl.cnf');
    fs.writeFileSync(cnf, [
      '[tsa]',
      `serial = ${p('tsaserial')}`,
      `signer_cert = ${tsaCertPem}`,
      `certs = ${caPem}`,
      `signer_key = ${tsaKeyPem}`,
      `signer_digest = ${opts.hashAlg ?? 'sha256'}`,
      `default_policy = ${policy}`,
      `other_policies = ${policy === ETSI_BTSP_POLICY ? DEFAULT_TSA_POLICY : ETSI_BTSP_POLICY}`,
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1, millisecs:0, microsecs:0',
      'clock_precision_digits = 0',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'));

    const cfg: TsaChildConfig = {
      dir, cnf, logFile: p('requests.log'), lastFile: p('last.tsq'),
      user: opts.user ?? null, password: opts.password ?? null, delayMs: opts.delayMs ?? 0,
    };
    const server = await spawnHelperServer(__filename, cfg, p('server.json'));
    let closed = false;
    return {
      url: `http://127.0.0.1:${server.port}/`,
      port: server.port,
      caPem, tsaCertPem, tsaKeyPem, policy, dir,
      get requests(): number {
        return logLines(cfg.logFile).filter((l) => l.startsWith('>')).length;
      },
      get replies(): number {
        return logLines(cfg.logFile).filter((l) => l === '< 200').length;
      },
      get lastRequest(): Buffer | undefined {
        return fs.existsSync(cfg.lastFile) ? fs.readFileSync(cfg.lastFile) : undefined;
      },
      async close(): Promise<void> {
        if (closed) return;
        closed = true;
        await server.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Child side of startTsa. */
function tsaChildMain(cfg: TsaChildConfig): void {
  let seq = 0;
  let queue: Promise<unknown> = Promise.resolve();
  // One openssl at a time: `openssl ts -reply` reads and rewrites the serial file.
  const stamp = (der: Buffer): Promise<Buffer> => {
    const n = ++seq;
    const q = path.join(cfg.dir, `q${n}.tsq`);
    const r = path.join(cfg.dir, `r${n}.tsr`);
    const job = queue.then(async () => {
      fs.writeFileSync(q, der);
      try {
        await opensslAsync(['ts', '-reply', '-config', cfg.cnf, '-section', 'tsa', '-queryfile', q, '-out', r]);
        return fs.readFileSync(r);
      } finally {
        fs.rmSync(q, { force: true });
        fs.rmSync(r, { force: true });
      }
    });
    queue = job.catch(() => undefined);
    return job;
  };

  const auth = cfg.user !== null || cfg.password !== null ? `${cfg.user ?? ''}:${cfg.password ?? ''}` : null;
  const authorised = (req: http.IncomingMessage): boolean => {
    if (auth === null) return true;
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
    return m?.[1] !== undefined && Buffer.from(m[1], 'base64').toString('utf8') === auth;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    // Logged before the answer is written, so the parent's counters are exact once the client has its answer.
    const answer = (status: number, type: string, body: Buffer | string, extra: http.OutgoingHttpHeaders = {}): void => {
      fs.appendFileSync(cfg.logFile, `< ${status}\n`);
      send(res, status, type, body, extra);
    };
    fs.appendFileSync(cfg.logFile, `> ${req.method ?? ''}\n`);
    try {
      const body = await readBody(req, 1 << 20);
      if (!authorised(req)) {
        answer(401, 'text/plain', 'authentication required\n', { 'WWW-Authenticate': 'Basic realm="Sigla test TSA", charset="UTF-8"' });
      } else if (req.method !== 'POST') {
        answer(400, 'text/plain', 'POST an application/timestamp-query\n', { Allow: 'POST' });
      } else if (mediaType(req) !== 'application/timestamp-query') {
        answer(400, 'text/plain', 'Content-Type must be application/timestamp-query\n');
      } else if (body === null) {
        answer(413, 'text/plain', 'request too large\n');
      } else {
        fs.writeFileSync(cfg.lastFile, body);
        if (cfg.delayMs > 0) await new Promise((r) => setTimeout(r, cfg.delayMs));
        answer(200, 'application/timestamp-reply', await stamp(body));
      }
    } catch (e) {
      const msg = String((e as Error).message ?? e);
      process.stderr.write(`tsaServer: ${msg}\n`);
      if (!res.headersSent) answer(500, 'text/plain', `${msg}\n`);
    }
  };

  runHelperServerMain((req, res) => void handle(req, res));
}

if (require.main === module) {
  const cfgPath = process.argv[2];
  if (!cfgPath) throw new Error('usage: tsaServer.js <config.json>');
  tsaChildMain(JSON.parse(fs.readFileSync(cfgPath, 'utf8')) as TsaChildConfig);
}
