/**
 * The token host over the port shape of Electron's utilityProcess (`process.parentPort`, structured-clone messages),
 * which is how the app runs it (electron/main/utilityHostTransport.ts). Electron is not installed here, so a child
 * Node process gets a fake parentPort (test/helpers/fakeParentPort.ts) and this test drives the real host through
 * it with TokenHostClient: token listing, the PIN request and reply (a Uint8Array), and a signature openssl accepts.
 */
import assert from 'node:assert/strict';
import { execFileSync, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signContent } from '../../electron/core/cades/signContent.js';
import { bytesSource, MemorySink } from '../../electron/core/content/ContentSource.js';
import { HostSigner } from '../../electron/token/host/HostSigner.js';
import type { FromHost } from '../../electron/token/host/protocol.js';
import { TokenHostClient, type HostTransport } from '../../electron/token/host/TokenHostClient.js';
import type { PinRequest, PinSource } from '../../electron/token/PinSource.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = hasSoftHsm() ? false : 'SoftHSM2 not installed';

/** A transport to a host that sees only `process.parentPort`; anything not sent through that port is recorded. */
function parentPortTransport(env: NodeJS.ProcessEnv, stray: unknown[]): HostTransport {
  const child = fork(join(__dirname, '..', 'helpers', 'fakeParentPort.js'), [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [], env });
  return {
    pid: child.pid,
    send: (m) => {
      if (child.connected) child.send({ port: m });
    },
    onMessage: (cb) =>
      child.on('message', (raw) => {
        const m = raw as { port?: FromHost };
        if (m && typeof m === 'object' && m.port) cb(m.port);
        else stray.push(raw);
      }),
    onExit: (cb) => child.on('exit', (code, signal) => cb(signal ? `signal ${signal}` : `exit code ${code ?? '?'}`)),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

describe('token host over a utilityProcess-style parentPort', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  before(() => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'Porta Utility', identities: [pki.signer], caCertsDer: [pki.intermediateDer] });
  });
  after(() => cleanup(pki.dir, tok.dir));

  it('lists the token, takes the PIN as a Uint8Array and signs; openssl verifies', { timeout: 60_000 }, async () => {
    const stray: unknown[] = [];
    const seen: PinRequest[] = [];
    const pins: PinSource = {
      pin: (r) => {
        seen.push(r);
        return Promise.resolve(Buffer.from(tok.pin));
      },
      confirmFinalTry: () => Promise.resolve(false),
    };
    const host = new TokenHostClient(parentPortTransport(tok.env, stray), pins);
    try {
      const { tokens } = await host.call('tokens', { module: tok.module });
      assert.deepEqual(tokens.map((t) => t.label), ['Porta Utility']);
      const signer = await HostSigner.open(host, { module: tok.module, token: tok.label, allowFinalTry: false, extraCertificates: [] });
      assert.equal(seen.length, 1);
      const sink = new MemorySink();
      await signContent(bytesSource(Buffer.from('via parentPort\n')), sink, { signer, hash: 'sha256', detached: false });
      await signer.close();
      const file = join(pki.dir, 'port.p7m');
      writeFileSync(file, sink.bytes());
      const content = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', pki.rootPem, '-purpose', 'any'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      assert.equal(content, 'via parentPort\n');
    } finally {
      await host.close();
    }
    assert.deepEqual(stray, [], 'every host message went through process.parentPort');
  });
});
