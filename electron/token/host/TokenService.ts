/**
 * What the token host does, method by method (see `protocol.ts`). Operations on one slot go through that slot's
 * serial queue, so a batch's login, signatures and logout never interleave with another request for the same token;
 * other slots go on meanwhile (while this one waits for a PIN, for instance).
 */
import { SiglaError } from '../../shared/errors.js';
import { discoverModules } from '../moduleDiscovery.js';
import { ModuleRegistry } from '../ModuleRegistry.js';
import { openTokenSigner, type TokenSigner } from '../openTokenSigner.js';
import { checkPin, changePin, unblockPin } from '../pkcs11/pinOperations.js';
import type { Pkcs11Module } from '../pkcs11/Pkcs11Module.js';
import type { PinSource } from '../PinSource.js';
import { selectToken } from '../selectToken.js';
import { SlotWatcher } from '../SlotWatcher.js';
import { certificateRows, tokenSummary } from '../tokenListing.js';
import { serializeError, type HostMethods, type MethodName, type SlotEvent } from './protocol.js';
import { SerialQueues } from './SerialQueue.js';

type Handler<M extends MethodName> = (params: HostMethods[M]['params']) => Promise<HostMethods[M]['result']>;

const slotKey = (m: Pkcs11Module, slot: Buffer): string => `${m.path}#${slot.toString('hex')}`;

export class TokenService {
  private readonly registry = new ModuleRegistry();
  private readonly queues = new SerialQueues();
  private readonly signers = new Map<number, { signer: TokenSigner; key: string; module: Pkcs11Module }>();
  private nextSignerId = 1;
  private readonly watcher: SlotWatcher;
  /** Operations that hold a session of a module while they wait (for a PIN): the watcher must not re-initialise it. */
  private readonly inUse = new Map<Pkcs11Module, number>();

  constructor(
    private readonly pins: PinSource,
    emit: (e: SlotEvent) => void,
  ) {
    this.watcher = new SlotWatcher(
      () => this.registry.all(),
      (m) => (this.inUse.get(m) ?? 0) > 0 || [...this.signers.values()].some((s) => s.module === m),
      emit,
    );
  }

  readonly handlers: { [M in MethodName]: Handler<M> } = {
    modules: async (p) => discoverModules(p.module),
    tokens: async (p) => {
      const opened = this.registry.open(p.module);
      const tokens = opened.modules.flatMap((m) => m.tokens().map(tokenSummary));
      return { tokens, failures: opened.failures.map((f) => ({ path: f.path, error: serializeError(f.error) })) };
    },
    certs: async (p) => {
      const opened = this.registry.open(p.module);
      const rows = [];
      for (const m of opened.modules) {
        for (const t of m.tokens()) {
          if (p.token !== undefined && t.label !== p.token) continue;
          rows.push(...(await this.queues.run(slotKey(m, t.slot), async () => certificateRows(m, t))));
        }
      }
      if (p.token !== undefined && rows.length === 0) selectToken(opened.modules, p.token);
      return rows;
    },
    openSigner: async (p) => {
      const opened = this.registry.open(p.module);
      const { module, token } = selectToken(opened.modules, p.token);
      const key = slotKey(module, token.slot);
      return this.queues.run(key, () => this.holding(module, async () => {
        const signer = await openTokenSigner({
          modules: [module],
          tokenLabel: token.label,
          ...(p.certId !== undefined ? { certId: p.certId } : {}),
          allowFinalTry: p.allowFinalTry,
          pins: this.pins,
          extraCertificates: p.extraCertificates,
        });
        const signerId = this.nextSignerId++;
        this.signers.set(signerId, { signer, key, module });
        return {
          signerId,
          certificate: signer.signer.certificate,
          chain: signer.signer.chain,
          keyAlgorithm: signer.signer.keyAlgorithm,
          tokenLabel: signer.token.label,
          certificateName: signer.certificate.info.displayName,
          perSignaturePin: signer.certificate.alwaysAuthenticate,
        };
      }));
    },
    sign: async (p) => {
      const s = this.signers.get(p.signerId);
      if (!s) throw new SiglaError('INTERNAL', `no open signer ${p.signerId}`, { params: { detail: 'signer closed' } });
      return this.queues.run(s.key, () => s.signer.signer.sign({ hash: p.hash, toBeSigned: p.toBeSigned, digest: p.digest }));
    },
    signMany: async (p) => {
      const s = this.signers.get(p.signerId);
      if (!s) throw new SiglaError('INTERNAL', `no open signer ${p.signerId}`, { params: { detail: 'signer closed' } });
      // One turn of the slot's queue for the group: in order, and nothing of another request between them.
      return this.queues.run(s.key, async () => {
        const signatures: Uint8Array[] = [];
        for (const r of p.requests) {
          try {
            signatures.push(await s.signer.signer.sign({ hash: r.hash, toBeSigned: r.toBeSigned, digest: r.digest }));
          } catch (e) {
            // The requests after it are not attempted: the caller decides whether to ask again.
            return { signatures, error: serializeError(e) };
          }
        }
        return { signatures };
      });
    },
    closeSigner: async (p) => {
      const s = this.signers.get(p.signerId);
      if (!s) return null;
      this.signers.delete(p.signerId);
      await this.queues.run(s.key, async () => s.signer.close());
      return null;
    },
    pin: async (p) => {
      const opened = this.registry.open(p.module);
      const { module, token } = selectToken(opened.modules, p.token);
      const o = { allowFinalTry: p.allowFinalTry };
      return this.queues.run(slotKey(module, token.slot), () =>
        this.holding(module, () => {
          if (p.op === 'check') return checkPin(module, token, this.pins, o);
          if (p.op === 'change') return changePin(module, token, this.pins, o);
          return unblockPin(module, token, this.pins, o);
        }),
      );
    },
    watchStart: async (p) => {
      this.registry.open(p.module);
      return this.watcher.start(p.intervalMs);
    },
    watchStop: async () => {
      this.watcher.stop();
      return null;
    },
  };

  /** Runs `task` with `module` marked in use (see {@link inUse}). */
  private async holding<T>(module: Pkcs11Module, task: () => Promise<T>): Promise<T> {
    this.inUse.set(module, (this.inUse.get(module) ?? 0) + 1);
    try {
      return await task();
    } finally {
      const n = (this.inUse.get(module) ?? 1) - 1;
      if (n > 0) this.inUse.set(module, n);
      else this.inUse.delete(module);
    }
  }

  async dispatch(method: MethodName, params: unknown): Promise<unknown> {
    const handler = this.handlers[method] as (p: unknown) => Promise<unknown>;
    if (!handler) throw new SiglaError('INTERNAL', `unknown host method ${String(method)}`, { params: { detail: String(method) } });
    return handler(params);
  }

  shutdown(): void {
    this.watcher.stop();
    for (const s of this.signers.values()) s.signer.close();
    this.signers.clear();
    this.registry.closeAll();
  }
}
