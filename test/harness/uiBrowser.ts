/**
 * The browser harness (test/dev only, never packaged): serves the built renderer on 127.0.0.1 and implements the
 * same typed API as Electron's preload over a WebSocket guarded by a random per-run token, which is part of the URL
 * it prints. Behind it: the same AppService, token host (SIGLA_MODULE) and core as the app.
 *
 *   npm run ui:browser -- --port 5173 [--docs DIR] [--lang it|en]
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppService, filesIn } from '../../electron/app/AppService.js';
import { installTempCleanup } from '../../electron/io/tempFiles.js';
import { freeOutputPath } from '../../electron/io/outputNames.js';
import { fileArguments } from '../../electron/app/openedFiles.js';
import type { EventName, EventOf, PickPurpose } from '../../electron/shared/ipc/contract.js';

const REPO = resolve(__dirname, '..', '..', '..');
const RENDERER = join(REPO, 'dist', 'renderer');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.mjs': 'text/javascript', '.woff2': 'font/woff2' };

/** window.sigla over the WebSocket: the same SiglaApi shape preload exposes in the app. */
const API_SCRIPT = `(() => {
  const token = new URLSearchParams(location.search).get('token') || '';
  const ws = new WebSocket('ws://' + location.host + '/ws?token=' + encodeURIComponent(token));
  let next = 1; const pending = new Map(); const listeners = new Map(); const queue = [];
  ws.addEventListener('open', () => { for (const m of queue.splice(0)) ws.send(m); });
  ws.addEventListener('message', (ev) => {
    const m = JSON.parse(ev.data);
    if (m.type === 'result') { const p = pending.get(m.id); pending.delete(m.id); if (p) p(m.result); }
    else if (m.type === 'event') { for (const l of listeners.get(m.event) || []) l(m.payload); }
  });
  window.sigla = Object.freeze({
    invoke(channel, args) {
      return new Promise((resolve) => {
        const id = next++; pending.set(id, resolve);
        const msg = JSON.stringify({ type: 'invoke', id, channel, args });
        if (ws.readyState === 1) ws.send(msg); else queue.push(msg);
      });
    },
    dropFiles(files, purpose) {
      // A browser gives no paths: the harness finds dropped files by name in its documents folder.
      const names = Array.from(files || []).filter((f) => f instanceof File).map((f) => f.name);
      return new Promise((resolve) => {
        const id = next++; pending.set(id, resolve);
        const msg = JSON.stringify({ type: 'drop', id, purpose, names });
        if (ws.readyState === 1) ws.send(msg); else queue.push(msg);
      });
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return () => listeners.get(event).delete(listener);
    },
  });
})();
`;

export interface Harness {
  url: string;
  /** Files "opened from the OS": a command line's file arguments, through the same path as Electron main's argv. */
  open(args: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(o: {
  port: number;
  docs: string;
  lang: 'it' | 'en';
  env?: NodeJS.ProcessEnv;
  /** What "the user picks" for a purpose (default: the documents folder's files of that kind). */
  pick?: (purpose: PickPurpose) => Promise<string[]>;
  /** The app's fetch of the trusted lists at start (off by default: no network unless a test asks). */
  trustListsAtStart?: boolean;
  /** Stands for shell.openPath ("Apri" on a signed file, "Apri documento"): the tests record what main was asked to open. */
  openPath?: (path: string) => Promise<void>;
}): Promise<Harness> {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error(`the renderer is not built (${RENDERER}): run npm run build:renderer`);
  const token = randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    for (const s of sockets) s.send(JSON.stringify({ type: 'event', event, payload }));
  };
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const app = new AppService({
    version: pkg.version,
    lang: o.lang,
    pick: o.pick ?? (async (purpose) => filesIn(o.docs, purpose)),
    save: async (name) => freeOutputPath(o.docs, name, existsSync),
    emit,
    ...(o.env ? { env: o.env } : {}),
    ...(o.trustListsAtStart ? { trustListsAtStart: true } : {}),
    ...(o.openPath ? { openPath: o.openPath } : {}),
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/harness-api.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      res.end(API_SCRIPT);
      return;
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(RENDERER, rel));
    if (!file.startsWith(RENDERER + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer | string = readFileSync(file);
    if (rel === 'index.html') body = body.toString('utf8').replace('<head>', '<head>\n    <script src="./harness-api.js"></script>');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(body);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const ok = url.pathname === '/ws' && given.length === Buffer.byteLength(token) && timingSafeEqual(given, Buffer.from(token));
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let m: { type?: string; id?: number; channel?: string; args?: unknown; purpose?: unknown; names?: unknown };
        try {
          m = JSON.parse(String(data)) as typeof m;
        } catch {
          return;
        }
        if (m.type === 'drop' && typeof m.id === 'number') {
          // Only plain names of files in the documents folder: the stand-in for preload's webUtils.getPathForFile.
          const names = Array.isArray(m.names) ? m.names.filter((n): n is string => typeof n === 'string' && basename(n) === n && n !== '..') : [];
          ws.send(JSON.stringify({ type: 'result', id: m.id, result: app.registerDropped(m.purpose, names.map((n) => resolve(o.docs, n))) }));
          return;
        }
        if (m.type !== 'invoke' || typeof m.id !== 'number' || typeof m.channel !== 'string') return;
        const id = m.id;
        void app.dispatch(m.channel, m.args).then((result) => ws.send(JSON.stringify({ type: 'result', id, result })));
      });
    });
  });
  await new Promise<void>((r) => server.listen(o.port, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    open: async (args) => {
      await app.openFiles(fileArguments(['sigla', ...args], o.docs));
    },
    close: async () => {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      await app.close();
    },
  };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { port: { type: 'string' }, docs: { type: 'string' }, lang: { type: 'string' } } });
  let docs = values.docs;
  if (!docs) {
    docs = mkdtempSync(join(tmpdir(), 'sigla-ui-docs-'));
    for (const f of ['determina.pdf', 'determina.txt']) copyFileSync(join(REPO, 'resources', 'demo', f), join(docs, f));
  }
  void startHarness({ port: Number(values.port ?? 0), docs, lang: values.lang === 'en' ? 'en' : 'it' }).then((h) => {
    process.stdout.write(`Sigla UI (test harness): ${h.url}\ndocuments: ${docs}\n`);
    const stop = (): void => void h.close().then(() => process.exit(0));
    // As in the app: a signal removes the temp files of a signature in progress, then the harness stops.
    installTempCleanup(stop);
  });
}
