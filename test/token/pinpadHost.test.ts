/**
 * Pinpad readers through the token host: the caller's PinSource is told "type the PIN on the reader" before the
 * blocking C_Login (the shim's stats show no login yet at that moment) and told it is over afterwards, whatever the
 * outcome; no PIN is asked of the computer. The shim (native/) plays the reader: `pinpad=1`, `pinpad_pin`,
 * `pinpad_cancel`. Signatures are checked by openssl; the CLI's line on stderr is checked too.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { signContent } from '../../electron/core/cades/signContent.js';
import { bytesSource, MemorySink } from '../../electron/core/content/ContentSource.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { HostSigner } from '../../electron/token/host/HostSigner.js';
import { TokenHostClient } from '../../electron/token/host/TokenHostClient.js';
import type { PinRequest, PinSource } from '../../electron/token/PinSource.js';
import { sigla, tool } from '../helpers/cli.js';
import { hasShim, SHIM_PATH, ShimControl } from '../helpers/shim.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = !hasSoftHsm() ? 'SoftHSM2 not installed' : !hasShim() ? 'native shim not built' : false;
const LABEL = 'Lettore Pinpad';

/** What the caller's PinSource saw, in order; at each pinpad start, whether the shim had already logged in. */
interface Seen {
  readonly log: string[];
  readonly requests: PinRequest[];
}

function recordingPins(shim: ShimControl, o: { consent?: boolean } = {}): PinSource & { seen: Seen } {
  const seen: Seen = { log: [], requests: [] };
  const loginLines = (): number => shim.stats().filter((l) => /^(pinpad|login) /.test(l)).length;
  return {
    seen,
    pin: (r) => {
      seen.log.push(`pin ${r.kind}`);
      return Promise.reject(new SiglaError('CANCELLED', 'a pinpad login must not ask the computer for a PIN'));
    },
    confirmFinalTry: (r) => {
      seen.log.push(`confirm ${r.state}`);
      return Promise.resolve(o.consent === true);
    },
    pinpad: (r) => {
      seen.requests.push(r);
      const before = loginLines();
      seen.log.push(`start ${r.kind} ${r.state}`);
      return Promise.resolve({
        end: () => {
          // C_Login ran between start and end (new "pinpad …"/"login …" lines in the shim's stats), not before.
          seen.log.push(`end ${r.kind}${loginLines() > before ? ' after-login' : ''}`);
        },
      });
    },
  };
}

describe('pinpad reader through the token host', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let shim: ShimControl;
  let env: NodeJS.ProcessEnv;
  let n = 0;

  const verify = (der: Uint8Array, text: string): void => {
    const f = join(pki.dir, `pinpad${++n}.p7m`);
    writeFileSync(f, der);
    const r = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', f, '-CAfile', pki.rootPem, '-purpose', 'any']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, text);
  };
  const signText = async (signer: Awaited<ReturnType<typeof HostSigner.open>>, text: string): Promise<Uint8Array> => {
    const sink = new MemorySink();
    await signContent(bytesSource(Buffer.from(text)), sink, { signer, hash: 'sha256', detached: false });
    return sink.bytes();
  };
  const open = (host: TokenHostClient, allowFinalTry = false) => HostSigner.open(host, { module: SHIM_PATH, token: LABEL, allowFinalTry, extraCertificates: [] });

  before(() => {
    pki = makeTestPki();
    tok = makeTestToken({ label: LABEL, identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
    shim = new ShimControl();
    env = shim.env(tok.env, tok.module);
  });
  beforeEach(() => shim.reset());
  after(() => {
    shim.cleanup();
    cleanup(pki.dir, tok.dir);
  });

  it('signs: the caller sees pinpad start then end around the reader login, no PIN asked; openssl verifies', async () => {
    shim.set({ pinpad: true, pinpad_pin: tok.pin });
    const pins = recordingPins(shim);
    const host = TokenHostClient.start(pins, env);
    try {
      const signer = await open(host);
      assert.deepEqual(pins.seen.log, ['start user ok', 'end user after-login']);
      assert.deepEqual(pins.seen.requests.map((r) => [r.tokenLabel, r.state, r.kind]), [[LABEL, 'ok', 'user']]);
      assert.deepEqual(shim.stats().filter((l) => /^(pinpad|login) /.test(l)), ['pinpad user', 'login user ok']);
      const text = 'Determina n. 12: approvata.\n';
      verify(await signText(signer, text), text);
      await signer.close();
      assert.deepEqual(pins.seen.log, ['start user ok', 'end user after-login'], 'one reader login for the batch');
    } finally {
      await host.close();
    }
  });

  it('Cancel on the reader: the end is still delivered and the error is CANCELLED', async () => {
    shim.set({ pinpad: true, pinpad_cancel: true });
    const pins = recordingPins(shim);
    const host = TokenHostClient.start(pins, env);
    try {
      await assert.rejects(open(host), (e: unknown) => e instanceof SiglaError && e.code === 'CANCELLED');
      assert.deepEqual(pins.seen.log, ['start user ok', 'end user after-login']);
      assert.deepEqual(shim.stats().filter((l) => /^(pinpad|login) /.test(l)), ['login user canceled']);
    } finally {
      await host.close();
    }
  });

  it('a key that asks for the PIN at each signature: one reader prompt per signature (kind context)', async () => {
    shim.set({ pinpad: true, pinpad_pin: tok.pin, always_authenticate: true });
    const pins = recordingPins(shim);
    const host = TokenHostClient.start(pins, env);
    try {
      const signer = await open(host);
      for (const i of [1, 2]) {
        const text = `Ordinanza n. ${i}\n`;
        verify(await signText(signer, text), text);
      }
      await signer.close();
      assert.deepEqual(pins.seen.log, ['start user ok', 'end user after-login', 'start context ok', 'end context after-login', 'start context ok', 'end context after-login']);
    } finally {
      await host.close();
    }
  });

  it('final try: consent is asked before the reader prompt; refused means no reader login at all', async () => {
    shim.set({ pinpad: true, pinpad_pin: '999999', pin_max_tries: 3 });
    const wrong = recordingPins(shim);
    let host = TokenHostClient.start(wrong, env);
    try {
      for (let i = 0; i < 2; i++) await assert.rejects(open(host), (e: unknown) => e instanceof SiglaError && e.code === 'PIN_INCORRECT');
      assert.deepEqual(wrong.seen.log, ['start user ok', 'end user after-login', 'start user countLow', 'end user after-login']);
    } finally {
      await host.close();
    }
    const refusing = recordingPins(shim, { consent: false });
    host = TokenHostClient.start(refusing, env);
    try {
      const logins = (): string[] => shim.stats().filter((l) => /^(pinpad|login) /.test(l));
      const before = logins().length;
      await assert.rejects(open(host), (e: unknown) => e instanceof SiglaError && e.code === 'PIN_FINAL_TRY_REFUSED');
      assert.deepEqual(refusing.seen.log, ['confirm finalTry']);
      assert.equal(logins().length, before, 'no C_Login without consent');
    } finally {
      await host.close();
    }
    shim.set({ pinpad_pin: tok.pin });
    const consenting = recordingPins(shim, { consent: true });
    host = TokenHostClient.start(consenting, env);
    try {
      const signer = await open(host);
      await signer.close();
      assert.deepEqual(consenting.seen.log, ['confirm finalTry', 'start user finalTry', 'end user after-login']);
    } finally {
      await host.close();
    }
  });

  it('CLI: says on stderr to type the PIN on the reader (once per login), reads nothing from stdin', () => {
    shim.set({ pinpad: true, pinpad_pin: tok.pin });
    const dir = join(pki.dir, 'cli');
    mkdirSync(dir, { recursive: true });
    const input = join(dir, 'nota.txt');
    writeFileSync(input, 'Nota interna.\n');
    const r = sigla(['sign', input, '--module', SHIM_PATH, '--token', LABEL, '--out-dir', dir, '--lang', 'it'], { input: '', env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.split(`Digita il PIN sul lettore di "${LABEL}"`).length - 1, 1, r.stderr);
    assert.match(r.stderr, /tasto Annulla del lettore/);
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'nota.txt.p7m'), '-CAfile', pki.rootPem, '-purpose', 'any']);
    assert.equal(v.status, 0, v.stderr);
    shim.set({ pinpad_cancel: true });
    const en = sigla(['sign', input, '--module', SHIM_PATH, '--token', LABEL, '--out-dir', join(dir, 'x'), '--lang', 'en'], { input: '', env });
    assert.notEqual(en.status, 0);
    assert.match(en.stderr, new RegExp(`Type the PIN on the reader of "${LABEL}"`));
  });
});
