/**
 * The app's request handler (AppService) on a SoftHSM2 token, without a window: a mixed PAdES/CAdES batch is one
 * login (one PIN request), outputs never replace a file, `sign:cancel` stops a batch after the file being signed,
 * and every argument is validated by the contract. Outputs are checked with openssl and pdfsig.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppService } from '../../electron/app/AppService.js';
import type { EventName, EventOf } from '../../electron/shared/ipc/contract.js';
import { REPO, sha256File, tool } from '../helpers/cli.js';
import { hasShim, SHIM_PATH, ShimControl } from '../helpers/shim.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

interface Outcome {
  id: string;
  name: string;
  ok: boolean;
  output?: { id: string; name: string };
  error?: { code: string };
}

describe('AppService on SoftHSM2', { skip: hasSoftHsm() ? false : 'SoftHSM2 missing' }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let docs: string;
  let app: AppService;
  const events: { event: EventName; payload: unknown }[] = [];
  let onProgress: (() => void) | undefined;

  before(() => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'Protocollo', identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
    docs = mkdtempSync(join(tmpdir(), 'sigla-app-'));
    copyFileSync(join(REPO, 'resources', 'demo', 'determina.pdf'), join(docs, 'determina.pdf'));
    for (const n of ['a', 'b', 'c']) writeFileSync(join(docs, `${n}.txt`), `documento ${n}\n`);
    const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
      events.push({ event, payload });
      // The GUI's PIN dialog: answered with the right PIN.
      if (event === 'pin:request') void app.dispatch('pin:respond', { requestId: (payload as EventOf<'pin:request'>).requestId, pin: tok.pin });
      if (event === 'sign:progress') onProgress?.();
    };
    app = new AppService({ version: 't', lang: 'it', pick: async () => [], emit, env: { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-app-data-')) } });
  });
  after(async () => {
    await app.close();
    cleanup(pki.dir, tok.dir, docs);
  });

  const register = (name: string): string => app.documents.register(join(docs, name)).id;
  const pinRequests = (): number => events.filter((e) => e.event === 'pin:request').length;

  it('signs a mixed batch with one PIN request; a visible PAdES box and a CAdES envelope', async () => {
    const before = pinRequests();
    const r = await app.dispatch('sign:run', {
      items: [
        { document: register('determina.pdf'), format: 'pades', visible: { page: 1, rect: [40, 700, 200, 60] } },
        { document: register('a.txt'), format: 'cades' },
      ],
    });
    assert.ok(r.ok, JSON.stringify(r));
    const out = r.value as Outcome[];
    assert.deepEqual(
      out.map((o) => [o.name, o.ok, o.output?.name]),
      [
        ['determina.pdf', true, 'determina-firmato.pdf'],
        ['a.txt', true, 'a.txt.p7m'],
      ],
    );
    assert.equal(pinRequests() - before, 1);
    const ps = tool('pdfsig', [join(docs, 'determina-firmato.pdf')]);
    assert.match(ps.stdout, /Signature is Valid/, ps.stdout);
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(docs, 'a.txt.p7m'), '-CAfile', pki.rootPem, '-purpose', 'any']);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, 'documento a\n');
  });

  it('never replaces an earlier output: the next one gets a free name', async () => {
    const r = await app.dispatch('sign:run', { items: [{ document: register('a.txt'), format: 'cades' }] });
    assert.ok(r.ok);
    assert.equal((r.value as Outcome[])[0]?.output?.name, 'a (2).txt.p7m');
    assert.ok(existsSync(join(docs, 'a.txt.p7m')));
  });

  it('stops a batch on sign:cancel after the file being signed', async () => {
    onProgress = () => {
      onProgress = undefined;
      void app.dispatch('sign:cancel', {});
    };
    const r = await app.dispatch('sign:run', { items: ['b.txt', 'c.txt', 'determina.pdf'].map((n) => ({ document: register(n), format: n.endsWith('.pdf') ? ('pades' as const) : ('cades' as const) })) });
    assert.ok(r.ok);
    const out = r.value as Outcome[];
    assert.deepEqual(
      out.map((o) => [o.name, o.ok, o.error?.code]),
      [
        ['b.txt', true, undefined],
        ['c.txt', false, 'CANCELLED'],
        ['determina.pdf', false, 'CANCELLED'],
      ],
    );
    assert.ok(!existsSync(join(docs, 'c.txt.p7m')));
    assert.ok(!readdirSync(docs).some((n) => n.endsWith('.part')));
  });

  it('has the options of sigla sign: a parallel signature (default) and a countersignature of a .p7m, SHA-384', async () => {
    const r = await app.dispatch('sign:run', { items: [{ document: register('a.txt.p7m'), format: 'cades' }], digest: 'sha384' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual((r.value as Outcome[]).map((o) => [o.ok, o.output?.name]), [[true, 'a-cofirma.txt.p7m']]);
    const c = await app.dispatch('sign:run', { items: [{ document: register('a-cofirma.txt.p7m'), format: 'cades' }], mode: 'countersign', countersign: [2] });
    assert.ok(c.ok, JSON.stringify(c));
    assert.deepEqual((c.value as Outcome[]).map((o) => [o.ok, o.output?.name]), [[true, 'a-cofirma-controfirma.txt.p7m']]);
    // openssl: both top-level signers verify (the first SHA-256, the parallel one SHA-384); one countersignature, on the second.
    const out = join(docs, 'a-cofirma-controfirma.txt.p7m');
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', pki.rootPem, '-purpose', 'any']);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, 'documento a\n');
    const dump = tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', out]).stdout;
    assert.match(dump, /algorithm: sha384/);
    assert.equal(dump.match(/object: pkcs9_countersignature|object: countersignature/g)?.length ?? 0, 1, dump);
    // A mode that needs a signature, on a document that is none: refused before any PIN.
    const before = pinRequests();
    const bad = await app.dispatch('sign:run', { items: [{ document: register('b.txt'), format: 'cades' }], mode: 'countersign' });
    assert.equal(bad.ok ? undefined : bad.error.code, 'USAGE');
    assert.equal(pinRequests(), before);
  });

  it('refuses what the contract does not allow', async () => {
    const usage = async (channel: string, args: unknown): Promise<string | undefined> => {
      const r = await app.dispatch(channel, args);
      return r.ok ? undefined : r.error.code;
    };
    assert.equal(await usage('fs:read', {}), 'USAGE');
    assert.equal(await usage('sign:run', { items: [] }), 'USAGE');
    assert.equal(await usage('sign:run', { items: [{ document: '../../etc/passwd', format: 'cades' }] }), 'USAGE');
    assert.equal(await usage('sign:run', { items: [{ document: register('a.txt'), format: 'pades', visible: { page: 0, rect: [0, 0, 100, 50] } }] }), 'USAGE');
    assert.equal(await usage('verify:saveReport', { document: register('a.txt.p7m'), format: 'html' }), 'USAGE');
    assert.equal(await usage('documents:pdf', { document: register('a.txt') }), 'USAGE');
    assert.equal(await usage('documents:reveal', { document: 'unknownunknown' }), 'USAGE');
    const pdf = await app.dispatch('documents:pdf', { document: register('determina.pdf') });
    assert.ok(pdf.ok);
    assert.equal(Buffer.from((pdf.value as { base64: string }).base64, 'base64').subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('extracts the content beside the envelope and saves the report', async () => {
    const id = register('a.txt.p7m');
    const x = await app.dispatch('verify:extract', { document: id });
    assert.ok(x.ok, JSON.stringify(x));
    assert.equal((x.value as { name: string }).name, 'a (2).txt');
    const rep = await app.dispatch('verify:saveReport', { document: id, format: 'json' });
    assert.ok(rep.ok, JSON.stringify(rep));
    assert.equal((rep.value as { name: string }).name, 'a.txt.p7m.verifica.json');
    const extracted = tool('cat', [join(docs, 'a (2).txt')]);
    assert.equal(extracted.stdout, 'documento a\n');
    // The text and the PDF report, in Italian, with the file's SHA-256 (pdftotext reads the PDF).
    const sha = sha256File(join(docs, 'a.txt.p7m'));
    const txt = await app.dispatch('verify:saveReport', { document: id, format: 'txt' });
    assert.ok(txt.ok, JSON.stringify(txt));
    assert.equal((txt.value as { name: string }).name, 'a.txt.p7m.verifica.txt');
    const saved = readFileSync(join(docs, 'a.txt.p7m.verifica.txt'), 'utf8');
    assert.match(saved, new RegExp(`^Impronta SHA-256: ${sha}$`, 'm'));
    assert.match(saved, /^a\.txt\.p7m \[cades\]: (VALIDA|NON VALIDA|NON DETERMINABILE)$/m);
    const pdf = await app.dispatch('verify:saveReport', { document: id, format: 'pdf' });
    assert.ok(pdf.ok, JSON.stringify(pdf));
    assert.equal((pdf.value as { name: string }).name, 'a.txt.p7m.verifica.pdf');
    const pdfText = tool('pdftotext', ['-enc', 'UTF-8', join(docs, 'a.txt.p7m.verifica.pdf'), '-']).stdout.replace(/\s+/g, ' ');
    assert.ok(pdfText.includes(`Impronta SHA-256: ${sha}`), pdfText);
    assert.ok(pdfText.includes('Rapporto di verifica'), pdfText);
    // verify:run crosses IPC with every finding's text filled in, in the app's language.
    const run = await app.dispatch('verify:run', { document: id });
    assert.ok(run.ok, JSON.stringify(run));
    const findings = (run.value as { signatures: { warnings: { code: string; message?: string }[]; problems: { code: string; message?: string }[] }[] }).signatures.flatMap((s) => [...s.warnings, ...s.problems]);
    assert.ok(findings.every((f) => typeof f.message === 'string' && f.message.length > 0 && f.message !== f.code), JSON.stringify(findings));
  });
});

describe('AppService with a key that asks for its PIN before every signature (shim, always-authenticate)', { skip: !hasSoftHsm() ? 'SoftHSM2 missing' : !hasShim() ? 'native shim not built' : false }, () => {
  it('a wrong per-signature PIN is asked again, with the new state, and the document is signed', async () => {
    const pki = makeTestPki();
    const tok = makeTestToken({ label: 'Firma Remota', identities: [pki.signer], caCertsDer: [pki.intermediateDer] });
    const shim = new ShimControl().set({ always_authenticate: true, pin_max_tries: 3 });
    const docs = mkdtempSync(join(tmpdir(), 'sigla-app-aa-'));
    writeFileSync(join(docs, 'contratto.txt'), 'Contratto di servizio.\n');
    const requests: EventOf<'pin:request'>[] = [];
    const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
      if (event !== 'pin:request') return;
      const r = payload as EventOf<'pin:request'>;
      requests.push(r);
      const firstContext = r.kind === 'context' && requests.filter((x) => x.kind === 'context').length === 1;
      void app.dispatch('pin:respond', { requestId: r.requestId, pin: firstContext ? '999999' : tok.pin });
    };
    const app: AppService = new AppService({ version: 't', lang: 'it', pick: async () => [], emit, env: { ...shim.env(tok.env, tok.module), SIGLA_MODULE: SHIM_PATH, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-app-aa-data-')) } });
    try {
      const r = await app.dispatch('sign:run', { items: [{ document: app.documents.register(join(docs, 'contratto.txt')).id, format: 'cades' }] });
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual((r.value as Outcome[]).map((o) => [o.ok, o.output?.name]), [[true, 'contratto.txt.p7m']], JSON.stringify({ r, requests, stats: shim.stats() }));
      assert.deepEqual(
        requests.map((x) => [x.kind, x.state, x.retryAfter]),
        [
          ['user', 'ok', undefined],
          ['context', 'ok', undefined],
          ['context', 'countLow', 'PIN_INCORRECT'],
        ],
      );
      assert.deepEqual(shim.stats().filter((l) => l.startsWith('login ')), ['login user ok', 'login context incorrect', 'login context ok']);
      const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(docs, 'contratto.txt.p7m'), '-CAfile', pki.rootPem, '-purpose', 'any']);
      assert.equal(v.status, 0, v.stderr);
      assert.equal(v.stdout, 'Contratto di servizio.\n');
    } finally {
      await app.close();
      shim.cleanup();
      cleanup(pki.dir, tok.dir, docs);
    }
  });
});
