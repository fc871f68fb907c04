/**
 * The caller's side of the token host: starts the host process, sends typed calls, answers its PIN requests from a
 * PinSource (and forwards its pinpad notices), and turns a host that dies (a crashing vendor module) into DEVICE_ERROR for every pending call instead
 * of a hang. The CLI uses it as is; Electron's main process gives it a utilityProcess transport.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { SiglaError } from '../../shared/errors.js';
import type { PinpadPrompt, PinSource } from '../PinSource.js';
import { tokenHostEnvironment } from './hostEnvironment.js';
import { deserializeError, serializeError, type FromHost, type HostMethods, type MethodName, type SlotEvent, type ToHost } from './protocol.js';

/** How messages reach the host process. */
export interface HostTransport {
  /** Process id of the host, when the transport knows it (diagnostics, tests). */
  readonly pid?: number | undefined;
  send(m: ToHost): void;
  onMessage(cb: (m: FromHost) => void): void;
  onExit(cb: (detail: string) => void): void;
  kill(): void;
}

export const HOST_ENTRY = join(__dirname, 'hostProcess.js');

/**
 * A Node child process with an IPC channel; V8 serialisation keeps Uint8Arrays binary. It gets only the
 * allow-listed part of `env` (hostEnvironment.ts): no TSA password, no secret of the parent.
 */
export function forkTransport(env: NodeJS.ProcessEnv = process.env): HostTransport {
  const child = fork(HOST_ENTRY, [], {
    serialization: 'advanced',
    // Vendor modules sometimes print to stdout: never into the CLI's output.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
    env: tokenHostEnvironment(env),
  });
  return {
    pid: child.pid,
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (cb) => child.on('message', (m) => cb(m as FromHost)),
    onExit: (cb) => child.on('exit', (code, signal) => cb(signal ? `signal ${signal}` : `exit code ${code ?? '?'}`)),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

export class TokenHostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(e: SlotEvent) => void>();
  private exited: string | undefined;
  private readonly ready: Promise<void>;
  private closing = false;
  /** Pinpad notices being shown, by the host's id: ended by the host's `end`, or when the host dies. */
  private readonly pinpads = new Map<number, PinpadPrompt>();

  constructor(
    private readonly transport: HostTransport,
    private readonly pins: PinSource | null,
  ) {
    let markReady: () => void = () => undefined;
    let failReady: (e: unknown) => void = () => undefined;
    this.ready = new Promise<void>((res, rej) => {
      markReady = res;
      failReady = rej;
    });
    // A host that never says ready must not leave an unhandled rejection behind.
    this.ready.catch(() => undefined);
    transport.onMessage((m) => {
      if (m.type === 'ready') markReady();
      else if (m.type === 'result') this.settle(m);
      else if (m.type === 'pin') void this.answerPin(m);
      else if (m.type === 'pinpad') void this.forwardPinpad(m);
      else if (m.type === 'event') for (const l of this.listeners) l(m.event);
    });
    transport.onExit((detail) => {
      this.exited = detail;
      const err = new SiglaError('DEVICE_ERROR', `the token host stopped (${detail}): the PKCS#11 module may have crashed`, { params: { detail } });
      failReady(err);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.endPinpads();
    });
  }

  static start(pins: PinSource | null, env?: NodeJS.ProcessEnv): TokenHostClient {
    return new TokenHostClient(forkTransport(env), pins);
  }

  get pid(): number | undefined {
    return this.transport.pid;
  }

  onEvent(cb: (e: SlotEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  async call<M extends MethodName>(method: M, params: HostMethods[M]['params']): Promise<HostMethods[M]['result']> {
    await this.ready;
    if (this.exited) throw new SiglaError('DEVICE_ERROR', `the token host stopped (${this.exited})`, { params: { detail: this.exited } });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.transport.send({ type: 'call', id, method, params });
    });
  }

  /** Asks the host to finish (logs out, C_Finalize) and waits a little; then it is killed. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.exited) return;
    this.transport.send({ type: 'shutdown' });
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.transport.kill();
        resolve();
      }, 3000);
      this.transport.onExit(() => {
        clearTimeout(t);
        resolve();
      });
      if (this.exited) {
        clearTimeout(t);
        resolve();
      }
    });
  }

  private settle(m: Extract<FromHost, { type: 'result' }>): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(deserializeError(m.error));
  }

  private async answerPin(m: Extract<FromHost, { type: 'pin' }>): Promise<void> {
    try {
      if (!this.pins) throw new SiglaError('CANCELLED', 'no way to ask for a PIN here');
      if (m.confirm) {
        const confirmed = await this.pins.confirmFinalTry(m.request);
        this.transport.send({ type: 'pinReply', id: m.id, confirmed });
        return;
      }
      const pin = await this.pins.pin(m.request);
      // A fresh ArrayBuffer of exactly the PIN's size: a pooled Buffer would carry its neighbours along.
      const copy = new Uint8Array(pin.length);
      copy.set(pin);
      pin.fill(0);
      this.transport.send({ type: 'pinReply', id: m.id, pin: copy });
      copy.fill(0);
    } catch (e) {
      this.transport.send({ type: 'pinReply', id: m.id, error: serializeError(e) });
    }
  }

  /**
   * A pinpad login starts (the caller's PinSource shows "type the PIN on the reader", then the host is told so it
   * can call C_Login) or ends. A PinSource without `pinpad` still lets the login go on.
   */
  private async forwardPinpad(m: Extract<FromHost, { type: 'pinpad' }>): Promise<void> {
    if (m.phase === 'end') {
      const p = this.pinpads.get(m.id);
      this.pinpads.delete(m.id);
      p?.end();
      return;
    }
    try {
      const prompt = this.pins?.pinpad ? await this.pins.pinpad(m.request) : undefined;
      if (prompt) {
        if (this.exited) prompt.end();
        else this.pinpads.set(m.id, prompt);
      }
      this.transport.send({ type: 'pinpadShown', id: m.id });
    } catch (e) {
      this.transport.send({ type: 'pinpadShown', id: m.id, error: serializeError(e) });
    }
  }

  private endPinpads(): void {
    const all = [...this.pinpads.values()];
    this.pinpads.clear();
    for (const p of all) p.end();
  }
}
