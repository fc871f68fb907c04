/**
 * The Electron window factory and hardening, tested without Electron: the options Electron's security checklist
 * asks for, navigation/pop-ups/permissions denied, the CSP on every response, IPC only from the app's page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EventEmitter } from 'node:events';
import { CONTENT_SECURITY_POLICY, createWindow, hardenAllWebContents, hardenWebContents, trustedSender } from '../../electron/main/windowSecurity.js';
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
    const wc = fakeContents();
    const session = fakeSession();
    hardenWebContents(wc as never, session as never);
    assertContentsHardened(wc);
    assertSessionHardened(session);
  });

  it('app-wide: every web contents created gets the same rules, each session once', () => {
    const app = new EventEmitter();
    hardenAllWebContents(app as never);
    const shared = fakeSession();
    const other = fakeSession();
    const contents = [fakeContents(shared), fakeContents(shared), fakeContents(other)];
    for (const c of contents) app.emit('web-contents-created', {}, c);
    for (const c of contents) assertContentsHardened(c);
    assertSessionHardened(shared);
    assertSessionHardened(other);
    assert.equal(shared.installs, 1, 'a session is hardened once, not once per contents');
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
    assert.match(src, /hardenAllWebContents\(app\)/);
  });
});

type Listener = (e: { preventDefault(): void }, ...rest: unknown[]) => void;

function fakeContents(session?: FakeSession) {
  const handlers = new Map<string, Listener[]>();
  const wc = {
    session,
    handlers,
    openHandler: undefined as (() => { action: string }) | undefined,
    on: (ev: string, h: Listener) => handlers.set(ev, [...(handlers.get(ev) ?? []), h]),
    setWindowOpenHandler: (h: () => { action: string }) => {
      wc.openHandler = h;
    },
  };
  return wc;
}

type PermissionHandler = (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
type HeadersHandler = (d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
interface FakeSession {
  installs: number;
  permission?: PermissionHandler;
  check?: () => boolean;
  device?: () => boolean;
  headers?: HeadersHandler;
  setPermissionRequestHandler(h: PermissionHandler): void;
  setPermissionCheckHandler(h: () => boolean): void;
  setDevicePermissionHandler(h: () => boolean): void;
  webRequest: { onHeadersReceived(h: HeadersHandler): void };
}

function fakeSession(): FakeSession {
  const s: FakeSession = {
    installs: 0,
    setPermissionRequestHandler: (h) => {
      s.installs++;
      s.permission = h;
    },
    setPermissionCheckHandler: (h) => {
      s.check = h;
    },
    setDevicePermissionHandler: (h) => {
      s.device = h;
    },
    webRequest: {
      onHeadersReceived: (h) => {
        s.headers = h;
      },
    },
  };
  return s;
}

/** Every navigation event (main frame, any frame, redirects, to any URL) and webviews prevented; pop-ups denied. */
function assertContentsHardened(wc: ReturnType<typeof fakeContents>): void {
  assert.equal(wc.openHandler?.().action, 'deny');
  for (const ev of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
    const hs = wc.handlers.get(ev) ?? [];
    assert.ok(hs.length > 0, `${ev} handled`);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://sigla/index.html']) {
      let prevented = false;
      for (const h of hs) h({ preventDefault: () => (prevented = true) }, url);
      assert.ok(prevented, `${ev} ${url}`);
    }
  }
}

function assertSessionHardened(s: FakeSession): void {
  let granted: boolean | undefined;
  s.permission?.(null, 'media', (ok) => (granted = ok));
  assert.equal(granted, false);
  assert.equal(s.check?.(), false);
  assert.equal(s.device?.(), false);
  let out: Record<string, string[]> | undefined;
  s.headers?.({ responseHeaders: {} }, (r) => (out = r.responseHeaders));
  assert.deepEqual(out?.['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
}
