/**
 * What real tokens do and SoftHSM2 cannot: a token pulled mid-batch, device errors, CKA_ALWAYS_AUTHENTICATE keys,
 * pinpad readers, a BusinessKey-style PIN counter with keys present, hot-plug. The native pass-through shim
 * (native/) injects these in front of SoftHSM2; outputs are judged by openssl, the token's log by the shim's stats.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppService } from '../../electron/app/AppService.js';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SIGLA, sigla, tool } from '../helpers/cli.js';
import { hasShim, SHIM_PATH, ShimControl } from '../helpers/shim.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = !hasSoftHsm() ? 'SoftHSM2 not installed' : !hasShim() ? 'native shim not built' : false;
const LABEL = 'Shim Token';

describe('token faults through the native shim', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let shim: ShimControl;
  let env: NodeJS.ProcessEnv;
  let n = 0;

  const files = (count: number): { dir: string; inputs: string[]; out: string } => {
    const dir = join(pki.dir, `batch${++n}`);
    const out = join(dir, 'out');
    mkdirSync(out, { recursive: true });
    const inputs = Array.from({ length: count }, (_, i) => {
      const f = join(dir, `delibera-${i + 1}.txt`);
      writeFileSync(f, `Delibera n. ${i + 1}\n`.repeat(100 * (i + 1)));
      return f;
    });
    return { dir, inputs, out };
  };
  const sign = (inputs: string[], out: string, stdin: string, ...extra: string[]) =>
    sigla(['sign', ...inputs, '--module', SHIM_PATH, '--token', LABEL, '--pin-stdin', '--out-dir', out, '--lang', 'en', ...extra], { input: stdin, env });
  const verifies = (p7m: string, original: string): boolean => {
    const r = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7m, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', `${p7m}.content`]);
    return r.status === 0 && tool('cmp', [`${p7m}.content`, original]).status === 0;
  };
  const loginLines = (): string[] => shim.stats().filter((l) => l.startsWith('login '));

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

  it('token pulled mid-batch: finished files complete and valid, the current one leaves nothing, TOKEN_REMOVED names what was done', () => {
    const { inputs, out } = files(4);
    shim.set({ remove_after_signs: 2 });
    const r = sign(inputs, out, `${tok.pin}\n`);
    assert.equal(r.status, 5, r.stderr);
    assert.match(r.stderr, /The token was removed/);
    assert.match(r.stderr, /Signing stopped: .*\n {2}Signed and complete: .*delibera-1\.txt\.p7m, .*delibera-2\.txt\.p7m\n {2}Not signed: .*delibera-3\.txt, .*delibera-4\.txt/);
    // Only the two finished outputs exist: no partial file, no temp file.
    assert.deepEqual(readdirSync(out).sort(), ['delibera-1.txt.p7m', 'delibera-2.txt.p7m']);
    for (const i of [0, 1]) assert.ok(verifies(join(out, `delibera-${i + 1}.txt.p7m`), inputs[i] ?? ''), `output ${i + 1} verifies with openssl`);
    assert.equal(shim.signCount(), 2);
  });

  it('token pulled mid-batch: the app stops at the same document as the CLI, with the same codes and outputs (one pipeline)', async () => {
    const decision = (rows: { ok: boolean; code?: string; output?: string }[]): string[] => rows.map((r) => (r.ok ? `ok ${r.output ?? ''}` : (r.code ?? '')));
    // The CLI, --json: the outcome of a batch cut short lists every file.
    const cli = files(4);
    shim.set({ remove_after_signs: 2 });
    const r = sign(cli.inputs, cli.out, `${tok.pin}\n`, '--json');
    assert.equal(r.status, 5, r.stderr);
    const cliRows = (JSON.parse(r.stdout) as { results: { ok: boolean; output?: string; error?: { code: string } }[] }).results.map((x) => ({ ok: x.ok, ...(x.error ? { code: x.error.code } : {}), ...(x.output ? { output: basename(x.output) } : {}) }));
    // The app, same documents, same token and fault.
    shim.reset().set({ remove_after_signs: 2 });
    const appDocs = files(4);
    const data = mkdtempSync(join(tmpdir(), 'sigla-shim-app-'));
    const app: AppService = new AppService({
      version: 't',
      lang: 'en',
      pick: async () => [],
      emit: (event, payload) => {
        if (event === 'pin:request') void app.dispatch('pin:respond', { requestId: (payload as { requestId: number }).requestId, pin: tok.pin });
      },
      env: { ...env, SIGLA_MODULE: SHIM_PATH, SIGLA_DATA_DIR: data },
    });
    let appRows: { ok: boolean; code?: string; output?: string }[];
    try {
      const res = await app.dispatch('sign:run', { items: appDocs.inputs.map((f) => ({ document: app.documents.register(f).id, format: 'cades' as const })) });
      assert.ok(res.ok, JSON.stringify(res));
      appRows = (res.value as { ok: boolean; output?: { name: string }; error?: { code: string } }[]).map((x) => ({ ok: x.ok, ...(x.error ? { code: x.error.code } : {}), ...(x.output ? { output: x.output.name } : {}) }));
    } finally {
      await app.close();
      cleanup(data);
    }
    const expected = ['ok delibera-1.txt.p7m', 'ok delibera-2.txt.p7m', 'TOKEN_REMOVED', 'NOT_ATTEMPTED'];
    assert.deepEqual(decision(cliRows), expected);
    assert.deepEqual(decision(appRows), expected);
    for (const i of [0, 1]) assert.ok(verifies(join(appDocs.dir, `delibera-${i + 1}.txt.p7m`), appDocs.inputs[i] ?? ''));
    assert.ok(!existsSync(join(appDocs.dir, 'delibera-3.txt.p7m')));
  });

  it('CKR_DEVICE_ERROR on C_Sign: DEVICE_ERROR with the CKR value and function, no output', () => {
    const { inputs, out } = files(2);
    shim.set({ device_error: ['C_Sign'] });
    const r = sign(inputs, out, `${tok.pin}\n`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /Signing device error\. \[C_Sign: 0x00000030\]/);
    assert.deepEqual(readdirSync(out), []);
  });

  it('CKA_ALWAYS_AUTHENTICATE: one context login per signature, each with its own PIN line, never a replayed PIN', () => {
    const { inputs, out } = files(2);
    shim.set({ always_authenticate: true });
    let r = sign(inputs, out, `${tok.pin}\n${tok.pin}\n${tok.pin}\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(loginLines(), ['login user ok', 'login context ok', 'login context ok']);
    for (const [i, f] of inputs.entries()) assert.ok(verifies(join(out, `delibera-${i + 1}.txt.p7m`), f));

    // One line only: the batch PIN is not reused for the per-signature login.
    shim.reset().set({ always_authenticate: true });
    const second = files(2);
    r = sign(second.inputs, second.out, `${tok.pin}\n`);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no PIN on standard input for this signature/);
    assert.deepEqual(loginLines(), ['login user ok']);
    assert.deepEqual(readdirSync(second.out), []);
  });

  it('pinpad reader: shown as such, login with a null PIN, nothing read from stdin', () => {
    shim.set({ pinpad: true, pinpad_pin: tok.pin });
    const t = sigla(['tokens', '--module', SHIM_PATH, '--json'], { env });
    assert.equal(t.status, 0, t.stderr);
    assert.equal((JSON.parse(t.stdout) as { pinpad: boolean }[])[0]?.pinpad, true);
    const { inputs, out } = files(1);
    const r = sigla(['sign', ...inputs, '--module', SHIM_PATH, '--token', LABEL, '--out-dir', out], { input: '', env });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(shim.stats().includes('pinpad user'));
    assert.ok(verifies(join(out, 'delibera-1.txt.p7m'), inputs[0] ?? ''));
    // The user cancels on the reader.
    shim.set({ pinpad_cancel: true });
    const c = files(1);
    const rc = sigla(['sign', ...c.inputs, '--module', SHIM_PATH, '--token', LABEL, '--out-dir', c.out, '--lang', 'en'], { input: '', env });
    assert.equal(rc.status, 11, rc.stderr);
    assert.deepEqual(readdirSync(c.out), []);
  });

  it('BusinessKey-style counter with keys present: countLow, finalTry needs consent, locked is never tried', () => {
    shim.set({ pin_max_tries: 3 });
    const { inputs, out } = files(1);
    const state = (): string => (JSON.parse(sigla(['tokens', '--module', SHIM_PATH, '--json'], { env }).stdout) as { userPin: string }[])[0]?.userPin ?? '?';
    assert.equal(sign(inputs, out, 'wrong-pin\n').status, 3);
    assert.equal(state(), 'countLow');
    assert.equal(sign(inputs, out, 'wrong-pin\n').status, 3);
    assert.equal(state(), 'finalTry');
    const before = loginLines().length;
    let r = sign(inputs, out, `${tok.pin}\n`);
    assert.equal(r.status, 12, r.stderr);
    assert.equal(loginLines().length, before, 'no C_Login without consent');
    r = sign(inputs, out, 'wrong-pin\n', '--allow-final-try');
    assert.equal(r.status, 3, r.stderr);
    assert.equal(state(), 'locked');
    const locked = loginLines().length;
    r = sign(inputs, out, `${tok.pin}\n`);
    assert.equal(r.status, 4, r.stderr);
    assert.equal(loginLines().length, locked, 'no C_Login on a locked PIN');
    assert.deepEqual(readdirSync(out), []);
    assert.ok(!r.stdout.includes(tok.pin) && !r.stderr.includes(tok.pin));
  });

  it('sigla watch prints removal and insertion', async () => {
    const child = spawn(process.execPath, [SIGLA, 'watch', '--module', SHIM_PATH, '--json', '--interval', '150'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const events: { type: string; token: { label: string } }[] = [];
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        events.push(JSON.parse(buf.slice(0, nl)) as { type: string; token: { label: string } });
        buf = buf.slice(nl + 1);
      }
    });
    const waitFor = async (type: string, count: number): Promise<void> => {
      const end = Date.now() + 10_000;
      while (events.filter((e) => e.type === type).length < count) {
        if (Date.now() > end) throw new Error(`no ${type} event; got ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor('present', 1);
      shim.set({ present: false });
      await waitFor('removed', 1);
      shim.set({ present: true });
      await waitFor('inserted', 1);
      assert.deepEqual(events.map((e) => [e.type, e.token.label]), [['present', LABEL], ['removed', LABEL], ['inserted', LABEL]]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    assert.ok(existsSync(SHIM_PATH));
  });
});
