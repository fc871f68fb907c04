/**
 * Smoke test of the BUILT main process (dist/electron/main/main.js) without Electron: `require('electron')` is
 * answered with a stand-in that records what main asks of it. Checks that main enables the sandbox, registers the
 * app:// scheme and serves app://sigla/index.html with the CSP, installs the app-wide web-contents-created
 * hardening before anything is created, creates the window with the hardened options and a preload that exists,
 * starts the token host as a utilityProcess (here a real Node child of the same script, with the environment main
 * gave it: no SIGLA_TSA_PASSWORD), answers IPC from the app page only, and closes the host when the window goes.
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/windowSecurity.js';
import { REPO } from '../helpers/cli.js';

type Listener = (...args: unknown[]) => unknown;

/** A web contents as main and the hardening see it: events, a window-open handler, a session. */
class FakeContents extends EventEmitter {
  openHandler: (() => { action: string }) | undefined;
  sent: [string, unknown][] = [];
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(h: () => { action: string }): void {
    this.openHandler = h;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
}

class FakeSession {
  permission: Listener | undefined;
  check: Listener | undefined;
  device: Listener | undefined;
  headers: Listener | undefined;
  handlers = new Map<string, (req: { url: string }) => Promise<Response>>();
  protocol = { handle: (scheme: string, h: (req: { url: string }) => Promise<Response>) => this.handlers.set(scheme, h) };
  webRequest = { onHeadersReceived: (h: Listener) => (this.headers = h) };
  setPermissionRequestHandler(h: Listener): void {
    this.permission = h;
  }
  setPermissionCheckHandler(h: Listener): void {
    this.check = h;
  }
  setDevicePermissionHandler(h: Listener): void {
    this.device = h;
  }
}

interface Recorded {
  sandbox: boolean;
  schemes: { scheme: string; privileges: Record<string, boolean> }[];
  windows: { options: Record<string, unknown>; contents: FakeContents; loaded: string[] }[];
  forks: { path: string; options: { env?: NodeJS.ProcessEnv; serviceName?: string }; child: ChildProcess; messages: unknown[] }[];
  ipc: Map<string, Listener>;
  quit: number;
  createdHandlersAtFirstWindow: number;
}

function fakeElectron(rec: Recorded) {
  const app = Object.assign(new EventEmitter(), {
    enableSandbox: () => (rec.sandbox = true),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: () => rec.quit++,
    getPath: () => tmpdir(),
  });
  const defaultSession = new FakeSession();
  class BrowserWindow extends EventEmitter {
    readonly webContents = new FakeContents(defaultSession);
    constructor(options: Record<string, unknown>) {
      super();
      if (rec.windows.length === 0) rec.createdHandlersAtFirstWindow = app.listenerCount('web-contents-created');
      rec.windows.push({ options, contents: this.webContents, loaded: [] });
      // As Electron does: every new web contents is announced to the app.
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      rec.windows.at(-1)?.loaded.push(url);
      return Promise.resolve();
    }
    isMinimized = (): boolean => false;
    show = (): void => undefined;
    focus = (): void => undefined;
    restore = (): void => undefined;
  }
  /** utilityProcess.fork, played by a Node child of the same script (hostProcess.ts speaks both dialects). */
  const utilityProcess = {
    fork(path: string, _args: string[], options: { env?: NodeJS.ProcessEnv; serviceName?: string }) {
      const child = fork(path, [], { env: options.env ?? {}, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
      const entry = { path, options, child, messages: [] as unknown[] };
      rec.forks.push(entry);
      const proc = new EventEmitter() as EventEmitter & { pid: number | undefined; postMessage(m: unknown): void; kill(): boolean };
      proc.pid = child.pid;
      proc.postMessage = (m) => child.connected && child.send(m as never);
      proc.kill = () => child.kill();
      child.on('message', (m) => {
        entry.messages.push(m);
        proc.emit('message', m);
      });
      child.on('exit', (code) => proc.emit('exit', code ?? 0));
      return proc;
    },
  };
  return {
    app,
    BrowserWindow,
    session: { defaultSession },
    protocol: { registerSchemesAsPrivileged: (s: Recorded['schemes']) => rec.schemes.push(...s) },
    ipcMain: { handle: (channel: string, h: Listener) => rec.ipc.set(channel, h) },
    dialog: { showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }), showSaveDialog: () => Promise.resolve({ canceled: true }) },
    shell: { showItemInFolder: () => undefined },
    Notification: Object.assign(class {}, { isSupported: () => false }),
    utilityProcess,
    safeStorage: { isAsyncEncryptionAvailable: () => Promise.resolve(false), getSelectedStorageBackend: () => 'basic_text' },
  };
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const MAIN = join(REPO, 'dist', 'electron', 'main', 'main.js');
const RENDERER = join(REPO, 'dist', 'renderer');

describe('main process smoke test (built main.js, Electron stood in for)', () => {
  const rec: Recorded = { sandbox: false, schemes: [], windows: [], forks: [], ipc: new Map(), quit: 0, createdHandlersAtFirstWindow: 0 };
  let electron: ReturnType<typeof fakeElectron>;
  let dataDir: string;
  /** A renderer fixture when the real one is not built (npm run build:renderer); removed afterwards. */
  let fixture = false;
  const saved = { ...process.env };

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sigla-mainsmoke-'));
    if (!existsSync(join(RENDERER, 'index.html'))) {
      fixture = true;
      mkdirSync(RENDERER, { recursive: true });
      writeFileSync(join(RENDERER, 'index.html'), '<!doctype html><title>Sigla (fixture)</title>');
    }
    process.env['SIGLA_DATA_DIR'] = dataDir;
    process.env['SIGLA_TSA_PASSWORD'] = 'Segreta-nel-main';
    process.env['SIGLA_MODULE'] = join(dataDir, 'no-such-module.so');
    electron = fakeElectron(rec);
    const mod = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
    const load = mod._load;
    mod._load = function (request: string, parent: unknown, isMain: boolean) {
      return request === 'electron' ? electron : load.call(this, request, parent, isMain);
    };
    try {
      // Loaded as Electron loads it: a CommonJS entry point whose `require('electron')` gets the stand-in.
      createRequire(__filename)(MAIN);
    } finally {
      mod._load = load;
    }
  });

  after(async () => {
    for (const f of rec.forks) if (f.child.exitCode === null && f.child.signalCode === null) f.child.kill('SIGKILL');
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
    if (fixture) rmSync(RENDERER, { recursive: true, force: true });
  });

  it('starts: sandbox, app:// scheme, hardening installed before the window, window loads app://sigla/index.html', async () => {
    await until('the window to load', () => rec.windows[0]?.loaded.length === 1);
    assert.equal(rec.sandbox, true);
    assert.deepEqual(rec.schemes, [{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    assert.ok(rec.createdHandlersAtFirstWindow >= 1, 'web-contents-created handler installed before the window exists');
    assert.equal(rec.windows.length, 1);
    assert.deepEqual(rec.windows[0]?.loaded, ['app://sigla/index.html']);
  });

  it('the window has the hardened options and a preload that exists on disk', () => {
    const w = rec.windows[0]?.options as { show?: boolean; webPreferences?: Record<string, unknown> };
    const p = w.webPreferences ?? {};
    assert.deepEqual(
      [p['contextIsolation'], p['sandbox'], p['nodeIntegration'], p['nodeIntegrationInSubFrames'], p['nodeIntegrationInWorker'], p['webSecurity'], p['allowRunningInsecureContent'], p['webviewTag'], w.show],
      [true, true, false, false, false, true, false, false, false],
    );
    const preload = String(p['preload']);
    assert.equal(preload, join(REPO, 'dist', 'electron', 'preload', 'preload.js'));
    assert.ok(existsSync(preload), preload);
  });

  it('the window and any other web contents are hardened: navigation, frames, pop-ups, webviews, permissions', () => {
    const other = new FakeContents(new FakeSession());
    electron.app.emit('web-contents-created', {}, other);
    for (const wc of [rec.windows[0]?.contents, other]) {
      assert.ok(wc);
      assert.equal(wc.openHandler?.().action, 'deny');
      for (const ev of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
        let prevented = false;
        wc.emit(ev, { preventDefault: () => (prevented = true), url: 'https://evil.example/' }, 'https://evil.example/');
        assert.ok(prevented, ev);
      }
      let granted: boolean | undefined;
      wc.session.permission?.(wc, 'media', (v: boolean) => (granted = v));
      assert.equal(granted, false);
      assert.equal(wc.session.check?.(), false);
      assert.equal(wc.session.device?.(), false);
    }
  });

  it('serves app://sigla/index.html from the built renderer with the CSP; nothing outside it', async () => {
    const handler = electron.session.defaultSession.handlers.get('app');
    assert.ok(handler, 'app:// handler registered on the default session');
    const res = await handler({ url: 'app://sigla/index.html' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await res.text(), readFileSync(join(RENDERER, 'index.html'), 'utf8'));
    assert.equal((await handler({ url: 'app://sigla/../../package.json' })).status, 404);
    assert.equal((await handler({ url: 'app://sigla/%2e%2e/%2e%2e/package.json' })).status, 404);
  });

  it('starts the token host as a utilityProcess of hostProcess.js, without the TSA password in its environment', async () => {
    assert.equal(rec.forks.length, 1);
    const f = rec.forks[0];
    assert.ok(f);
    assert.equal(f.path, join(REPO, 'dist', 'electron', 'token', 'host', 'hostProcess.js'));
    assert.ok(existsSync(f.path));
    assert.equal(f.options.serviceName, 'Sigla token host');
    assert.equal(f.options.env?.['SIGLA_TSA_PASSWORD'], undefined);
    assert.equal(f.options.env?.['SIGLA_DATA_DIR'], dataDir);
    await until('the host to say ready', () => f.messages.some((m) => (m as { type?: string }).type === 'ready'));
  });

  it('answers IPC from the app page only', async () => {
    const invoke = rec.ipc.get('sigla:invoke');
    assert.ok(invoke);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const ok = (await invoke({ senderFrame: { url: 'app://sigla/index.html' } }, 'app:info', {})) as { ok: boolean; value?: { version: string } };
    assert.deepEqual([ok.ok, ok.value?.version], [true, pkg.version]);
    const refused = (await invoke({ senderFrame: { url: 'https://evil.example/' } }, 'app:info', {})) as { ok: boolean };
    assert.equal(refused.ok, false);
    assert.ok(rec.ipc.has('sigla:drop'));
  });

  it('closing the window stops the token host and quits', async () => {
    const child = rec.forks[0]?.child;
    electron.app.emit('window-all-closed');
    await until('quit', () => rec.quit > 0);
    assert.ok(child && (child.exitCode !== null || child.signalCode !== null), 'host process ended');
  });
});
