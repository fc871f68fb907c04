/**
 * The test TSA (tsaServer.ts) and OCSP/CRL services (ocspServer.ts), judged by openssl's own clients:
 * `openssl ts -query/-verify`, `openssl ocsp -url`, `openssl crl`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasOpenssl, startTsa, type Tsa } from '../helpers/tsaServer.js';
import { makeRevocationPki, startOcsp, type Ocsp, type RevocationPki } from '../helpers/ocspServer.js';
import { cleanup, makeTestPki } from '../helpers/testPki.js';

const skip = hasOpenssl() ? false : 'openssl not installed';

/** openssl without blocking the event loop; resolves with status and both outputs. */
const ossl = (args: string[]): Promise<{ status: number; out: string }> =>
  new Promise((resolve) => {
    execFile('openssl', args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, out: `${stdout}${stderr}` });
    });
  });

interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(url: string, o: { method?: string; headers?: http.OutgoingHttpHeaders; body?: Buffer } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = o.body ?? Buffer.alloc(0);
    const req = http.request(url, { method: o.method ?? 'GET', headers: { 'Content-Length': body.length, ...o.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const TSQ = { 'Content-Type': 'application/timestamp-query' };

test('test TSA answers with openssl ts -reply', { skip }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-tsatest-'));
  const servers: { close(): Promise<void> }[] = [];
  const pkiDirs: string[] = [];
  t.after(async () => {
    for (const s of servers) await s.close();
    cleanup(dir, ...pkiDirs);
  });
  const f = (name: string): string => path.join(dir, name);
  fs.writeFileSync(f('data.txt'), 'Sigla test data\n');
  const query = (name: string, extra: string[]): Buffer => {
    execFileSync('openssl', ['ts', '-query', '-data', f('data.txt'), '-out', f(name), ...extra], { stdio: 'ignore' });
    return fs.readFileSync(f(name));
  };
  const stamp = async (tsa: Tsa, tsq: string, extra: http.OutgoingHttpHeaders = {}): Promise<string> => {
    const r = await request(tsa.url, { method: 'POST', headers: { ...TSQ, ...extra }, body: fs.readFileSync(f(tsq)) });
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.headers['content-type'], 'application/timestamp-reply');
    const tsr = f(tsq.replace(/\.tsq$/, '.tsr'));
    fs.writeFileSync(tsr, r.body);
    return tsr;
  };
  const tokenCerts = async (tsr: string): Promise<string> => {
    const tok = `${tsr}.p7`;
    assert.equal((await ossl(['ts', '-reply', '-in', tsr, '-token_out', '-out', tok])).status, 0);
    return (await ossl(['pkcs7', '-inform', 'DER', '-in', tok, '-print_certs', '-noout'])).out;
  };

  const tsa = await startTsa();
  servers.push(tsa);

  await t.test('certReq + nonce: openssl ts -verify says OK, token carries the TSA certificate', async () => {
    const q = query('a.tsq', ['-sha256', '-cert']);
    const tsr = await stamp(tsa, 'a.tsq');
    const v = await ossl(['ts', '-verify', '-in', tsr, '-queryfile', f('a.tsq'), '-CAfile', tsa.caPem, '-untrusted', tsa.tsaCertPem]);
    assert.match(v.out, /Verification: OK/, v.out);
    const text = (await ossl(['ts', '-reply', '-in', tsr, '-text'])).out;
    assert.match(text, /Status: Granted/);
    assert.match(text, /Policy OID: 1\.3\.6\.1\.4\.1\.4146\.2\.3/);
    assert.match(text, /Nonce: 0x[0-9A-F]+/);
    assert.match(await tokenCerts(tsr), /CN\s*=\s*Sigla Test TSA\b/);
    assert.equal(tsa.requests, 1);
    assert.equal(tsa.replies, 1);
    assert.deepEqual(tsa.lastRequest, q);
    const eku = (await ossl(['x509', '-noout', '-ext', 'extendedKeyUsage', '-in', tsa.tsaCertPem])).out;
    assert.match(eku, /critical/);
    assert.match(eku, /Time Stamping/);
  });

  await t.test('without certReq the token has no certificates and still verifies with -untrusted', async () => {
    query('b.tsq', ['-sha512', '-no_nonce']);
    const tsr = await stamp(tsa, 'b.tsq');
    assert.doesNotMatch(await tokenCerts(tsr), /subject/);
    const v = await ossl(['ts', '-verify', '-in', tsr, '-queryfile', f('b.tsq'), '-CAfile', tsa.caPem, '-untrusted', tsa.tsaCertPem]);
    assert.match(v.out, /Verification: OK/, v.out);
    assert.equal(tsa.requests, 2);
  });

  await t.test('a synchronous client (separate process, execFileSync) gets its answer', () => {
    const script = `const h=require('http'),fs=require('fs');const b=fs.readFileSync(process.argv[1]);
      const r=h.request(process.argv[2],{method:'POST',headers:{'Content-Type':'application/timestamp-query','Content-Length':b.length}},
      (s)=>{const c=[];s.on('data',(d)=>c.push(d));s.on('end',()=>{fs.writeFileSync(process.argv[3],Buffer.concat(c));process.stdout.write(String(s.statusCode));});});
      r.end(b);`;
    const status = execFileSync(process.execPath, ['-e', script, f('a.tsq'), tsa.url, f('sync.tsr')], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(status, '200');
    assert.equal(tsa.requests, 3); // exact right after the synchronous call returns
    const v = execFileSync('openssl', ['ts', '-verify', '-in', f('sync.tsr'), '-queryfile', f('a.tsq'), '-CAfile', tsa.caPem,
      '-untrusted', tsa.tsaCertPem], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(v, /Verification: OK/);
  });

  await t.test('wrong method or content type: 400', async () => {
    assert.equal((await request(tsa.url)).status, 400);
    const r = await request(tsa.url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: fs.readFileSync(f('a.tsq')) });
    assert.equal(r.status, 400);
    assert.equal(tsa.requests, 5);
    assert.equal(tsa.replies, 3);
  });

  await t.test('Basic auth: 401 with WWW-Authenticate without or with wrong credentials', async () => {
    const authTsa = await startTsa({ user: 'mario', password: 's3cret:x' });
    servers.push(authTsa);
    const body = fs.readFileSync(f('a.tsq'));
    const none = await request(authTsa.url, { method: 'POST', headers: TSQ, body });
    assert.equal(none.status, 401);
    assert.match(String(none.headers['www-authenticate']), /^Basic realm=/);
    const basic = (user: string, pw: string): string => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;
    const wrong = await request(authTsa.url, { method: 'POST', headers: { ...TSQ, Authorization: basic('mario', 'nope') }, body });
    assert.equal(wrong.status, 401);
    assert.equal(authTsa.lastRequest, undefined);
    const tsr = await stamp(authTsa, 'a.tsq', { Authorization: basic('mario', 's3cret:x') });
    const v = await ossl(['ts', '-verify', '-in', tsr, '-queryfile', f('a.tsq'), '-CAfile', authTsa.caPem, '-untrusted', authTsa.tsaCertPem]);
    assert.match(v.out, /Verification: OK/, v.out);
    assert.equal(authTsa.requests, 3);
    assert.equal(authTsa.replies, 1);
  });

  await t.test('failStatus: HTTP 200 with an openssl-made TimeStampResp, status rejection', async () => {
    const failTsa = await startTsa({ failStatus: true });
    servers.push(failTsa);
    const tsr = await stamp(failTsa, 'a.tsq');
    const text = (await ossl(['ts', '-reply', '-in', tsr, '-text'])).out;
    assert.match(text, /Status: Rejected/);
    assert.match(text, /TST info:\s*Not included/);
    const v = await ossl(['ts', '-verify', '-in', tsr, '-queryfile', f('a.tsq'), '-CAfile', failTsa.caPem]);
    assert.notEqual(v.status, 0);
  });

  await t.test('TSA certificate from the test PKI, sha512 signature, own policy', async () => {
    const pki = makeTestPki();
    pkiDirs.push(pki.dir);
    const pkiTsa = await startTsa({ pki, hashAlg: 'sha512', policy: '1.3.6.1.4.1.99999.1', delayMs: 200 });
    servers.push(pkiTsa);
    assert.equal(pkiTsa.caPem, pki.chainPem);
    query('c.tsq', ['-sha256', '-cert']);
    const t0 = Date.now();
    const tsr = await stamp(pkiTsa, 'c.tsq');
    assert.ok(Date.now() - t0 >= 200, 'delayMs');
    const v = await ossl(['ts', '-verify', '-in', tsr, '-queryfile', f('c.tsq'), '-CAfile', pki.chainPem]);
    assert.match(v.out, /Verification: OK/, v.out);
    assert.match((await ossl(['ts', '-reply', '-in', tsr, '-text'])).out, /Policy OID: 1\.3\.6\.1\.4\.1\.99999\.1/);
    const tok = `${tsr}.p7`;
    await ossl(['ts', '-reply', '-in', tsr, '-token_out', '-out', tok]);
    assert.match((await ossl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', tok])).out, /digestAlgorithms:\s*algorithm: sha512/);
    const issuer = (await ossl(['x509', '-noout', '-issuer', '-in', pkiTsa.tsaCertPem])).out;
    assert.match(issuer, /Sigla Test Qualified CA/);
  });
});

test('test OCSP responder and CRLs from openssl', { skip }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-ocsptest-'));
  const servers: { close(): Promise<void> }[] = [];
  const pkiDirs: string[] = [];
  t.after(async () => {
    for (const s of servers) await s.close();
    cleanup(dir, ...pkiDirs);
  });
  const ocspStatus = async (issuer: string, cert: string, url: string, caFile: string): Promise<string> => {
    const r = await ossl(['ocsp', '-issuer', issuer, '-cert', cert, '-url', url, '-CAfile', caFile]);
    assert.match(r.out, /Response verify OK/, r.out);
    return /: (good|revoked|unknown)\b/.exec(r.out)?.[1] ?? r.out;
  };

  const rp: RevocationPki = await makeRevocationPki();
  servers.push(rp);

  await t.test('makeRevocationPki: leaves point at the services', async () => {
    const ext = (await ossl(['x509', '-noout', '-ext', 'authorityInfoAccess,crlDistributionPoints', '-in', rp.good.certPem])).out;
    assert.ok(ext.includes(`OCSP - URI:${rp.ocspUrl}`), ext);
    assert.ok(ext.includes(`URI:${rp.crlUrl}`), ext);
    assert.ok(ext.includes(`CA Issuers - URI:${rp.caIssuersUrl}`), ext);
    const v = await ossl(['verify', '-CAfile', rp.rootPem, '-untrusted', rp.intermediatePem, rp.good.certPem, rp.revoked.certPem]);
    assert.equal(v.status, 0, v.out);
  });

  await t.test('makeRevocationPki: OCSP good / revoked (openssl ocsp -url)', async () => {
    assert.equal(await ocspStatus(rp.intermediatePem, rp.good.certPem, rp.ocspUrl, rp.chainPem), 'good');
    assert.equal(await ocspStatus(rp.intermediatePem, rp.revoked.certPem, rp.ocspUrl, rp.chainPem), 'revoked');
    assert.equal(rp.ocspRequests, 2);
  });

  await t.test('makeRevocationPki: a synchronous OCSP client (execFileSync) is answered', () => {
    const out = execFileSync('openssl', ['ocsp', '-issuer', rp.intermediatePem, '-cert', rp.revoked.certPem, '-url', rp.ocspUrl,
      '-CAfile', rp.chainPem], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    assert.match(out, /: revoked/);
    assert.match(out, /Reason: keyCompromise/);
    assert.equal(rp.ocspRequests, 3);
  });

  await t.test('makeRevocationPki: OCSP by GET (RFC 6960 A.1)', async () => {
    const reqDer = path.join(dir, 'get.ocspreq');
    const respDer = path.join(dir, 'get.ocspresp');
    assert.equal((await ossl(['ocsp', '-issuer', rp.intermediatePem, '-cert', rp.good.certPem, '-no_nonce', '-reqout', reqDer])).status, 0);
    const r = await request(`${rp.ocspUrl}/${encodeURIComponent(fs.readFileSync(reqDer).toString('base64'))}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/ocsp-response');
    fs.writeFileSync(respDer, r.body);
    const v = await ossl(['ocsp', '-respin', respDer, '-issuer', rp.intermediatePem, '-cert', rp.good.certPem, '-CAfile', rp.chainPem]);
    assert.match(v.out, /: good/, v.out);
  });

  await t.test('makeRevocationPki: the CRLs served over HTTP list the revoked serial only', async () => {
    const r = await request(rp.crlUrl);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/pkix-crl');
    const crl = path.join(dir, 'crl.der');
    fs.writeFileSync(crl, r.body);
    const text = (await ossl(['crl', '-in', crl, '-inform', 'DER', '-text', '-noout'])).out;
    assert.match(text, new RegExp(`Serial Number: ${rp.revoked.serial}\\b`));
    assert.doesNotMatch(text, new RegExp(rp.good.serial));
    assert.match(text, /Key Compromise/);
    const v = await ossl(['crl', '-in', crl, '-inform', 'DER', '-CAfile', rp.chainPem, '-noout']);
    assert.match(v.out, /verify OK/);
    const root = await request(rp.rootCrlUrl);
    assert.equal(root.status, 200);
    assert.equal(rp.crlRequests, 2);
    assert.equal((await request(rp.caIssuersUrl)).status, 200);
  });

  await t.test('startOcsp on makeTestPki: signer good, auth revoked', async () => {
    const pki = makeTestPki();
    pkiDirs.push(pki.dir);
    const ocsp: Ocsp = await startOcsp(pki, { revoked: [pki.auth.certPem] });
    servers.push(ocsp);
    assert.equal(await ocspStatus(pki.intermediatePem, pki.signer.certPem, ocsp.url, pki.chainPem), 'good');
    assert.equal(await ocspStatus(pki.intermediatePem, pki.ecSigner.certPem, ocsp.url, pki.chainPem), 'good');
    assert.equal(await ocspStatus(pki.intermediatePem, pki.auth.certPem, ocsp.url, pki.chainPem), 'revoked');
    const crl = path.join(dir, 'pki.crl');
    fs.writeFileSync(crl, (await request(ocsp.crlUrl)).body);
    const serial = (await ossl(['x509', '-noout', '-serial', '-in', pki.auth.certPem])).out.trim().replace(/^serial=/, '');
    assert.match((await ossl(['crl', '-in', crl, '-inform', 'DER', '-text', '-noout'])).out, new RegExp(`Serial Number: ${serial}`, 'i'));
    await ocsp.close();
    await ocsp.close(); // idempotent
  });
});
