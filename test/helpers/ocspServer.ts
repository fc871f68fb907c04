/**
 * OCSP responder + CRL distribution point for tests. Every revocation artefact is made by openssl: the status
 * database is an `openssl ca` index.txt (filled with `openssl ca -valid` / `-revoke`), CRLs come from
 * `openssl ca -gencrl`, and OCSP responses from the `openssl ocsp -index ... -port 0` responder (a child process).
 *
 * A small node:http server on 127.0.0.1 (in a child Node process, like tsaServer.ts, so synchronous clients such
 * as spawnSync('sigla', ...) do not dead-lock the test) serves the CRLs and CA certificates and passes /ocsp
 * requests through to the openssl responder unchanged (body, method, Content-Type; the `/ocsp` prefix is dropped
 * because openssl ocsp expects `/` or `/<base64 request>`). Its URL is known before any certificate is issued,
 * so makeRevocationPki() can write it into the AIA / CRL distribution point extensions and then start openssl
 * ocsp with the complete index (openssl 3.0 re-reads a changed index.txt only with one-second mtime granularity).
 *
 * Note: `openssl ocsp -port` binds the wildcard address ([::] / 0.0.0.0) on a random port; there is no option to
 * bind it to loopback only. Clients should use the 127.0.0.1 URL given here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestIdentity, TestPki } from './testPki.js';
import {
  genRsaKey, logLines, opensslSync, readBody, runHelperServerMain, send, spawnHelperServer, type HelperServer,
} from './tsaServer.js';

export interface Ocsp {
  /** OCSP responder: POST application/ocsp-request, or GET <url>/<url-encoded base64 request> (RFC 6960 A.1). */
  readonly url: string;
  /** Full CRL (DER) of the CA whose certificates the responder covers, made by `openssl ca -gencrl`. */
  readonly crlUrl: string;
  /** The same CRL as files (DER and PEM). */
  readonly crlDer: string;
  readonly crlPem: string;
  /** Delegated OCSP responder certificate (issued by the CA, EKU OCSPSigning, id-pkix-ocsp-nocheck). */
  readonly responderPem: string;
  /** The openssl CA database (index.txt) the responder answers from. */
  readonly indexTxt: string;
  readonly dir: string;
  /** Requests received at the OCSP URL / at a CRL URL so far. */
  readonly ocspRequests: number;
  readonly crlRequests: number;
  close(): Promise<void>;
}

/** A test identity with its certificate's serial number (upper-case hex, as `openssl x509 -serial` prints it). */
export interface RevocationIdentity extends TestIdentity {
  serial: string;
}

export interface RevocationPki extends Ocsp {
  rootPem: string;
  rootDer: string;
  intermediatePem: string;
  intermediateDer: string;
  intermediateKeyPem: string;
  chainPem: string; // intermediate + root
  /** Leaf certificates with AIA (OCSP = ocspUrl, caIssuers = caIssuersUrl) and CRL DP = crlUrl. */
  good: RevocationIdentity;
  revoked: RevocationIdentity; // revoked (keyCompromise) right after issuance
  ocspUrl: string; // = url
  /** Root's CRL (DER; the intermediate's CRL DP points here) and the intermediate certificate (DER, AIA caIssuers). */
  rootCrlUrl: string;
  rootCrlDer: string;
  caIssuersUrl: string;
}

interface FileRoute {
  file: string;
  type: string;
  kind: 'crl' | 'cert';
}

interface OcspChildConfig {
  logFile: string;
  ocspArgs: string[];
  files: Record<string, FileRoute>;
}

const P12_PASSWORD = 'sigla-test';
const ORG = '/C=IT/O=Sigla Test Trust Services';

/** openssl ca sections for one CA (database in its own directory). */
function caSection(name: string, dbDir: string, certPem: string, keyPem: string): string {
  fs.mkdirSync(path.join(dbDir, 'newcerts'), { recursive: true });
  fs.writeFileSync(path.join(dbDir, 'index.txt'), '');
  fs.writeFileSync(path.join(dbDir, 'crlnumber'), '1000\n');
  return `
[${name}]
database = ${path.join(dbDir, 'index.txt')}
new_certs_dir = ${path.join(dbDir, 'newcerts')}
certificate = ${certPem}
private_key = ${keyPem}
rand_serial = yes
crlnumber = ${path.join(dbDir, 'crlnumber')}
default_md = sha256
default_days = 365
default_crl_days = 7
unique_subject = no
preserve = yes
copy_extensions = none
email_in_dn = no
policy = policy_any
crl_extensions = crl_ext
`;
}

const COMMON_CONF = `
[req]
distinguished_name = req_dn
[req_dn]

[policy_any]
countryName = optional
organizationName = optional
surname = optional
givenName = optional
serialNumber = optional
commonName = supplied

[crl_ext]
authorityKeyIdentifier = keyid:always

# Delegated OCSP responder (RFC 6960 §4.2.2.2), not itself checked for revocation (§4.2.2.2.1).
[v3_ocsp]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
noCheck = ignored
`;

/** CSR for `keyPem` with subject `subj`, signed by `openssl ca -name caName` (which records it in index.txt as V). */
function caIssue(cnf: string, caName: string, ext: string, keyPem: string, subj: string, out: string, days: number): string {
  const csr = `${out}.csr`;
  opensslSync(['req', '-new', '-key', keyPem, '-config', cnf, '-subj', subj, '-out', csr]);
  opensslSync(['ca', '-batch', '-config', cnf, '-name', caName, '-extensions', ext, '-days', String(days), '-notext',
    '-in', csr, '-out', out]);
  return out;
}

function certSerial(pem: string): string {
  return opensslSync(['x509', '-noout', '-serial', '-in', pem]).trim().replace(/^serial=/, '').toUpperCase();
}

function gencrl(cnf: string, caName: string, pem: string, der: string): void {
  opensslSync(['ca', '-config', cnf, '-name', caName, '-gencrl', '-out', pem]);
  opensslSync(['crl', '-in', pem, '-outform', 'DER', '-out', der]);
}

function ocspArgs(indexTxt: string, caPem: string, responderPem: string, responderKey: string): string[] {
  return ['ocsp', '-index', indexTxt, '-port', '0', '-CA', caPem, '-rsigner', responderPem, '-rkey', responderKey,
    '-rmd', 'sha256', '-nmin', '60', '-ignore_err'];
}

function routeUrls(port: number): { base: string; ocsp: string; crl: string; rootCrl: string; caIssuers: string; rootCert: string } {
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    ocsp: `${base}/ocsp`,
    crl: `${base}/crl/intermediate.crl`,
    rootCrl: `${base}/crl/root.crl`,
    caIssuers: `${base}/certs/intermediate.cer`,
    rootCert: `${base}/certs/root.cer`,
  };
}

function makeOcspHandle(server: HelperServer, dir: string, logFile: string, files: { crlPem: string; crlDer: string; responderPem: string; indexTxt: string }): Ocsp {
  const urls = routeUrls(server.port);
  let closed = false;
  return {
    url: urls.ocsp,
    crlUrl: urls.crl,
    ...files,
    dir,
    get ocspRequests(): number {
      return logLines(logFile).filter((l) => l === 'ocsp').length;
    },
    get crlRequests(): number {
      return logLines(logFile).filter((l) => l === 'crl').length;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * OCSP responder + CRL for the CA of makeTestPki(): index.txt lists signer, auth and ecSigner as valid, except the
 * certificates in `opts.revoked` (PEM paths; any certificate issued by the intermediate), revoked now with reason
 * keyCompromise. The responder signs with a delegated responder certificate issued by the intermediate, whose
 * key is read from pki.dir/intermediate.key (where makeTestPki keeps it). The test PKI's certificates carry no AIA
 * or CRL DP, so pass the URLs to the code under test explicitly.
 */
export async function startOcsp(pki: TestPki, opts: { revoked?: string[] } = {}): Promise<Ocsp> {
  const interKey = path.join(pki.dir, 'intermediate.key');
  if (!fs.existsSync(interKey)) throw new Error(`startOcsp: intermediate CA key not found at ${interKey}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-ocsp-'));
  const p = (f: string): string => path.join(dir, f);
  let server: HelperServer | undefined;
  try {
    const cnf = p('ca.cnf');
    fs.writeFileSync(cnf, COMMON_CONF + caSection('inter_ca', p('inter-ca'), pki.intermediatePem, interKey));
    const indexTxt = p('inter-ca/index.txt');

    const revoked = (opts.revoked ?? []).map((f) => path.resolve(f));
    const isRevoked = (f: string): boolean => revoked.includes(path.resolve(f));
    for (const ident of [pki.signer, pki.auth, pki.ecSigner]) {
      if (!isRevoked(ident.certPem)) opensslSync(['ca', '-config', cnf, '-name', 'inter_ca', '-valid', ident.certPem]);
    }
    // -revoke adds a certificate missing from the database before marking it revoked.
    for (const f of revoked) opensslSync(['ca', '-config', cnf, '-name', 'inter_ca', '-revoke', f, '-crl_reason', 'keyCompromise']);

    const responderKey = p('ocsp-responder.key');
    genRsaKey(responderKey);
    const responderPem = caIssue(cnf, 'inter_ca', 'v3_ocsp', responderKey, `${ORG}/CN=Sigla Test OCSP Responder`, p('ocsp-responder.pem'), 365);

    const crlPem = p('intermediate.crl.pem');
    const crlDer = p('intermediate.crl');
    gencrl(cnf, 'inter_ca', crlPem, crlDer);

    const logFile = p('requests.log');
    const cfg: OcspChildConfig = {
      logFile,
      ocspArgs: ocspArgs(indexTxt, pki.intermediatePem, responderPem, responderKey),
      files: {
        '/crl/intermediate.crl': { file: crlDer, type: 'application/pkix-crl', kind: 'crl' },
        '/certs/intermediate.cer': { file: pki.intermediateDer, type: 'application/pkix-cert', kind: 'cert' },
        '/certs/root.cer': { file: pki.rootDer, type: 'application/pkix-cert', kind: 'cert' },
      },
    };
    server = await spawnHelperServer(__filename, cfg, p('server.json'));
    await server.command('START');
    return makeOcspHandle(server, dir, logFile, { crlPem, crlDer, responderPem, indexTxt });
  } catch (e) {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * A PKI of its own (root -> intermediate -> {good, revoked} leaves, RSA 2048, SHA-256) whose certificates point at
 * live revocation services: leaves carry AIA OCSP = ocspUrl, AIA caIssuers = caIssuersUrl and CRL DP = crlUrl; the
 * intermediate carries CRL DP = rootCrlUrl. `revoked` is revoked (keyCompromise) in the intermediate's database
 * right after issuance; the CRLs are generated afterwards, so crlUrl lists it.
 */
/** `revokeIntermediate`: the root's CRL lists the intermediate CA as revoked (cACompromise). */
export async function makeRevocationPki(o: { revokeIntermediate?: boolean } = {}): Promise<RevocationPki> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-revpki-'));
  const p = (f: string): string => path.join(dir, f);
  let server: HelperServer | undefined;
  try {
    const files = {
      rootPem: p('root.pem'), rootDer: p('root.der'), rootKey: p('root.key'),
      interPem: p('intermediate.pem'), interDer: p('intermediate.der'), interKey: p('intermediate.key'),
      crlPem: p('intermediate.crl.pem'), crlDer: p('intermediate.crl'),
      rootCrlPem: p('root.crl.pem'), rootCrlDer: p('root.crl'),
    };
    const logFile = p('requests.log');
    const indexTxt = p('inter-ca/index.txt');
    const responderPem = p('ocsp-responder.pem');
    const responderKey = p('ocsp-responder.key');
    const chainPem = p('chain.pem');
    const cfg: OcspChildConfig = {
      logFile,
      ocspArgs: ocspArgs(indexTxt, files.interPem, responderPem, responderKey),
      files: {
        '/crl/intermediate.crl': { file: files.crlDer, type: 'application/pkix-crl', kind: 'crl' },
        '/crl/root.crl': { file: files.rootCrlDer, type: 'application/pkix-crl', kind: 'crl' },
        '/certs/intermediate.cer': { file: files.interDer, type: 'application/pkix-cert', kind: 'cert' },
        '/certs/root.cer': { file: files.rootDer, type: 'application/pkix-cert', kind: 'cert' },
      },
    };
    // The HTTP server first: its URLs go into the certificates. Files are read per request (404 until they exist).
    server = await spawnHelperServer(__filename, cfg, p('server.json'));
    const urls = routeUrls(server.port);

    const cnf = p('ca.cnf');
    fs.writeFileSync(cnf, `${COMMON_CONF}
[v3_root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[v3_intermediate]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
authorityInfoAccess = caIssuers;URI:${urls.rootCert}
crlDistributionPoints = URI:${urls.rootCrl}

[v3_leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
authorityInfoAccess = OCSP;URI:${urls.ocsp}, caIssuers;URI:${urls.caIssuers}
crlDistributionPoints = URI:${urls.crl}
${caSection('root_ca', p('root-ca'), files.rootPem, files.rootKey)}
${caSection('inter_ca', p('inter-ca'), files.interPem, files.interKey)}
`);
    const toDer = (pem: string, der: string): void => {
      opensslSync(['x509', '-in', pem, '-outform', 'DER', '-out', der]);
    };

    genRsaKey(files.rootKey);
    opensslSync(['req', '-x509', '-new', '-key', files.rootKey, '-sha256', '-days', '3650', '-config', cnf,
      '-extensions', 'v3_root', '-subj', `${ORG}/CN=Sigla Test Revocation Root CA`, '-out', files.rootPem]);
    toDer(files.rootPem, files.rootDer);
    genRsaKey(files.interKey);
    caIssue(cnf, 'root_ca', 'v3_intermediate', files.interKey, `${ORG}/CN=Sigla Test Revocation CA`, files.interPem, 1825);
    toDer(files.interPem, files.interDer);
    fs.writeFileSync(chainPem, fs.readFileSync(files.interPem, 'utf8') + fs.readFileSync(files.rootPem, 'utf8'));

    genRsaKey(responderKey);
    caIssue(cnf, 'inter_ca', 'v3_ocsp', responderKey, `${ORG}/CN=Sigla Test Revocation OCSP Responder`, responderPem, 365);

    const leaf = (name: string, subj: string, id: string, label: string): RevocationIdentity => {
      const keyPem = p(`${name}.key`);
      genRsaKey(keyPem);
      const certPem = caIssue(cnf, 'inter_ca', 'v3_leaf', keyPem, subj, p(`${name}.pem`), 365);
      const certDer = p(`${name}.der`);
      toDer(certPem, certDer);
      const p12 = p(`${name}.p12`);
      opensslSync(['pkcs12', '-export', '-inkey', keyPem, '-in', certPem, '-certfile', chainPem, '-name', label,
        '-passout', `pass:${P12_PASSWORD}`, '-out', p12]);
      return { keyPem, certPem, certDer, p12, p12Password: P12_PASSWORD, id, label, serial: certSerial(certPem) };
    };
    const good = leaf('good', `${ORG}/SN=VERDI/GN=GIUSEPPE/serialNumber=TINIT-VRDGPP80A01H501X/CN=VERDI GIUSEPPE`, '21', 'Firma valida');
    const revoked = leaf('revoked', `${ORG}/SN=NERI/GN=ANNA/serialNumber=TINIT-NRENNA85M41F205Y/CN=NERI ANNA`, '22', 'Firma revocata');
    opensslSync(['ca', '-config', cnf, '-name', 'inter_ca', '-revoke', revoked.certPem, '-crl_reason', 'keyCompromise']);

    if (o.revokeIntermediate) opensslSync(['ca', '-config', cnf, '-name', 'root_ca', '-revoke', files.interPem, '-crl_reason', 'cACompromise']);

    gencrl(cnf, 'inter_ca', files.crlPem, files.crlDer);
    gencrl(cnf, 'root_ca', files.rootCrlPem, files.rootCrlDer);

    await server.command('START');
    const ocsp = makeOcspHandle(server, dir, logFile, { crlPem: files.crlPem, crlDer: files.crlDer, responderPem, indexTxt });
    return {
      url: ocsp.url, ocspUrl: ocsp.url, crlUrl: ocsp.crlUrl, crlDer: ocsp.crlDer, crlPem: ocsp.crlPem,
      responderPem, indexTxt, dir,
      rootPem: files.rootPem, rootDer: files.rootDer,
      intermediatePem: files.interPem, intermediateDer: files.interDer, intermediateKeyPem: files.interKey,
      chainPem, good, revoked,
      rootCrlUrl: urls.rootCrl, rootCrlDer: files.rootCrlDer, caIssuersUrl: urls.caIssuers,
      get ocspRequests(): number {
        return ocsp.ocspRequests;
      },
      get crlRequests(): number {
        return ocsp.crlRequests;
      },
      close: () => ocsp.close(),
    };
  } catch (e) {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Child side: file routes, the /ocsp pass-through, and the openssl ocsp responder started on `START`. */
function ocspChildMain(cfg: OcspChildConfig): void {
  let responder: ChildProcess | undefined;
  let responderPort = 0;
  let responderLog = '';

  const startResponder = (): Promise<string> => new Promise((resolve, reject) => {
    if (responder) {
      resolve(String(responderPort));
      return;
    }
    const child = spawn('openssl', cfg.ocspArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    responder = child;
    let out = '';
    const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${responderLog.slice(-2000)}`)), 10_000);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => {
      out += d;
      const m = /^ACCEPT \S*:(\d+)/m.exec(out);
      if (m?.[1] && responderPort === 0) {
        responderPort = Number(m[1]);
        clearTimeout(timer);
        resolve(String(responderPort));
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      responderLog = (responderLog + d).slice(-8000);
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      responderPort = 0;
      reject(new Error(`openssl ocsp exited (code ${String(code)}, signal ${String(signal)}): ${responderLog.slice(-2000)}`));
    });
  });

  const proxy = (req: http.IncomingMessage, body: Buffer, target: string): Promise<{ status: number; type: string; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { 'Content-Length': body.length };
      if (req.headers['content-type']) headers['Content-Type'] = req.headers['content-type'];
      const up = http.request({ host: '127.0.0.1', port: responderPort, method: req.method ?? 'GET', path: target, headers, agent: false }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 502, type: r.headers['content-type'] ?? 'application/octet-stream', body: Buffer.concat(chunks) }));
        r.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (url === '/ocsp' || url.startsWith('/ocsp/')) {
        fs.appendFileSync(cfg.logFile, 'ocsp\n');
        const body = await readBody(req, 1 << 20);
        if (body === null) send(res, 413, 'text/plain', 'request too large\n');
        else if (responderPort === 0) send(res, 503, 'text/plain', 'OCSP responder not running\n');
        else {
          const r = await proxy(req, body, url.slice('/ocsp'.length) || '/');
          send(res, r.status, r.type, r.body);
        }
        return;
      }
      const route = cfg.files[url];
      if (route) fs.appendFileSync(cfg.logFile, `${route.kind}\n`);
      await readBody(req, 1 << 20);
      if (!route || !fs.existsSync(route.file)) send(res, 404, 'text/plain', 'not found\n');
      else if (req.method !== 'GET' && req.method !== 'HEAD') send(res, 405, 'text/plain', 'GET only\n', { Allow: 'GET, HEAD' });
      else send(res, 200, route.type, fs.readFileSync(route.file));
    } catch (e) {
      const msg = String((e as Error).message ?? e);
      process.stderr.write(`ocspServer: ${msg}\n`);
      if (!res.headersSent) send(res, 502, 'text/plain', `${msg}\n`);
    }
  };

  runHelperServerMain(
    (req, res) => void handle(req, res),
    async (line) => {
      if (line.trim() === 'START') return startResponder();
      throw new Error(`unknown command ${line}`);
    },
    // Reap the responder before exiting, so it is not left to an init that may not reap it.
    () => new Promise<void>((resolve) => {
      if (!responder || responder.exitCode !== null || responder.signalCode !== null) {
        resolve();
        return;
      }
      responder.once('exit', () => resolve());
      responder.kill('SIGTERM');
    }),
  );
}

if (require.main === module) {
  const cfgPath = process.argv[2];
  if (!cfgPath) throw new Error('usage: ocspServer.js <config.json>');
  ocspChildMain(JSON.parse(fs.readFileSync(cfgPath, 'utf8')) as OcspChildConfig);
}
