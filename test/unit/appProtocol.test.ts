/**
 * app://sigla/ serves the built renderer and nothing else: traversal, other hosts, other schemes, folders and
 * symlinks out of the folder are 404; responses carry the CSP and a content type (module workers need one).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { APP_INDEX_URL, appSchemePrivileges, contentTypeOf, resolveAppFile, serveRenderer } from '../../electron/main/appProtocol.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/windowSecurity.js';
import { cleanup } from '../helpers/testPki.js';

describe('app:// protocol for the renderer', () => {
  const outside = mkdtempSync(join(tmpdir(), 'sigla-proto-out-'));
  const root = mkdtempSync(join(tmpdir(), 'sigla-proto-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'pdf.worker.min-x.mjs'), 'export {}');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'assets', 'link.txt'));

  it('resolves only files inside the renderer folder', () => {
    assert.equal(resolveAppFile(root, APP_INDEX_URL)?.endsWith('index.html'), true);
    assert.equal(resolveAppFile(root, 'app://sigla/')?.endsWith('index.html'), true);
    assert.equal(resolveAppFile(root, 'app://sigla/assets/pdf.worker.min-x.mjs')?.endsWith('.mjs'), true);
    for (const bad of ['app://sigla/../' + outside.split('/').pop() + '/secret.txt', 'app://sigla/%2e%2e/%2e%2e/etc/passwd', 'app://sigla/assets/..%2f..%2fetc%2fpasswd', 'app://other/index.html', 'file:///etc/passwd', 'app://sigla/assets', 'app://sigla/assets/link.txt', 'app://sigla/missing.js', 'app://sigla/%00', 'not a url']) {
      assert.equal(resolveAppFile(root, bad), null, bad);
    }
  });

  it('answers with the CSP and a content type; 404 otherwise', async () => {
    let handler: ((r: { url: string }) => Response) | undefined;
    serveRenderer({ handle: ((_s: string, h: (r: { url: string }) => Response) => (handler = h)) as never }, root);
    const ok = handler?.({ url: 'app://sigla/assets/pdf.worker.min-x.mjs' });
    assert.equal(ok?.status, 200);
    assert.equal(ok?.headers.get('Content-Type'), 'text/javascript');
    assert.equal(ok?.headers.get('Content-Security-Policy'), CONTENT_SECURITY_POLICY);
    assert.equal(await ok?.text(), 'export {}');
    assert.equal(handler?.({ url: 'app://sigla/../../etc/passwd' }).status, 404);
    assert.equal(contentTypeOf('x.bin'), 'application/octet-stream');
    assert.deepEqual(appSchemePrivileges()[0]?.privileges?.standard, true);
    assert.deepEqual(appSchemePrivileges()[0]?.privileges?.secure, true);
    cleanup(root, outside);
  });
});
