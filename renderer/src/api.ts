/**
 * The renderer's only way to the privileged side: `window.sigla`, exposed by the preload script (or emulated by the
 * browser test harness). Only types come from the contract; nothing of zod is bundled.
 */
import type { Channel, EventName, EventOf, RequestOf, Result, ResultOf, SiglaApi } from '../../electron/shared/ipc/contract';

export type { Channel, EventName, EventOf, RequestOf, Result, ResultOf, SiglaApi };

declare global {
  interface Window {
    sigla?: SiglaApi;
  }
}

/** Thrown when the page runs without the preload bridge (e.g. opened directly in a browser). */
export class SiglaUnavailableError extends Error {
  constructor() {
    super('window.sigla is missing: the Sigla renderer must run inside the Sigla app (preload bridge) or the test harness.');
    this.name = 'SiglaUnavailableError';
  }
}

/** The typed bridge. Looked up at every call, so a bridge installed after this module loaded is still found. */
export function api(): SiglaApi {
  const bridge = window.sigla;
  if (!bridge || typeof bridge.invoke !== 'function' || typeof bridge.on !== 'function') throw new SiglaUnavailableError();
  return bridge;
}

/** `invoke` that never throws: a failure of the bridge itself comes back as `{ ok: false }` like any other error. */
export async function call<C extends Channel>(channel: C, args: RequestOf<C>): Promise<Result<ResultOf<C>>> {
  try {
    return await api().invoke(channel, args);
  } catch (e) {
    const code = e instanceof SiglaUnavailableError ? 'BRIDGE_UNAVAILABLE' : 'INTERNAL';
    return { ok: false, error: { code, message: e instanceof Error ? e.message : String(e) } };
  }
}

/** `on` that tolerates a missing bridge (returns a no-op unsubscribe). */
export function subscribe<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
  try {
    return api().on(event, listener);
  } catch {
    return () => undefined;
  }
}

export type Token = ResultOf<'tokens:list'>[number];
export type Certificate = ResultOf<'certs:list'>[number];
export type SiglaDocument = ResultOf<'documents:pick'>[number];
export type SignResult = ResultOf<'sign:run'>[number];
export type PinRequest = EventOf<'pin:request'>;
export type ApiError = { code: string; message: string };

/** Files dropped on the window, as documents (preload resolves them; the page never sees their paths). */
export async function dropFiles(files: FileList, purpose: 'sign' | 'verify'): Promise<Result<SiglaDocument[]>> {
  try {
    return await api().dropFiles(files, purpose);
  } catch (e) {
    const code = e instanceof SiglaUnavailableError ? 'BRIDGE_UNAVAILABLE' : 'INTERNAL';
    return { ok: false, error: { code, message: e instanceof Error ? e.message : String(e) } };
  }
}
