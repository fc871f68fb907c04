/**
 * The PKCS#11 fault-injection shim (native/) in front of a SoftHSM2 token. It is judged first by pkcs11-tool
 * (OpenSC), a client independent of Sigla, then, for what needs one long-lived process (removal while a session is
 * open, slot events, context-specific logins), by pkcs11js driving the shim directly in this process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as pkcs11 from 'pkcs11js';
import { tool } from '../helpers/cli.js';
import { hasShim, SHIM_PATH, ShimControl } from '../helpers/shim.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = !hasSoftHsm() ? 'SoftHSM2 or pkcs11-tool not installed' : !hasShim() ? 'shim not built (npm run build:native)' : false;

// PKCS#11 v2.40 §3.2 / §3.3 values pkcs11js does not export.
const CKF_TOKEN_PRESENT = 0x1;
const CKS_RO_PUBLIC_SESSION = 0;
const CKS_RW_PUBLIC_SESSION = 2;

describe('PKCS#11 fault-injection shim', { skip }, () => {
  let pki: TestPki;
  let token: TestToken;
  let ctl: ShimControl;
  let dir: string;
  let data: string;
  let sigOut: string;

  before(() => {
    pki = makeTestPki();
    token = makeTestToken({ label: 'SHIM-TEST', identities: [pki.signer] });
    ctl = new ShimControl();
    dir = mkdtempSync(join(tmpdir(), 'sigla-shim-test-'));
    data = join(dir, 'data.txt');
    sigOut = join(dir, 'data.sig');
    writeFileSync(data, 'to be signed through the shim\n');
  });
  after(() => {
    ctl.cleanup();
    cleanup(pki.dir, token.dir, dir);
  });
  beforeEach(() => {
    ctl.reset();
    rmSync(sigOut, { force: true });
  });

  const verifies = (sig: Buffer): boolean => verify('sha256', readFileSync(data), readFileSync(pki.signer.certPem, 'utf8'), sig);

  describe('seen by pkcs11-tool', () => {
    const p11 = (args: readonly string[]) => tool('pkcs11-tool', ['--module', SHIM_PATH, ...args], ctl.env(token.env));
    const login = (): string[] => ['--login', '--pin', token.pin];
    const sign = () => p11([...login(), '--sign', '-m', 'SHA256-RSA-PKCS', '--id', pki.signer.id, '-i', data, '-o', sigOut]);
    /** The "token flags" line of `pkcs11-tool -L` for our token. */
    const flags = (): string => {
      const r = p11(['-L']);
      assert.equal(r.status, 0, r.stderr);
      return /token flags\s*:\s*(.*)/.exec(r.stdout)?.[1] ?? '';
    };
    const logins = (): string[] => ctl.stats().filter((l) => l.startsWith('login '));

    it('passes slot, token and object listings through unchanged', () => {
      for (const args of [['-L'], ['-O', ...login()], ['-M']]) {
        const direct = tool('pkcs11-tool', ['--module', token.module, ...args], token.env);
        const shimmed = p11(args);
        assert.equal(direct.status, 0, direct.stderr);
        assert.equal(shimmed.status, 0, shimmed.stderr);
        // compared object by object: the order is SoftHSM2's enumeration order, not something the shim promises
        const blocks = (out: string): string[] => out.split(/\n(?=\S)/).sort();
        assert.deepEqual(blocks(shimmed.stdout), blocks(direct.stdout), `pkcs11-tool ${args.join(' ')}`);
      }
      assert.match(p11(['-L']).stdout, /token label\s*:\s*SHIM-TEST/);
    });

    it('signs through the shim; the signature verifies and is counted across processes', () => {
      const r = sign();
      assert.equal(r.status, 0, r.stderr);
      assert.equal(verifies(readFileSync(sigOut)), true);
      assert.deepEqual(ctl.stats(), ['login user ok', 'sign ok']);
      assert.equal(sign().status, 0);
      assert.equal(ctl.signCount(), 2);
    });

    it('present=0 hides the token, present=1 brings it back', () => {
      ctl.set({ present: false });
      const l = p11(['-L']);
      assert.equal(l.status, 0, l.stderr);
      assert.doesNotMatch(l.stdout, /SHIM-TEST/);
      assert.match(l.stdout, /\(empty\)/);
      const o = p11(['-O', ...login()]);
      assert.notEqual(o.status, 0);
      assert.match(o.stderr, /No slot with a token was found/);
      assert.deepEqual(logins(), [], 'no login reached the token');
      ctl.set({ present: true });
      assert.match(p11(['-L']).stdout, /token label\s*:\s*SHIM-TEST/);
    });

    it('remove_after_signs=1: the signature is made, then the token is gone for that process only', () => {
      ctl.set({ remove_after_signs: 1 });
      const r = sign();
      assert.equal(verifies(readFileSync(sigOut)), true, 'the first signature is complete');
      // pkcs11-tool closes its session after signing: that session died with the token.
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /C_CloseSession.*CKR_DEVICE_REMOVED/);
      assert.deepEqual(ctl.stats(), ['login user ok', 'sign ok', 'removed after 1 signatures', 'presence 0']);
      assert.match(p11(['-L']).stdout, /token label\s*:\s*SHIM-TEST/, 'a new process has its own count');
    });

    it('pin_max_tries=3: count low, final try, locked; then the right PIN is refused without reaching the token', () => {
      ctl.set({ pin_max_tries: 3 });
      assert.doesNotMatch(flags(), /user PIN count low|final user PIN try|user PIN locked/);
      const wrong = () => p11(['-O', '--login', '--pin', '000000']);
      assert.match(wrong().stderr, /CKR_PIN_INCORRECT/);
      assert.match(flags(), /user PIN count low/);
      assert.doesNotMatch(flags(), /final user PIN try|user PIN locked/);
      assert.match(wrong().stderr, /CKR_PIN_INCORRECT/);
      assert.match(flags(), /user PIN count low.*final user PIN try/);
      assert.match(wrong().stderr, /CKR_PIN_INCORRECT/);
      assert.match(flags(), /user PIN locked/);
      assert.doesNotMatch(flags(), /final user PIN try/);
      const right = p11(['-O', ...login()]);
      assert.notEqual(right.status, 0);
      assert.match(right.stderr, /CKR_PIN_LOCKED/);
      assert.deepEqual(logins(), ['login user incorrect', 'login user incorrect', 'login user incorrect', 'login user locked']);
      assert.deepEqual(ctl.pinFailures(), { user: 3, so: 0 });

      // The SO sets a new user PIN (C_InitPIN): that unblocks it.
      const unblock = p11(['--login', '--login-type', 'so', '--so-pin', token.soPin, '--init-pin', '--new-pin', token.pin]);
      assert.equal(unblock.status, 0, unblock.stderr);
      assert.doesNotMatch(flags(), /user PIN count low|final user PIN try|user PIN locked/);
      assert.equal(p11(['-O', ...login()]).status, 0);
      assert.deepEqual(ctl.pinFailures(), { user: 0, so: 0 });
    });

    it('so_pin_max_tries=2 locks the SO PIN (a blocked PUK)', () => {
      ctl.set({ so_pin_max_tries: 2 });
      const so = (pin: string) => p11(['--login', '--login-type', 'so', '--so-pin', pin, '--init-pin', '--new-pin', token.pin]);
      assert.match(so('00000000').stderr, /CKR_PIN_INCORRECT/);
      assert.match(flags(), /SO PIN count low.*final SO PIN try/);
      assert.match(so('00000000').stderr, /CKR_PIN_INCORRECT/);
      assert.match(flags(), /SO PIN locked/);
      assert.match(so(token.soPin).stderr, /CKR_PIN_LOCKED/);
      assert.deepEqual(logins(), ['login so incorrect', 'login so incorrect', 'login so locked']);
    });

    it('pinpad=1: "PIN pad present"; a login without PIN uses the PIN typed on the reader, or is cancelled', () => {
      ctl.set({ pinpad: true, pinpad_pin: token.pin });
      assert.match(flags(), /PIN pad present/);
      const o = p11(['-O', '--login']);
      assert.equal(o.status, 0, o.stderr);
      assert.match(o.stdout, /Private Key Object/);
      assert.deepEqual(ctl.stats(), ['pinpad user', 'login user ok']);

      ctl.set({ pinpad_cancel: true });
      const c = p11(['-O', '--login']);
      assert.notEqual(c.status, 0);
      assert.match(c.stderr, /CKR_FUNCTION_CANCELED/);

      ctl.set({ pinpad_cancel: false, pinpad_pin: '999999' });
      assert.match(p11(['-O', '--login']).stderr, /CKR_PIN_INCORRECT/);
    });

    it('device_error=C_Login fails the login without reaching the token', () => {
      ctl.set({ device_error: ['C_Login'] });
      const r = p11(['-O', ...login()]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /C_Login.*CKR_DEVICE_ERROR/);
      assert.deepEqual(ctl.stats(), ['device_error C_Login']);
    });

    it('device_error=C_Sign,C_SignFinal makes pkcs11-tool\'s signature fail', () => {
      ctl.set({ device_error: ['C_Sign', 'C_SignFinal'] });
      const r = sign();
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /CKR_DEVICE_ERROR/);
      assert.equal(existsSync(sigOut) && readFileSync(sigOut).length > 0, false);
      assert.equal(ctl.signCount(), 0);
    });

    it('device_error=C_Sign alone: pkcs11-tool retries multi-part, which works because the shim ended the operation', () => {
      // OpenSC's sign_data() falls back to C_SignInit + C_SignUpdate + C_SignFinal when C_Sign fails; the second
      // C_SignInit would get CKR_OPERATION_ACTIVE from SoftHSM2 had the shim left the first operation open.
      ctl.set({ device_error: ['C_Sign'] });
      const r = sign();
      assert.equal(r.status, 0, r.stderr);
      assert.equal(verifies(readFileSync(sigOut)), true);
      assert.deepEqual(ctl.stats(), ['login user ok', 'device_error C_Sign', 'sign ok']);
    });

    it('always_authenticate=1: the private key is "always authenticate" and the PIN is given again to sign', () => {
      ctl.set({ always_authenticate: true });
      const o = p11(['-O', ...login()]);
      assert.equal(o.status, 0, o.stderr);
      // One block per object, in whatever order SoftHSM2 enumerates them; each starts at a line without indent.
      const blocks = o.stdout.split(/\n(?=\S)/);
      const access = (kind: string): string | undefined => blocks.find((b) => b.startsWith(kind))?.match(/Access:\s*(.*)/)?.[1];
      assert.equal(access('Private Key Object'), 'always authenticate, sensitive');
      assert.equal(access('Public Key Object'), 'none');

      ctl.reset().set({ always_authenticate: true });
      const r = sign();
      assert.equal(r.status, 0, r.stderr);
      assert.equal(verifies(readFileSync(sigOut)), true);
      assert.deepEqual(ctl.stats(), ['login user ok', 'login context ok', 'sign ok']);
    });

    it('latency_ms delays C_Login', () => {
      ctl.set({ latency_ms: 600, latency_fns: ['C_Login'] });
      const t0 = process.hrtime.bigint();
      assert.equal(p11(['-O', ...login()]).status, 0);
      assert.ok(process.hrtime.bigint() - t0 >= 600_000_000n);
    });
  });

  describe('in one process (pkcs11js)', () => {
    const saved: Record<string, string | undefined> = {};
    before(() => {
      for (const k of ['SOFTHSM2_CONF', 'SIGLA_SHIM_CONTROL', 'SIGLA_SHIM_MODULE']) saved[k] = process.env[k];
      process.env['SOFTHSM2_CONF'] = token.confPath;
      process.env['SIGLA_SHIM_CONTROL'] = ctl.controlPath;
      delete process.env['SIGLA_SHIM_MODULE'];
    });
    after(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

    interface Shim {
      p: pkcs11.PKCS11;
      slot: Buffer;
      open(): Buffer;
      key(session: Buffer): Buffer;
      sign(session: Buffer, key: Buffer): Buffer;
    }

    /** Loads the shim afresh (its per-process state goes with dlclose), runs `body`, finalises and unloads. */
    const withShim = (body: (s: Shim) => void): void => {
      const p = new pkcs11.PKCS11();
      p.load(SHIM_PATH);
      try {
        p.C_Initialize();
        try {
          const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === token.label);
          assert.ok(slot, 'token slot');
          const open = (): Buffer => p.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
          const key = (session: Buffer): Buffer => {
            p.C_FindObjectsInit(session, [{ type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PRIVATE_KEY }, { type: pkcs11.CKA_ID, value: Buffer.from(pki.signer.id, 'hex') }]);
            const [k] = p.C_FindObjects(session, 1);
            p.C_FindObjectsFinal(session);
            assert.ok(k, 'private key');
            return k;
          };
          const sign = (session: Buffer, k: Buffer): Buffer => {
            p.C_SignInit(session, { mechanism: pkcs11.CKM_SHA256_RSA_PKCS }, k);
            return p.C_Sign(session, readFileSync(data), Buffer.alloc(512));
          };
          body({ p, slot, open, key, sign });
        } finally {
          p.C_Finalize();
        }
      } finally {
        p.close();
      }
    };
    const ckr = (name: string) => ({ message: name });

    it('a token pulled out while the application runs: CKR_DEVICE_REMOVED, a slot event, stale sessions', () => {
      withShim(({ p, slot, open, key, sign }) => {
        const session = open();
        p.C_Login(session, pkcs11.CKU_USER, token.pin);
        const k = key(session);
        assert.equal(verifies(sign(session, k)), true);
        assert.equal(p.C_WaitForSlotEvent(pkcs11.CKF_DONT_BLOCK), null, 'no event before a change');

        ctl.set({ present: false });
        assert.throws(() => p.C_SignInit(session, { mechanism: pkcs11.CKM_SHA256_RSA_PKCS }, k), ckr('CKR_DEVICE_REMOVED'));
        assert.deepEqual(p.C_WaitForSlotEvent(pkcs11.CKF_DONT_BLOCK), slot);
        assert.equal(p.C_WaitForSlotEvent(pkcs11.CKF_DONT_BLOCK), null, 'one event per change');
        assert.deepEqual(p.C_GetSlotList(true), []);
        assert.equal(p.C_GetSlotInfo(slot).flags & CKF_TOKEN_PRESENT, 0);
        assert.throws(() => p.C_GetTokenInfo(slot), ckr('CKR_TOKEN_NOT_PRESENT'));
        assert.throws(() => open(), ckr('CKR_TOKEN_NOT_PRESENT'));

        ctl.set({ present: true });
        assert.deepEqual(p.C_WaitForSlotEvent(pkcs11.CKF_DONT_BLOCK), slot);
        assert.notEqual(p.C_GetSlotInfo(slot).flags & CKF_TOKEN_PRESENT, 0);
        assert.throws(() => p.C_GetSessionInfo(session), ckr('CKR_SESSION_HANDLE_INVALID'), 'the old session died with the removal');
        const again = open();
        assert.ok([CKS_RO_PUBLIC_SESSION, CKS_RW_PUBLIC_SESSION].includes(p.C_GetSessionInfo(again).state), 'logged out by the removal');
        p.C_Login(again, pkcs11.CKU_USER, token.pin);
        assert.equal(verifies(sign(again, key(again))), true);
      });
      assert.deepEqual(ctl.stats(), ['login user ok', 'sign ok', 'presence 0', 'presence 1', 'login user ok', 'sign ok']);
    });

    it('remove_after_signs=2: two signatures, then the token stays gone in that process', () => {
      ctl.set({ remove_after_signs: 2 });
      withShim(({ p, open, key, sign }) => {
        const session = open();
        p.C_Login(session, pkcs11.CKU_USER, token.pin);
        const k = key(session);
        sign(session, k);
        sign(session, k);
        assert.throws(() => sign(session, k), ckr('CKR_DEVICE_REMOVED'));
        ctl.unset('remove_after_signs').set({ present: true });
        assert.deepEqual(p.C_GetSlotList(true), [], 'still absent');
      });
      assert.equal(ctl.signCount(), 2);
    });

    it('always_authenticate=1: C_Sign needs C_Login(CKU_CONTEXT_SPECIFIC) with the login PIN after each C_SignInit', () => {
      ctl.set({ always_authenticate: true, pin_max_tries: 3 });
      withShim(({ p, open, key }) => {
        const session = open();
        p.C_Login(session, pkcs11.CKU_USER, token.pin);
        const k = key(session);
        const [attr] = p.C_GetAttributeValue(session, k, [{ type: pkcs11.CKA_ALWAYS_AUTHENTICATE }]);
        assert.deepEqual(attr?.value, Buffer.from([1]));
        const mech = { mechanism: pkcs11.CKM_SHA256_RSA_PKCS };
        const toSign = readFileSync(data);

        assert.throws(() => p.C_Login(session, pkcs11.CKU_CONTEXT_SPECIFIC, token.pin), ckr('CKR_OPERATION_NOT_INITIALIZED'));
        p.C_SignInit(session, mech, k);
        assert.throws(() => p.C_Sign(session, toSign, Buffer.alloc(512)), ckr('CKR_USER_NOT_LOGGED_IN'));
        p.C_SignInit(session, mech, k); // the refused C_Sign ended the operation
        assert.throws(() => p.C_Login(session, pkcs11.CKU_CONTEXT_SPECIFIC, '654321'), ckr('CKR_PIN_INCORRECT'));
        assert.deepEqual(ctl.pinFailures(), { user: 1, so: 0 }, 'a wrong context PIN costs a try');
        p.C_Login(session, pkcs11.CKU_CONTEXT_SPECIFIC, token.pin);
        assert.equal(verifies(p.C_Sign(session, toSign, Buffer.alloc(512))), true);
        assert.deepEqual(ctl.pinFailures(), { user: 0, so: 0 });

        p.C_SignInit(session, mech, k);
        assert.throws(() => p.C_Sign(session, toSign, Buffer.alloc(512)), ckr('CKR_USER_NOT_LOGGED_IN'), 'once per signature');
      });
      assert.deepEqual(ctl.stats(), [
        'login user ok',
        'login context rv=0x91',
        'sign denied (no context login)',
        'login context incorrect',
        'login context ok',
        'sign ok',
        'sign denied (no context login)',
      ]);
    });

    it('device_error_after=2: two good C_Sign, then CKR_DEVICE_ERROR, and the session stays usable', () => {
      ctl.set({ device_error: ['C_Sign'], device_error_after: 2 });
      withShim(({ p, open, key, sign }) => {
        const session = open();
        p.C_Login(session, pkcs11.CKU_USER, token.pin);
        const k = key(session);
        assert.equal(verifies(sign(session, k)), true);
        assert.equal(verifies(sign(session, k)), true);
        assert.throws(() => sign(session, k), ckr('CKR_DEVICE_ERROR'));
        assert.throws(() => sign(session, k), ckr('CKR_DEVICE_ERROR'), 'C_SignInit is not refused with CKR_OPERATION_ACTIVE');
        ctl.unset('device_error');
        assert.equal(verifies(sign(session, k)), true);
      });
    });

    it('C_WaitForSlotEvent without CKF_DONT_BLOCK waits until the control file changes', async () => {
      // pkcs11js's C_WaitForSlotEvent blocks this thread, so another process edits the control file meanwhile.
      let exited: Promise<void> = Promise.resolve();
      withShim(({ p, slot }) => {
        const later = `setTimeout(() => require('node:fs').writeFileSync(${JSON.stringify(ctl.controlPath)}, 'present=0\\n'), 400)`;
        const child = spawn(process.execPath, ['-e', later], { stdio: 'ignore' });
        exited = new Promise((resolve) => child.on('exit', () => resolve()));
        const t0 = Date.now();
        assert.deepEqual(p.C_WaitForSlotEvent(0), slot);
        assert.ok(Date.now() - t0 >= 300, 'it waited for the change');
      });
      await exited;
    });
  });
});
