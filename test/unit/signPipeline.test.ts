/**
 * The signing pipeline shared by `sigla sign` and the app (electron/io/signing): one rule for output names (the CLI
 * refuses a taken name, the app takes the next free one, both name the same way otherwise), one list of errors that
 * stop a batch, one per-document dispatch. Signatures are checked with openssl; a key that fails mid-batch is a real
 * PKCS#12 key behind a signer that throws the token's coded error from its n-th signature on.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RequestNotSigned, type RawSigner } from '../../electron/core/signer/RawSigner.js';
import { BATCH_STOPPING_CODES, stopsBatch } from '../../electron/io/signing/batchStop.js';
import { checkBeforeSigning, outcomeCode, runSignBatch, type SignEvent } from '../../electron/io/signing/runSignBatch.js';
import { planSign, type SignRequest } from '../../electron/io/signing/signRequest.js';
import { Pkcs12Signer } from '../../electron/softkey/Pkcs12Signer.js';
import { SiglaError, type ErrorCode } from '../../electron/shared/errors.js';
import { tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

/** A real key that fails with `code` from its `from`-th signature on (as a token pulled mid-batch does). */
function failingFrom(signer: RawSigner, from: number, code: ErrorCode): RawSigner & { calls: number } {
  const s = {
    certificate: signer.certificate,
    chain: signer.chain,
    keyAlgorithm: signer.keyAlgorithm,
    calls: 0,
    async sign(req: Parameters<RawSigner['sign']>[0]): Promise<Uint8Array> {
      s.calls++;
      if (s.calls >= from) throw new SiglaError(code, `injected ${code}`);
      return signer.sign(req);
    },
  };
  return s;
}

/**
 * A real key behind a pipelined signer as the token host's is (HostSigner): requests made in one turn are answered
 * together, in order, a group of `group` at a time; from the first failure of a group on (`failAt(n)` for the n-th
 * signature, 1-based, returns a code), the rest of that group is RequestNotSigned. Records the requests in flight.
 */
function pipelinedKey(signer: RawSigner, group: number, failAt: (n: number) => ErrorCode | undefined) {
  const waiting: { req: Parameters<RawSigner['sign']>[0]; resolve(v: Uint8Array): void; reject(e: unknown): void }[] = [];
  const s = {
    certificate: signer.certificate,
    chain: signer.chain,
    keyAlgorithm: signer.keyAlgorithm,
    pipelined: true,
    attempts: 0,
    maxWaiting: 0,
    groups: [] as number[],
    sign(req: Parameters<RawSigner['sign']>[0]): Promise<Uint8Array> {
      return new Promise<Uint8Array>((resolve, reject) => {
        waiting.push({ req, resolve, reject });
        s.maxWaiting = Math.max(s.maxWaiting, waiting.length);
        if (waiting.length === 1) setImmediate(send);
      });
    },
  };
  const send = async (): Promise<void> => {
    const all = waiting.splice(0);
    for (let i = 0; i < all.length; i += group) {
      const g = all.slice(i, i + group);
      s.groups.push(g.length);
      let failed = false;
      for (const w of g) {
        if (failed) {
          w.reject(new RequestNotSigned());
          continue;
        }
        s.attempts++;
        const code = failAt(s.attempts);
        if (code) {
          failed = true;
          w.reject(new SiglaError(code, `injected ${code}`));
        } else {
          w.resolve(await signer.sign(w.req));
        }
      }
    }
  };
  return s;
}

const cades = (dir: string, names: readonly string[], extra: Partial<SignRequest> = {}): SignRequest => ({
  items: names.map((n) => ({ input: join(dir, n), format: n.endsWith('.pdf') ? ('pades' as const) : ('cades' as const) })),
  detached: false,
  digest: 'sha256',
  existing: 'refuse',
  ...extra,
});

describe('signing pipeline (io/signing)', () => {
  let pki: TestPki;
  let dir: string;
  let key: RawSigner;

  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-pipeline-'));
    key = Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password));
    for (const n of ['a', 'b', 'c', 'd']) writeFileSync(join(dir, `${n}.txt`), `documento ${n}\n`);
  });
  after(() => cleanup(pki.dir, dir));

  it('names outputs by one rule for the CLI and the app: the same names while they are free', () => {
    writeFileSync(join(dir, 'firmato.txt.p7m'), 'not opened by the planner');
    const names = ['a.txt', 'firmato.txt.p7m', 'determina.pdf', 'x.p7s'];
    const cli = planSign(cades(dir, names), () => false);
    const app = planSign({ ...cades(dir, names), existing: 'nextFree' }, () => false);
    const expected = [
      ['new', 'a.txt.p7m'],
      ['parallel', 'firmato-cofirma.txt.p7m'],
      ['pades', 'determina-firmato.pdf'],
      ['parallel', 'x-cofirma.p7s'],
    ];
    for (const plan of [cli, app]) assert.deepEqual(plan.jobs.map((j) => [j.mode, j.output.slice(dir.length + 1)]), expected);
    // Both refuse a mode that needs a signature on a document that is none (USAGE, before any PIN).
    for (const existing of ['refuse', 'nextFree'] as const) {
      assert.throws(() => planSign(cades(dir, ['a.txt'], { mode: 'countersign', existing }), () => false), (e: SiglaError) => e.code === 'USAGE');
    }
    const nested = planSign(cades(dir, ['firmato.txt.p7m', 'b.txt'], { mode: 'nested', detached: true }), () => false);
    assert.deepEqual(nested.jobs.map((j) => [j.mode, j.detached, j.output.slice(dir.length + 1)]), [
      ['nested', false, 'firmato.txt.p7m.p7m'],
      ['new', true, 'b.txt.p7s'],
    ]);
  });

  it('a taken name: the CLI refuses it (exit 9) before signing, the app takes the next free one; twice in one batch: USAGE vs next free', () => {
    writeFileSync(join(dir, 'c.txt.p7m'), 'earlier output');
    const cli = planSign(cades(dir, ['c.txt']));
    assert.throws(() => checkBeforeSigning(cli), (e: SiglaError) => e.code === 'OUTPUT_EXISTS' && e.exitCode === 9);
    const app = planSign({ ...cades(dir, ['c.txt']), existing: 'nextFree' });
    assert.equal(app.jobs[0]?.output, join(dir, 'c (2).txt.p7m'));
    checkBeforeSigning(app);
    assert.throws(() => planSign(cades(dir, ['a.txt', 'a.txt'])), (e: SiglaError) => e.code === 'USAGE');
    assert.deepEqual(
      planSign({ ...cades(dir, ['a.txt', 'a.txt']), existing: 'nextFree' }, () => false).jobs.map((j) => j.output.slice(dir.length + 1)),
      ['a.txt.p7m', 'a (2).txt.p7m'],
    );
    // An output that is an input is refused whatever the policy (OUTPUT_IS_INPUT, exit 2).
    assert.throws(() => checkBeforeSigning(planSign({ ...cades(dir, ['a.txt']), out: join(dir, 'a.txt'), existing: 'replace' })), (e: SiglaError) => e.code === 'OUTPUT_IS_INPUT');
  });

  it('signs a batch: every output verifies with openssl, events in order, one per document', async () => {
    const out = mkdtempSync(join(dir, 'ok-'));
    const events: SignEvent[] = [];
    const r = await runSignBatch(planSign(cades(dir, ['a.txt', 'b.txt'], { outDir: out, digest: 'sha384' })), { signer: key }, { onEvent: (e) => events.push(e) });
    assert.equal(r.stop, undefined);
    assert.deepEqual(events.map((e) => [e.index, e.total, e.outcome.ok, e.stopped]), [
      [0, 2, true, false],
      [1, 2, true, false],
    ]);
    for (const n of ['a', 'b']) {
      const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(out, `${n}.txt.p7m`), '-CAfile', pki.rootPem, '-purpose', 'any']);
      assert.equal(v.status, 0, v.stderr);
      assert.equal(v.stdout, `documento ${n}\n`);
      const dump = tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(out, `${n}.txt.p7m`)]);
      assert.match(dump.stdout, /sha384/);
    }
    assert.deepEqual(readdirSync(out).sort(), ['a.txt.p7m', 'b.txt.p7m']);
  });

  for (const code of BATCH_STOPPING_CODES) {
    it(`${code} stops the batch: earlier outputs stay, the rest are not attempted and leave nothing`, async () => {
      const out = mkdtempSync(join(dir, 'stop-'));
      const signer = failingFrom(key, 2, code);
      const r = await runSignBatch(planSign(cades(dir, ['a.txt', 'b.txt', 'c.txt', 'd.txt'], { outDir: out })), { signer });
      assert.equal(r.stop?.code, code);
      assert.equal(signer.calls, 2, 'no signature is tried after the stop');
      assert.deepEqual(
        r.outcomes.map((o) => (o.ok ? 'ok' : outcomeCode(o))),
        ['ok', code, code === 'CANCELLED' ? 'CANCELLED' : 'NOT_ATTEMPTED', code === 'CANCELLED' ? 'CANCELLED' : 'NOT_ATTEMPTED'],
      );
      assert.deepEqual(readdirSync(out), ['a.txt.p7m']);
    });
  }

  it('an error of one document does not stop the batch (a corrupt .p7m, an unreadable input)', async () => {
    const out = mkdtempSync(join(dir, 'go-on-'));
    writeFileSync(join(dir, 'rotto.p7m'), Buffer.from([0x30, 0x82, 0xff, 0xff, 0x06]));
    assert.equal(stopsBatch({ code: 'INPUT_FORMAT' }), false);
    const r = await runSignBatch(planSign(cades(dir, ['a.txt', 'rotto.p7m', 'b.txt'], { outDir: out })), { signer: key });
    assert.equal(r.stop, undefined);
    const codes = r.outcomes.map((o) => (o.ok ? 'ok' : outcomeCode(o)));
    assert.equal(codes[0], 'ok');
    assert.notEqual(codes[1], 'ok');
    assert.ok(!stopsBatch({ code: codes[1] ?? '' }), codes[1]);
    assert.equal(codes[2], 'ok');
    assert.deepEqual(readdirSync(out).sort(), ['a.txt.p7m', 'b.txt.p7m']);
  });

  describe('a pipelined key (the token host): documents prepared while others are signed', () => {
    const names = Array.from({ length: 10 }, (_, i) => `p${i}.txt`);
    before(() => {
      for (const n of names) writeFileSync(join(dir, n), `pipeline ${n}\n`);
    });
    const verify = (file: string, content: string): void => {
      const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', pki.rootPem, '-purpose', 'any']);
      assert.equal(v.status, 0, v.stderr);
      assert.equal(v.stdout, content);
    };

    it('several requests are in flight at once; outputs, outcomes and events stay in document order and all verify', async () => {
      const out = mkdtempSync(join(dir, 'pipe-'));
      const signer = pipelinedKey(key, 4, () => undefined);
      const events: SignEvent[] = [];
      const committed: string[] = [];
      const r = await runSignBatch(planSign(cades(dir, names, { outDir: out })), { signer }, {
        onEvent: (e) => {
          events.push(e);
          // When a document's event is told, its output is in place and no later one is.
          committed.push(readdirSync(out).filter((f) => !f.startsWith('.')).sort().join(','));
        },
      });
      assert.equal(r.stop, undefined);
      assert.ok(signer.maxWaiting > 1, `requests were sent ahead (at most ${signer.maxWaiting} waiting)`);
      assert.ok(signer.groups.some((g) => g > 1), `requests went in groups: ${signer.groups.join(' ')}`);
      assert.deepEqual(events.map((e) => [e.index, e.outcome.ok]), names.map((_, i) => [i, true]));
      assert.deepEqual(committed, names.map((_, i) => names.slice(0, i + 1).map((n) => `${n}.p7m`).sort().join(',')));
      for (const n of names) verify(join(out, `${n}.p7m`), `pipeline ${n}\n`);
    });

    it('a failure in the middle of a group that stops the batch: earlier outputs stay, the documents prepared ahead leave nothing', async () => {
      const out = mkdtempSync(join(dir, 'pipe-stop-'));
      const signer = pipelinedKey(key, 4, (n) => (n === 3 ? 'TOKEN_REMOVED' : n > 3 ? 'TOKEN_REMOVED' : undefined));
      const r = await runSignBatch(planSign(cades(dir, names, { outDir: out })), { signer });
      assert.equal(r.stop?.code, 'TOKEN_REMOVED');
      assert.deepEqual(r.outcomes.map((o) => (o.ok ? 'ok' : outcomeCode(o))), ['ok', 'ok', 'TOKEN_REMOVED', ...names.slice(3).map(() => 'NOT_ATTEMPTED')]);
      // No output, and no temp file, for anything after the stop.
      assert.deepEqual(readdirSync(out).sort(), ['p0.txt.p7m', 'p1.txt.p7m']);
      for (const n of names.slice(0, 2)) verify(join(out, `${n}.p7m`), `pipeline ${n}\n`);
    });

    it('a failure in the middle of a group that does not stop the batch: that document fails, the rest of its group is signed again', async () => {
      const out = mkdtempSync(join(dir, 'pipe-go-on-'));
      assert.equal(stopsBatch({ code: 'MECHANISM_UNSUPPORTED' }), false);
      const signer = pipelinedKey(key, 4, (n) => (n === 2 ? 'MECHANISM_UNSUPPORTED' : undefined));
      const r = await runSignBatch(planSign(cades(dir, names, { outDir: out })), { signer });
      assert.equal(r.stop, undefined);
      assert.deepEqual(r.outcomes.map((o) => (o.ok ? 'ok' : outcomeCode(o))), names.map((_, i) => (i === 1 ? 'MECHANISM_UNSUPPORTED' : 'ok')));
      assert.equal(r.outcomes[1]?.ok === false && r.outcomes[1].attempted, true);
      assert.deepEqual(readdirSync(out).sort(), names.filter((_, i) => i !== 1).map((n) => `${n}.p7m`).sort());
      for (const n of names.filter((_, i) => i !== 1)) verify(join(out, `${n}.p7m`), `pipeline ${n}\n`);
    });

    it('cancelling: no document is started after it, every started one is finished whole, none is left partial', async () => {
      const out = mkdtempSync(join(dir, 'pipe-cancel-'));
      const signer = pipelinedKey(key, 4, () => undefined);
      let cancel = false;
      const r = await runSignBatch(planSign(cades(dir, names, { outDir: out })), { signer }, { cancelled: () => cancel, onEvent: () => (cancel = true) });
      assert.equal(r.stop?.code, 'CANCELLED');
      const codes = r.outcomes.map((o) => (o.ok ? 'ok' : outcomeCode(o)));
      const done = codes.filter((c) => c === 'ok').length;
      assert.ok(done >= 1 && done < names.length, codes.join(' '));
      assert.deepEqual(codes, names.map((_, i) => (i < done ? 'ok' : 'CANCELLED')));
      assert.deepEqual(readdirSync(out).sort(), names.slice(0, done).map((n) => `${n}.p7m`).sort());
    });
  });

  it('cancelling stops before the next document (CANCELLED), the document being signed is finished', async () => {
    const out = mkdtempSync(join(dir, 'cancel-'));
    let cancel = false;
    const r = await runSignBatch(planSign(cades(dir, ['a.txt', 'b.txt'], { outDir: out })), { signer: key }, { cancelled: () => cancel, onEvent: () => (cancel = true) });
    assert.equal(r.stop?.code, 'CANCELLED');
    assert.deepEqual(r.outcomes.map((o) => (o.ok ? 'ok' : outcomeCode(o))), ['ok', 'CANCELLED']);
    assert.ok(existsSync(join(out, 'a.txt.p7m')) && !existsSync(join(out, 'b.txt.p7m')));
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'documento a\n');
  });
});
