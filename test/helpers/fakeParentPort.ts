/**
 * Child-process entry for test/token/tokenHostParentPort.test.ts: gives the token host the port shape Electron's
 * utilityProcess provides (`process.parentPort` with `postMessage(m)` and `on('message', ({ data }) => …)`), carried
 * over Node's IPC channel, then starts the host. Every message is wrapped as `{ port: m }` so the test can tell that
 * the host used this port and not its `process.send` fallback.
 */
import { EventEmitter } from 'node:events';

class FakeParentPort extends EventEmitter {
  postMessage(message: unknown): void {
    // Electron structured-clones what crosses the port; so does this.
    process.send?.({ port: structuredClone(message) });
  }
}

const port = new FakeParentPort();
process.on('message', (raw: unknown) => {
  const m = raw as { port?: unknown };
  if (m && typeof m === 'object' && 'port' in m) port.emit('message', { data: structuredClone(m.port), ports: [] });
});
(process as unknown as { parentPort: FakeParentPort }).parentPort = port;

// eslint-disable-next-line @typescript-eslint/no-require-imports
(require('../../electron/token/host/hostProcess.js') as { runHost(): void }).runHost();
