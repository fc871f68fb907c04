/**
 * The renderer's app:// scheme (electron/main/appProtocol.ts): files of the built renderer only, with their type
 * and the app's CSP; IPC accepted from that page only.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { APP_INDEX_URL, appFilePath, appResponse } from '../../electron/main/appProtocol.js';
import { CONTENT_SECURITY_POLICY, trustedSender } from '../../electron/main/windowSecurity.js';
import { cleanup } from '../helpers/testPki.js';

describe('app:// scheme', () => {
  let dir: string;
  let renderer: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-appproto-'));
    renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Sigla</title>');
    writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'export {};');
    writeFileSync(join(renderer, 'assets', 'pdf.worker.min-x.mjs'), 'export {};');
    writeFileSync(join(dir, 'secret.txt'), 'no');
    symlinkSync(join(dir, 'secret.txt'), join(renderer, 'assets', 'link.js'));
  });
  after(() => cleanup(dir));

  it('maps URLs to files inside the renderer folder only', () => {
    assert.equal(APP_INDEX_URL, 'app://sigla/index.html');
    assert.equal(appFilePath('app://sigla/', renderer), join(renderer, 'index.html'));
    assert.equal(appFilePath('app://sigla/assets/index-abc.js?v=1#x', renderer), join(renderer, 'assets', 'index-abc.js'));
    assert.equal(appFilePath('app://sigla/../secret.txt', renderer), join(renderer, 'secret.txt'), 'URL parsing removes the dot segments');
    assert.equal(appFilePath('app://sigla/%2e%2e/secret.txt', renderer), join(renderer, 'secret.txt'), 'encoded dot segments too');
    assert.equal(appFilePath('app://sigla/assets/..%2f..%2fsecret.txt', renderer), null);
    assert.equal(appFilePath('app://other/index.html', renderer), null);
    assert.equal(appFilePath('file:///etc/passwd', renderer), null);
    assert.equal(appFilePath('app://sigla/%E0%A4%A', renderer), null);
  });

  it('answers with the file, its type and the CSP, or 404', async () => {
    const js = await appResponse('app://sigla/assets/index-abc.js', renderer);
    assert.equal(js.status, 200);
    assert.equal(js.headers['Content-Type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
    assert.equal(Buffer.from(js.body ?? []).toString(), 'export {};');
    assert.equal((await appResponse('app://sigla/missing.js', renderer)).status, 404);
    assert.equal((await appResponse('app://sigla/%2e%2e/secret.txt', renderer)).status, 404);
    assert.equal((await appResponse('app://sigla/assets/link.js', renderer)).status, 404, 'a symlink out of the folder');
    const worker = await appResponse('app://sigla/assets/pdf.worker.min-x.mjs', renderer);
    assert.equal(worker.headers['Content-Type'], 'text/javascript; charset=utf-8', 'module workers need a JavaScript type');
  });

  it('accepts IPC from the app page and nothing else', () => {
    assert.equal(trustedSender('app://sigla/index.html', APP_INDEX_URL), true);
    assert.equal(trustedSender('app://sigla/index.html#/verifica', APP_INDEX_URL), true);
    assert.equal(trustedSender('app://evil/index.html', APP_INDEX_URL), false);
    assert.equal(trustedSender('file:///opt/Sigla/index.html', APP_INDEX_URL), false);
    assert.equal(trustedSender('https://sigla/index.html', APP_INDEX_URL), false);
  });
});
