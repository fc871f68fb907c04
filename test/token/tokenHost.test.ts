/**
 * The token host process: PKCS#11 runs in a child process; the caller gets typed results, answers PIN requests, and
 * never hangs when the host dies (a crashing vendor module). Signatures made through it are checked by openssl.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signContent } from '../../electron/core/cades/signContent.js';
import { bytesSource, MemorySink } from '../../electron/core/content/ContentSource.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { HostSigner } from '../../electron/token/host/HostSigner.js';
import { TokenHostClient } from '../../electron/token/host/TokenHostClient.js';
import type { PinRequest, PinSource } from '../../electron/token/PinSource.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = hasSoftHsm() ? false : 'SoftHSM2 not installed';

function pinsFrom(pin: string, seen: PinRequest[]): PinSource {
  return {
    pin: (r) => {
      seen.push(r);
      return Promise.resolve(Buffer.from(pin));
    },
    confirmFinalTry: () => Promise.resolve(false),
  };
}

describe('token host process', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  before(() => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'Host Test', identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
  });
  after(() => cleanup(pki.dir, tok.dir));

  it('lists tokens and signs through the host; openssl verifies the result', async () => {
    const seen: PinRequest[] = [];
    const host = TokenHostClient.start(pinsFrom(tok.pin, seen), tok.env);
    try {
      assert.notEqual(host.pid, process.pid);
      const { tokens } = await host.call('tokens', { module: tok.module });
      assert.deepEqual(tokens.map((t) => [t.label, t.userPin, t.profile]), [['Host Test', 'ok', 'softhsm2']]);
      const signer = await HostSigner.open(host, { module: tok.module, token: tok.label, allowFinalTry: false, extraCertificates: [] });
      assert.equal(seen.length, 1, 'one PIN request for the batch');
      assert.equal(seen[0]?.kind, 'user');
      const outs: string[] = [];
      for (const n of [1, 2]) {
        const sink = new MemorySink();
        await signContent(bytesSource(Buffer.from(`documento ${n}\n`)), sink, { signer, hash: 'sha256', detached: false });
        const file = join(pki.dir, `host${n}.p7m`);
        writeFileSync(file, sink.bytes());
        outs.push(file);
      }
      await signer.close();
      assert.equal(seen.length, 1, 'no second login: one login per batch');
      for (const [i, f] of outs.entries()) {
        const content = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', f, '-CAfile', pki.rootPem, '-purpose', 'any'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        assert.equal(content, `documento ${i + 1}\n`);
      }
    } finally {
      await host.close();
    }
  });

  it('a host that dies while a call is pending gives DEVICE_ERROR at once instead of a hang', async () => {
    const ref: { host?: TokenHostClient } = {};
    const pins: PinSource = {
      pin: () => {
        // The "vendor module" crashes while the user is typing: the host disappears.
        if (ref.host?.pid) process.kill(ref.host.pid, 'SIGKILL');
        return new Promise<Buffer>(() => undefined);
      },
      confirmFinalTry: () => Promise.resolve(false),
    };
    const host = TokenHostClient.start(pins, tok.env);
    ref.host = host;
    const started = Date.now();
    await assert.rejects(
      HostSigner.open(host, { module: tok.module, token: tok.label, allowFinalTry: false, extraCertificates: [] }),
      (e: unknown) => e instanceof SiglaError && e.code === 'DEVICE_ERROR' && /token host stopped/.test(e.message),
    );
    assert.ok(Date.now() - started < 10_000);
    // Later calls fail the same way, quickly.
    await assert.rejects(host.call('tokens', {}), (e: unknown) => e instanceof SiglaError && e.code === 'DEVICE_ERROR');
    await host.close();
  });

  it('errors keep their code, CKR value and PKCS#11 function across the process boundary', async () => {
    const host = TokenHostClient.start(pinsFrom('000000', []), tok.env);
    try {
      await assert.rejects(
        HostSigner.open(host, { module: tok.module, token: tok.label, allowFinalTry: false, extraCertificates: [] }),
        (e: unknown) => e instanceof SiglaError && e.code === 'PIN_INCORRECT' && e.ckr === 0xa0 && e.pkcs11Function === 'C_Login' && typeof e.params['state'] === 'string' && e.params['token'] === 'Host Test',
      );
      await assert.rejects(host.call('tokens', { module: '/nonexistent/libnothing.so' }), (e: unknown) => e instanceof SiglaError && e.code === 'MODULE_LOAD_FAILED');
    } finally {
      await host.close();
    }
  });
});
