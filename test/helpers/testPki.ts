/**
 * Test-time PKI + SoftHSM2 token fixture.
 *
 * Everything here is produced by independent command-line tools (openssl, softhsm2-util,
 * pkcs11-tool from OpenSC) and never by Sigla's own code, so tests that sign with Sigla and
 * verify with these artefacts (or vice versa) are not checking our code against itself.
 *
 * Layout produced by makeTestPki():
 *   root CA (self-signed, 10y) -> intermediate CA (5y) -> signer / auth / ecSigner (1y), SHA-256.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestIdentity {
  keyPem: string; // path to PKCS#8 PEM private key (unencrypted)
  certPem: string; // path to cert PEM
  certDer: string; // path to cert DER
  p12: string; // path to PKCS#12 (openssl 3 defaults: AES-256-CBC/PBKDF2, HMAC-SHA256 MAC) with key+cert+chain
  p12Password: string;
  id: string; // hex CKA_ID used on the token, e.g. '01'
  label: string; // CKA_LABEL on the token (also the PKCS#12 friendlyName)
}

export interface TestPki {
  dir: string; // temp dir holding everything
  rootPem: string;
  rootDer: string;
  intermediatePem: string;
  intermediateDer: string;
  chainPem: string; // intermediate + root concatenated PEM
  signer: TestIdentity; // RSA 2048, qualified signature cert (nonRepudiation + QcCompliance + QcSSCD)
  auth: TestIdentity; // RSA 2048, CNS-style authentication cert (digitalSignature, clientAuth)
  ecSigner: TestIdentity; // EC P-256 qualified signature cert (another person)
}

export interface TestToken {
  module: string; // PKCS#11 module path
  env: NodeJS.ProcessEnv; // process.env + SOFTHSM2_CONF for the private token dir
  label: string;
  pin: string; // user PIN
  soPin: string;
  confPath: string;
  dir: string;
}

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const P12_PASSWORD = 'sigla-test';

/** Runs a tool, returning stdout; on failure throws with the command line and its stderr. */
function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  } catch (e) {
    const err = e as { stderr?: string | Buffer; stdout?: string | Buffer; message?: string };
    const detail = String(err.stderr ?? '') || String(err.stdout ?? '') || String(err.message ?? e);
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${detail}`, { cause: e });
  }
}

/** True when `name` is an executable file in one of the PATH directories. */
function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(path.delimiter).some((d) => {
    try {
      fs.accessSync(path.join(d, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * X.509v3 extension sections, selected with `-extensions <section>`.
 *
 * qcStatements (id-pe-qcStatements, 1.3.6.1.5.5.7.1.3, RFC 3739 §3.2.6) has no openssl
 * config syntax, so it is written as raw DER via the ASN1_generate_nconf mini-language:
 *   QCStatements ::= SEQUENCE OF QCStatement
 *   QCStatement  ::= SEQUENCE { statementId OBJECT IDENTIFIER, statementInfo ANY OPTIONAL }
 * Statement ids from ETSI EN 319 412-5 §4.2.1 (esi4-qcStatement-1, QcCompliance = 0.4.0.1862.1.1)
 * and §4.2.2 (esi4-qcStatement-4, QcSSCD = 0.4.0.1862.1.4); neither carries statementInfo.
 * Extension criticality / keyUsage bits per RFC 5280 §4.2.1.3, §4.2.1.9, §4.2.1.12.
 */
const EXT_CONF = `
# 'openssl req' insists on a distinguished_name section even when -subj is given.
[req]
distinguished_name = req_dn
[req_dn]

[v3_root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[v3_intermediate]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

# Qualified signature certificate (ETSI EN 319 412-2 natural person, nonRepudiation only).
[v3_qsig]
basicConstraints = critical, CA:FALSE
keyUsage = critical, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
# QCP-n-qscd (ETSI EN 319 411-2)
certificatePolicies = 0.4.0.194112.1.2
1.3.6.1.5.5.7.1.3 = ASN1:SEQUENCE:qcStatements

[qcStatements]
qcCompliance = SEQUENCE:qcCompliance
qcSSCD = SEQUENCE:qcSSCD

[qcCompliance]
statementId = OID:0.4.0.1862.1.1

[qcSSCD]
statementId = OID:0.4.0.1862.1.4

# CNS (Carta Nazionale dei Servizi) style authentication certificate.
[v3_auth]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

/**
 * Builds a fresh root -> intermediate -> {signer, auth, ecSigner} PKI in a new temp dir. `signerDays` sets the
 * signature certificate's validity from now (default 365), e.g. 41 for one that shows 40 whole days left while
 * a test runs (renewal reminders).
 */
export function makeTestPki(opts: { signerDays?: number } = {}): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-pki-'));
  const p = (f: string): string => path.join(dir, f);
  const conf = p('ext.cnf');
  fs.writeFileSync(conf, EXT_CONF);

  // genpkey writes unencrypted PKCS#8 PEM, which is what softhsm2-util --import requires.
  const genKey = (out: string, ec: boolean): void => {
    const algo = ec
      ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-pkeyopt', 'ec_param_enc:named_curve']
      : ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
    run('openssl', ['genpkey', ...algo, '-out', out]);
  };
  const toDer = (pem: string, der: string): void => {
    run('openssl', ['x509', '-in', pem, '-outform', 'DER', '-out', der]);
  };

  // Root CA: self-signed via req -x509 (no AKI: optional for self-signed, RFC 5280 §4.2.1.1).
  const rootKey = p('root.key');
  const rootPem = p('root.pem');
  genKey(rootKey, false);
  run('openssl', ['req', '-x509', '-new', '-key', rootKey, '-sha256', '-days', '3650', '-config', conf,
    '-extensions', 'v3_root', '-subj', '/C=IT/O=Sigla Test Trust Services/CN=Sigla Test Root CA', '-out', rootPem]);

  // CSR + CA signature; x509 -req in OpenSSL 3 picks a random serial when -CAserial is absent.
  const issue = (name: string, subj: string, ext: string, caPem: string, caKey: string, days: number, ec = false): { key: string; pem: string; der: string } => {
    const key = p(`${name}.key`);
    const csr = p(`${name}.csr`);
    const pem = p(`${name}.pem`);
    const der = p(`${name}.der`);
    genKey(key, ec);
    run('openssl', ['req', '-new', '-key', key, '-config', conf, '-subj', subj, '-out', csr]);
    run('openssl', ['x509', '-req', '-in', csr, '-CA', caPem, '-CAkey', caKey, '-sha256', '-days', String(days),
      '-extfile', conf, '-extensions', ext, '-out', pem]);
    toDer(pem, der);
    return { key, pem, der };
  };

  const inter = issue('intermediate', '/C=IT/O=Sigla Test Trust Services/CN=Sigla Test Qualified CA', 'v3_intermediate', rootPem, rootKey, 1825);
  const rootDer = p('root.der');
  toDer(rootPem, rootDer);
  const chainPem = p('chain.pem');
  fs.writeFileSync(chainPem, fs.readFileSync(inter.pem, 'utf8') + fs.readFileSync(rootPem, 'utf8'));

  const identity = (name: string, subj: string, ext: string, id: string, label: string, ec = false, days = 365): TestIdentity => {
    const c = issue(name, subj, ext, inter.pem, inter.key, days, ec);
    const p12 = p(`${name}.p12`);
    run('openssl', ['pkcs12', '-export', '-inkey', c.key, '-in', c.pem, '-certfile', chainPem, '-name', label,
      '-passout', `pass:${P12_PASSWORD}`, '-out', p12]);
    return { keyPem: c.key, certPem: c.pem, certDer: c.der, p12, p12Password: P12_PASSWORD, id, label };
  };

  // Italian qualified-certificate style subject (AgID rules: GN/SN/serialNumber=TINIT-<codice fiscale>).
  const rossi = '/C=IT/O=Sigla Test Trust Services/SN=ROSSI/GN=MARIO/serialNumber=TINIT-RSSMRA80A01H501U';
  const signer = identity('signer', `${rossi}/dnQualifier=20240001/CN=ROSSI MARIO`, 'v3_qsig', '01', 'Firma', false, opts.signerDays ?? 365);
  // CNS auth certs carry CN = <codice fiscale>/<card serial>.<hash>; '/' must be escaped in -subj.
  const auth = identity('auth', `${rossi}/dnQualifier=20240002/CN=RSSMRA80A01H501U\\/7420000000000001.Zm9vYmFyYmF6cXV4=`, 'v3_auth', '02', 'CNS');
  const ecSigner = identity('ecsigner',
    '/C=IT/O=Sigla Test Trust Services/SN=BIANCHI/GN=LUCIA/serialNumber=TINIT-BNCLCU85M41F205X/dnQualifier=20240003/CN=BIANCHI LUCIA',
    'v3_qsig', '03', 'Firma EC', true);

  return {
    dir, rootPem, rootDer, intermediatePem: inter.pem, intermediateDer: inter.der, chainPem, signer, auth, ecSigner,
  };
}

/**
 * Initialises a fresh SoftHSM2 token in a private SOFTHSM2_CONF / tokendir and imports each
 * identity's private key (softhsm2-util --import) and certificate (pkcs11-tool --write-object),
 * plus optional CA certificates (no key; CKA_ID 'ca01', 'ca02', ..., label = file basename).
 */
export function makeTestToken(opts: { label: string; identities: TestIdentity[]; caCertsDer?: string[]; pin?: string; soPin?: string }): TestToken {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-hsm-'));
  const tokenDir = path.join(dir, 'tokens');
  fs.mkdirSync(tokenDir);
  const confPath = path.join(dir, 'softhsm2.conf');
  fs.writeFileSync(confPath, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, SOFTHSM2_CONF: confPath };
  const { label } = opts;
  const pin = opts.pin ?? '123456';
  const soPin = opts.soPin ?? '12345678';

  run('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin], env);
  const writeCert = (der: string, id: string, certLabel: string): void => {
    run('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', label, '--login', '--pin', pin,
      '--write-object', der, '--type', 'cert', '--id', id, '--label', certLabel], env);
  };
  for (const ident of opts.identities) {
    // softhsm2-util --import creates a CKO_PRIVATE_KEY *and* a matching CKO_PUBLIC_KEY (same id/label).
    run('softhsm2-util', ['--import', ident.keyPem, '--token', label, '--label', ident.label, '--id', ident.id, '--pin', pin], env);
    writeCert(ident.certDer, ident.id, ident.label);
  }
  (opts.caCertsDer ?? []).forEach((der, i) => {
    writeCert(der, `ca${String(i + 1).padStart(2, '0')}`, path.basename(der, path.extname(der)));
  });

  return { module: SOFTHSM_MODULE, env, label, pin, soPin, confPath, dir };
}

/** True when the SoftHSM2 module, softhsm2-util and pkcs11-tool are all available. */
export function hasSoftHsm(): boolean {
  return fs.existsSync(SOFTHSM_MODULE) && onPath('softhsm2-util') && onPath('pkcs11-tool');
}

/** rm -rf each directory (ignores missing ones). */
export function cleanup(...dirs: string[]): void {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}
