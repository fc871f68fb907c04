/**
 * The token host as an Electron utilityProcess (issue: "The token host runs as a utilityProcess"): Electron's own
 * way to run a Node child from the main process. `child_process.fork` would need ELECTRON_RUN_AS_NODE, which the
 * runAsNode fuse turns off in the packaged app (electron-builder.yml). hostProcess.ts talks to it through
 * `process.parentPort`; messages are structured clones, so the PIN and signatures stay Uint8Arrays.
 * Main-only and type-checked only (no Electron in the tests); the port protocol itself is tested in
 * test/token/tokenHostParentPort.test.ts with a fake parentPort.
 */
import { utilityProcess } from 'electron';
import type { FromHost } from '../token/host/protocol.js';
import { tokenHostEnvironment } from '../token/host/hostEnvironment.js';
import { HOST_ENTRY, type HostTransport } from '../token/host/TokenHostClient.js';

export function utilityHostTransport(env: NodeJS.ProcessEnv = process.env): HostTransport {
  const child = utilityProcess.fork(HOST_ENTRY, [], {
    serviceName: 'Sigla token host',
    // Vendor modules sometimes print to stdout: nowhere. Their errors go to the app's stderr.
    stdio: ['ignore', 'ignore', 'inherit'],
    // The allow-listed environment only (hostEnvironment.ts), the same as the CLI's host: no secret of main's.
    env: tokenHostEnvironment(env),
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (m) => {
      if (!exited) child.postMessage(m);
    },
    onMessage: (cb) => child.on('message', (m: unknown) => cb(m as FromHost)),
    onExit: (cb) => child.on('exit', (code) => cb(`exit code ${code}`)),
    kill: () => {
      if (!exited) child.kill();
    },
  };
}
