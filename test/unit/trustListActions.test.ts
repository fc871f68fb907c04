/**
 * The app's Elenchi di fiducia actions (electron/app/TrustListActions.ts) over the real cache (io/trustedLists) and
 * lists signed in the test with xmlsec1: what crosses IPC names files by their name (never a path) and never a
 * command-line option; a TL imported without its signers' certificates is refused in the app's words; "Interrompi"
 * answers while the download is still held by the server (no timing involved), and the events say when a fetch
 * starts and ends.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DocumentRegistry } from '../../electron/app/DocumentRegistry.js';
import { TrustListActions } from '../../electron/app/TrustListActions.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { describeError } from '../../electron/shared/i18n/messages.js';
import { EVENTS, type EventName, type EventOf } from '../../electron/shared/ipc/contract.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';
import { makeListSigner, signedTrustedList, type ListSigner } from '../helpers/trustedListFixture.js';

const skip = !existsSync('/usr/bin/xmlsec1') ? 'xmlsec1 missing' : false;
const DAY = 86_400_000;

describe('TrustListActions', { skip }, () => {
  let pki: TestPki;
  let signer: ListSigner & { dir: string };
  let dir: string;
  const events: { event: EventName; payload: unknown }[] = [];
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    // Every event is what the contract says it is.
    EVENTS[event].parse(payload);
    events.push({ event, payload });
  };
  const actions = (data: string): { a: TrustListActions; docs: DocumentRegistry } => {
    const docs = new DocumentRegistry();
    return { a: new TrustListActions(() => ({ ...process.env, SIGLA_DATA_DIR: data, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' }), docs, () => 'it', emit), docs };
  };

  before(() => {
    pki = makeTestPki();
    signer = makeListSigner('Sigla Test TL signer');
    dir = mkdtempSync(join(tmpdir(), 'sigla-tla-'));
    const now = Date.now();
    writeFileSync(
      join(dir, 'TSL-IT.xml'),
      signedTrustedList({ territory: 'IT', sequence: 5, issued: new Date(now - DAY), nextUpdate: new Date(now + 100 * DAY), providers: [{ name: 'Sigla TSP', services: [{ type: 'CA/QC', name: 'Sigla CA', certificate: pki.intermediatePem, periods: [{ status: 'granted', from: '2016-07-01T00:00:00Z' }] }] }] }, signer),
    );
  });
  after(() => cleanup(pki.dir, signer.dir, dir));

  it('a TL without its signers (and no LOTL in use) is refused in the app words: no option, no path', () => {
    const data = mkdtempSync(join(dir, 'data-'));
    const { a, docs } = actions(data);
    const doc = docs.register(join(dir, 'TSL-IT.xml'));
    let thrown: unknown;
    try {
      a.import([doc.id], []);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof SiglaError, String(thrown));
    assert.equal(thrown.code, 'TL_REFUSED');
    const text = describeError(thrown, 'it', 'app');
    assert.match(text, /TSL-IT\.xml/);
    assert.doesNotMatch(text, /--\w|\//, text);
    const st = a.status();
    const refused = st.lists.find((l) => !l.valid);
    assert.ok(refused, JSON.stringify(st));
    assert.equal(refused.source, 'TSL-IT.xml');
    assert.ok(refused.reasonText && !/--\w/.test(refused.reasonText), refused.reasonText);
  });

  it('a TL with its signer certificate is imported; the status names it by its file name', () => {
    const data = mkdtempSync(join(dir, 'data-'));
    const { a, docs } = actions(data);
    events.length = 0;
    const st = a.import([docs.register(join(dir, 'TSL-IT.xml')).id], [docs.register(signer.certPem).id]);
    const it5 = st.lists.find((l) => l.territory === 'IT' && l.valid);
    assert.equal(it5?.sequenceNumber, 5);
    assert.equal(it5?.source, 'TSL-IT.xml');
    assert.equal(st.updating, false);
    assert.deepEqual(
      events.map((e) => e.event),
      ['trustLists:changed'],
    );
  });

  it('"Interrompi" answers while the server still holds the download; progress starts and ends', async () => {
    const held: http.ServerResponse[] = [];
    const srv = http.createServer((_q, r) => held.push(r));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    const data = mkdtempSync(join(dir, 'data-'));
    const { a } = actions(data);
    events.length = 0;
    try {
      // The cache's LOTL address is where the update goes (the app passes none).
      mkdirSync(join(data, 'trusted-lists'), { recursive: true });
      writeFileSync(join(data, 'trusted-lists', 'state.json'), JSON.stringify({ lotlUrl: `http://127.0.0.1:${port}/lotl.xml`, lists: [], failures: [] }));
      const running = a.update();
      for (let i = 0; i < 100 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(held.length, 1, 'the LOTL was asked for');
      assert.equal(a.status().updating, true);
      a.cancel();
      await assert.rejects(running, (e: unknown) => e instanceof SiglaError && e.code === 'CANCELLED');
      assert.equal(held[0]?.writableEnded, false, 'stopped before the server answered');
      assert.deepEqual(events[0], { event: 'trustLists:progress', payload: { running: true, background: false, done: 0, total: 0 } });
      // The download ends in the background; then the fetch is over and a new one may start.
      held[0]?.writeHead(404).end();
      for (let i = 0; i < 100 && a.status().updating; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(a.status().updating, false);
      assert.ok(events.some((e) => e.event === 'trustLists:progress' && (e.payload as { running: boolean }).running === false));
      assert.ok(events.some((e) => e.event === 'trustLists:changed'));
      // A stopped fetch is not reported as a failure of the user's.
      assert.equal(a.status().lastError, undefined);
    } finally {
      for (const r of held) if (!r.writableEnded) r.end();
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
