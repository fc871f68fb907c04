/**
 * «Prova l'accesso»: a real TLS client authentication (RFC 8446 §4.4.2 / RFC 5246 §7.4.6) with the certificate a
 * browser would offer, through the NSS database the module is registered in. NSS's own client, `tstclnt`
 * (libnss3-tools), connects with `-n TOKEN:LABEL` to a TLS server Sigla starts on loopback for this one handshake
 * (a throwaway self-signed RSA certificate made in memory, requestCert), which reports the certificate the client
 * offered. The PIN reaches tstclnt in a password file (`-W`) created 0600 in a private temporary folder and
 * removed as soon as tstclnt ends: never in its arguments or environment.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCertificate, buildName, certificatePem, randomSerial } from '../x509Builder.js';
import { certificateUse, type CertificateUse } from './certificateUse.js';
import { runNssTool } from './nssTool.js';

export interface TlsCheckResult {
  /** Whether the handshake completed with a client certificate. */
  readonly authenticated: boolean;
  /** The subject of the certificate the client offered (RFC 4514 string as Node gives it), when one was. */
  readonly subject?: string;
  readonly use?: CertificateUse;
}

export interface TlsCheckRequest {
  /** The NSS database folder (sql: format). */
  readonly database: string;
  /** `TOKEN:LABEL` of the certificate to offer. */
  readonly nickname: string;
  /** The PIN, zeroed by the caller afterwards; written only to the private password file. */
  readonly pin: Buffer;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

function serverIdentity(): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = buildName([['CN', '127.0.0.1']]);
  const now = Date.now();
  const der = buildCertificate(
    { serial: randomSerial(), issuer: name, subject: name, notBefore: new Date(now - 60_000), notAfter: new Date(now + 3_600_000), spki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })), extensions: [] },
    privateKey,
  );
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: certificatePem(der) };
}

export async function tlsClientCheck(r: TlsCheckRequest): Promise<TlsCheckResult> {
  const offered: { der?: Uint8Array; subject?: string } = {};
  const sockets = new Set<TLSSocket>();
  const server = createServer({ ...serverIdentity(), requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' }, (socket: TLSSocket) => {
    const peer = socket.getPeerCertificate();
    if (peer && 'raw' in peer && peer.raw) {
      offered.der = new Uint8Array(peer.raw);
      offered.subject = Object.entries(peer.subject ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    }
    socket.end();
  });
  server.on('tlsClientError', () => undefined);
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const dir = mkdtempSync(join(tmpdir(), 'sigla-tls-'));
  try {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const pinFile = join(dir, 'pin');
    writeFileSync(pinFile, r.pin, { mode: 0o600 });
    const run = await runNssTool('tstclnt', ['-d', `sql:${r.database}`, '-n', r.nickname, '-h', '127.0.0.1', '-p', String(port), '-W', pinFile, '-o', '-Q'], { env: r.env, input: '\n', ...(r.timeoutMs !== undefined ? { timeoutMs: r.timeoutMs } : {}) });
    rmSync(pinFile, { force: true });
    const authenticated = run.status === 0 && offered.der !== undefined;
    return { authenticated, ...(offered.subject !== undefined ? { subject: offered.subject } : {}), ...(offered.der ? { use: certificateUse(offered.der) } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    // Not awaited: a connection the client left half-open must not hold the result back.
    server.close();
    for (const s of sockets) s.destroy();
  }
}
