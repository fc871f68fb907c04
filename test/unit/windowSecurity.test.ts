/**
 * The Electron window factory and hardening, tested without Electron: the options Electron's security checklist
 * asks for, navigation/pop-ups/permissions denied, the CSP on every response, IPC only from the app's page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CONTENT_SECURITY_POLICY, createWindow, hardenWebContents, trustedSender } from '../../electron/main/windowSecurity.js';
import { REPO } from '../helpers/cli.js';

describe('Electron window security', () => {
  it('window options: isolation, sandbox, no node, no insecure content, a preload', () => {
    let seen: Record<string, unknown> | undefined;
    class FakeWindow {
      constructor(opts: Record<string, unknown>) {
        seen = opts;
      }
    }
    createWindow(FakeWindow as never, '/app/preload.js');
    const o = seen as { webPreferences?: Record<string, unknown> };
    assert.deepEqual(
      {
        contextIsolation: o.webPreferences?.contextIsolation,
        sandbox: o.webPreferences?.sandbox,
        nodeIntegration: o.webPreferences?.nodeIntegration,
        nodeIntegrationInSubFrames: o.webPreferences?.nodeIntegrationInSubFrames,
        webSecurity: o.webPreferences?.webSecurity,
        allowRunningInsecureContent: o.webPreferences?.allowRunningInsecureContent,
        webviewTag: o.webPreferences?.webviewTag,
        preload: o.webPreferences?.preload,
        disableBlinkFeatures: o.webPreferences?.disableBlinkFeatures,
      },
      { contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, preload: '/app/preload.js', disableBlinkFeatures: 'Auxclick' },
    );
  });

  it('denies new windows, navigation, webviews and permissions; adds the CSP header', () => {
    const handlers = new Map<string, (e: { preventDefault(): void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let headers: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    const wc = {
      on: (ev: string, h: (e: { preventDefault(): void }) => void) => handlers.set(ev, h),
      setWindowOpenHandler: (h: () => { action: string }) => {
        openHandler = h;
      },
    };
    const session = {
      setPermissionRequestHandler: (h: typeof permission) => {
        permission = h;
      },
      setPermissionCheckHandler: (h: typeof check) => {
        check = h;
      },
      webRequest: { onHeadersReceived: (h: typeof headers) => (headers = h) },
    };
    hardenWebContents(wc as never, session as never);
    assert.equal(openHandler?.().action, 'deny');
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      handlers.get(ev)?.({ preventDefault: () => (prevented = true) });
      assert.ok(prevented, ev);
    }
    let granted: boolean | undefined;
    permission?.(null, 'media', (ok) => (granted = ok));
    assert.equal(granted, false);
    assert.equal(check?.(), false);
    let out: Record<string, string[]> | undefined;
    headers?.({ responseHeaders: {} }, (r) => (out = r.responseHeaders));
    assert.deepEqual(out?.['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
  });

  it('IPC only from the app page', () => {
    const index = 'file:///opt/Sigla/resources/app.asar/dist/renderer/index.html';
    assert.equal(trustedSender(index, index), true);
    assert.equal(trustedSender('https://example.org/', index), false);
    assert.equal(trustedSender('file:///tmp/evil.html', index), false);
    assert.equal(trustedSender(undefined, index), false);
  });

  it('main enables the sandbox, holds a single instance, and validates every IPC sender', () => {
    const src = readFileSync(join(REPO, 'electron', 'main', 'main.ts'), 'utf8');
    assert.match(src, /app\.enableSandbox\(\)/);
    assert.match(src, /requestSingleInstanceLock\(\)/);
    assert.match(src, /trustedSender\(event\.senderFrame/);
    assert.match(src, /createWindow\(BrowserWindow/);
    assert.match(src, /hardenWebContents\(/);
  });
});
