/**
 * The token host's batched signing (`signMany`, token/host/protocol.ts): several requests in one message, one
 * C_SignInit/C_Sign each, answered in order; the first failure ends the group (the requests after it are not tried
 * on the token); a token pulled in the middle of a batch of many still stops it with TOKEN_REMOVED and nothing
 * partial. Signatures are checked against the certificate's public key by node:crypto (OpenSSL), outputs by openssl.
 */
import assert from 'node:assert/strict';
import { createHash, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RequestNotSigned } from '../../electron/core/signer/RawSigner.js';
import { GROUP_MAX, HostSigner } from '../../electron/token/host/HostSigner.js';
import type { ToHost } from '../../electron/token/host/protocol.js';
import { forkTransport, TokenHostClient } from '../../electron/token/host/TokenHostClient.js';
import type { PinSource } from '../../electron/token/PinSource.js';
import { sigla, tool } from '../helpers/cli.js';
import { hasShim, SHIM_PATH, ShimControl } from '../helpers/shim.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = !hasSoftHsm() ? 'SoftHSM2 not installed' : !hasShim() ? 'native shim not built' : false;
const LABEL = 'Batch Token';

const pins = (pin: string): PinSource => ({ pin: () => Promise.resolve(Buffer.from(pin)), confirmFinalTry: () => Promise.resolve(false) });

/** A host whose calls are counted by method, as they leave for the host process. */
function countingHost(pin: string, env: NodeJS.ProcessEnv): { host: TokenHostClient; calls: Map<string, number> } {
  const transport = forkTransport(env);
  const calls = new Map<string, number>();
  const send = transport.send.bind(transport);
  const counted = {
    ...transport,
    send: (m: ToHost): void => {
      if (m.type === 'call') calls.set(m.method, (calls.get(m.method) ?? 0) + 1);
      send(m);
    },
  };
  return { host: new TokenHostClient(counted, pins(pin)), calls };
}

const request = (n: number): { hash: 'sha256'; toBeSigned: Uint8Array; digest: Uint8Array } => {
  const toBeSigned = Buffer.from(`attributi firmati ${n}`);
  return { hash: 'sha256', toBeSigned, digest: createHash('sha256').update(toBeSigned).digest() };
};

describe('token host: signatures sent in groups (signMany)', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let shim: ShimControl;
  let env: NodeJS.ProcessEnv;
  let publicKey: KeyObject;

  before(() => {
    pki = makeTestPki();
    tok = makeTestToken({ label: LABEL, identities: [pki.signer], caCertsDer: [pki.intermediateDer] });
    shim = new ShimControl();
    env = shim.env(tok.env, tok.module);
    publicKey = new X509Certificate(readFileSync(pki.signer.certPem)).publicKey;
  });
  beforeEach(() => shim.reset());
  after(() => {
    shim.cleanup();
    cleanup(pki.dir, tok.dir);
  });

  const open = (host: TokenHostClient): Promise<HostSigner> => HostSigner.open(host, { module: SHIM_PATH, token: LABEL, allowFinalTry: false, extraCertificates: [] });
  const signs = (sig: Uint8Array, n: number): boolean => verify('sha256', request(n).toBeSigned, publicKey, sig);

  it('requests made together go in groups, one C_Sign each, and each answer is the signature of its own request', async () => {
    const { host, calls } = countingHost(tok.pin, env);
    try {
      const signer = await open(host);
      assert.equal(signer.pipelined, true, 'a key without a per-signature PIN is pipelined');
      const n = GROUP_MAX + 2;
      const sigs = await Promise.all(Array.from({ length: n }, (_, i) => signer.sign(request(i))));
      await signer.close();
      // Two messages for six signatures (a group of GROUP_MAX and the rest), no single `sign`.
      assert.equal(calls.get('signMany'), 2);
      assert.equal(calls.get('sign') ?? 0, 0);
      for (let i = 0; i < n; i++) {
        assert.ok(signs(sigs[i] as Uint8Array, i), `answer ${i} signs request ${i}`);
        assert.ok(!signs(sigs[i] as Uint8Array, (i + 1) % n), `answer ${i} is not the signature of another request`);
      }
      assert.equal(shim.signCount(), n, 'one C_Sign per request');
    } finally {
      await host.close();
    }
  });

  it('a failure in the middle of a group: the signatures before it, its error, and nothing tried after it', async () => {
    const { host } = countingHost(tok.pin, env);
    try {
      // The protocol itself: two signatures, then the error; the fourth request never reaches the token.
      const opened = await host.call('openSigner', { module: SHIM_PATH, token: LABEL, allowFinalTry: false, extraCertificates: [] });
      shim.set({ device_error: ['C_Sign'], device_error_after: 2 });
      const raw = await host.call('signMany', { signerId: opened.signerId, requests: [0, 1, 2, 3].map(request) });
      await host.call('closeSigner', { signerId: opened.signerId });
      assert.equal(raw.signatures.length, 2);
      assert.ok(signs(raw.signatures[0] as Uint8Array, 0) && signs(raw.signatures[1] as Uint8Array, 1));
      assert.equal(raw.error?.code, 'DEVICE_ERROR');
      assert.equal(shim.stats().filter((l) => l.startsWith('device_error')).length, 1, 'the request after the failure is not tried');
      // Through the signer: each request settles on its own.
      shim.reset();
      const signer = await open(host);
      // device_error_after counts this host process's signatures: two were made above, one more succeeds now.
      shim.set({ device_error: ['C_Sign'], device_error_after: 3 });
      const settled = await Promise.allSettled([0, 1, 2, 3].map((i) => signer.sign(request(i))));
      assert.equal(settled[0]?.status, 'fulfilled');
      assert.ok(signs((settled[0] as PromiseFulfilledResult<Uint8Array>).value, 0));
      assert.equal(settled[1]?.status === 'rejected' && (settled[1].reason as { code?: string }).code, 'DEVICE_ERROR');
      for (const s of settled.slice(2)) assert.ok(s.status === 'rejected' && s.reason instanceof RequestNotSigned);
      assert.equal(shim.signCount(), 1);
      await signer.close();
    } finally {
      await host.close();
    }
  });

  it('a key that needs its PIN for every signature is not pipelined: one request at a time', async () => {
    shim.set({ always_authenticate: true });
    const { host, calls } = countingHost(tok.pin, env);
    try {
      const signer = await open(host);
      assert.equal(signer.pipelined, false);
      const sigs = await Promise.all([0, 1, 2].map((i) => signer.sign(request(i))));
      for (const [i, s] of sigs.entries()) assert.ok(signs(s, i));
      assert.equal(calls.get('signMany') ?? 0, 0);
      assert.equal(calls.get('sign'), 3);
      await signer.close();
    } finally {
      await host.close();
    }
  });

  it('sigla sign of many files, token pulled after 6: six complete outputs, TOKEN_REMOVED, the rest not attempted, nothing partial', () => {
    const dir = join(pki.dir, 'many');
    const out = join(dir, 'out');
    mkdirSync(out, { recursive: true });
    const inputs = Array.from({ length: 14 }, (_, i) => {
      const f = join(dir, `atto-${String(i + 1).padStart(2, '0')}.txt`);
      writeFileSync(f, `Atto n. ${i + 1}\n`);
      return f;
    });
    shim.set({ remove_after_signs: 6 });
    const r = sigla(['sign', ...inputs, '--module', SHIM_PATH, '--token', LABEL, '--pin-stdin', '--out-dir', out, '--json', '--lang', 'en'], { input: `${tok.pin}\n`, env });
    assert.equal(r.status, 5, r.stderr);
    const results = (JSON.parse(r.stdout) as { results: { ok: boolean; error?: { code: string } }[] }).results;
    assert.deepEqual(
      results.map((x) => (x.ok ? 'ok' : x.error?.code)),
      [...Array(6).fill('ok'), 'TOKEN_REMOVED', ...Array(7).fill('NOT_ATTEMPTED')],
    );
    // Only the six finished outputs: no partial file, no temp file.
    assert.deepEqual(readdirSync(out).sort(), inputs.slice(0, 6).map((f) => `${f.slice(dir.length + 1)}.p7m`));
    for (const f of inputs.slice(0, 6)) {
      const p7m = join(out, `${f.slice(dir.length + 1)}.p7m`);
      const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7m, '-CAfile', pki.rootPem, '-purpose', 'any']);
      assert.equal(v.status, 0, v.stderr);
      assert.equal(v.stdout, `Atto n. ${Number(/(\d+)\.txt$/.exec(f)?.[1])}\n`);
    }
    assert.equal(shim.signCount(), 6);
  });
});
