/**
 * Entry point of the token host: a child process (Node's `fork` now; Electron's utilityProcess in the app) that
 * owns every PKCS#11 module. A blocking C_Login on a pinpad or a vendor module that crashes takes this process down
 * or stalls it, never the caller, which sees the failure as DEVICE_ERROR and can start a new host.
 * Nothing is written to stdout; nothing about PINs is written anywhere.
 */
import { RemotePinSource } from './RemotePinSource.js';
import { serializeError, type FromHost, type ToHost } from './protocol.js';
import { TokenService } from './TokenService.js';

/** The parent port: process.send under `fork`; Electron's utilityProcess gives `process.parentPort` instead. */
interface Port {
  post(m: FromHost): void;
  onMessage(cb: (m: ToHost) => void): void;
}

function parentPort(): Port {
  const electronPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(ev: 'message', cb: (e: { data: unknown }) => void): void } }).parentPort;
  if (electronPort) {
    return { post: (m) => electronPort.postMessage(m), onMessage: (cb) => electronPort.on('message', (e) => cb(e.data as ToHost)) };
  }
  if (!process.send) throw new Error('the token host must be started by Sigla (no IPC channel)');
  return {
    post: (m) => {
      process.send?.(m);
    },
    onMessage: (cb) => process.on('message', (m) => cb(m as ToHost)),
  };
}

export function runHost(): void {
  const port = parentPort();
  const pins = new RemotePinSource((m) => port.post(m));
  const service = new TokenService(pins, (event) => port.post({ type: 'event', event }));
  const stop = (): void => {
    pins.cancelAll();
    service.shutdown();
    process.exit(0);
  };
  port.onMessage((m) => {
    if (m.type === 'shutdown') return stop();
    if (m.type === 'pinReply') return pins.deliver(m);
    if (m.type === 'pinpadShown') return pins.deliverShown(m);
    if (m.type !== 'call') return;
    service.dispatch(m.method, m.params).then(
      (value) => port.post({ type: 'result', id: m.id, ok: true, value }),
      (e: unknown) => port.post({ type: 'result', id: m.id, ok: false, error: serializeError(e) }),
    );
  });
  process.on('disconnect', stop);
  port.post({ type: 'ready' });
}

if (require.main === module) runHost();
