/**
 * Dispositivi → «Usa la CNS nei browser» (issue 17): the same io/browsers stores as `sigla browsers`, for the
 * module SIGLA_MODULE names or the first one showing a token (else the first module found), and «Prova
 * l'accesso»: a real TLS client authentication by NSS's tstclnt through one of the databases, with the token's
 * authentication certificate, the PIN asked in the PIN dialog (io/browsers/tlsClientCheck.ts).
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SiglaError } from '../shared/errors.js';
import type { ResultOf } from '../shared/ipc/contract.js';
import { resolveBrowserRequest, type ResolvedRequest } from '../io/browsers/browserRequest.js';
import type { BrowserDatabaseStatus, BrowserStores } from '../io/browsers/BrowserStores.js';
import { localBrowserStores } from '../io/browsers/localBrowserStores.js';
import { tlsClientCheck } from '../io/browsers/tlsClientCheck.js';
import { tokenHostEnvironment } from '../token/host/hostEnvironment.js';
import type { TokenHostClient } from '../token/host/TokenHostClient.js';
import type { PinSource } from '../token/PinSource.js';
import type { PinState } from '../token/pkcs11/PinState.js';

type View = ResultOf<'browsers:status'>;

export class BrowserActions {
  constructor(
    private readonly host: Pick<TokenHostClient, 'call'>,
    private readonly env: NodeJS.ProcessEnv,
    private readonly pins: PinSource,
    private readonly stores: (env: NodeJS.ProcessEnv) => BrowserStores = localBrowserStores,
  ) {}

  private childEnv(): NodeJS.ProcessEnv {
    return tokenHostEnvironment(this.env);
  }

  private request(): Promise<ResolvedRequest | null> {
    return resolveBrowserRequest(
      { tokens: async (module) => (await this.host.call('tokens', module !== undefined ? { module } : {})).tokens, certs: (module) => this.host.call('certs', { module }) },
      this.env['SIGLA_MODULE'],
      async () => (await this.host.call('modules', {}))[0]?.path,
    );
  }

  private canTest(): boolean {
    return (this.env['PATH'] ?? '').split(delimiter).some((d) => d !== '' && (existsSync(join(d, 'tstclnt')) || existsSync(join(d, 'tstclnt.exe'))));
  }

  async run(op: 'status' | 'register' | 'unregister'): Promise<View> {
    const r = await this.request();
    if (r === null) return { module: null, databases: [], certificates: [], canTest: false };
    const stores = this.stores(this.childEnv());
    const databases: BrowserDatabaseStatus[] = op === 'status' ? await stores.status(r) : op === 'register' ? await stores.register(r) : await stores.unregister(r);
    return { module: r.module, databases, certificates: [...r.web], canTest: this.canTest() };
  }

  async test(path: string): Promise<ResultOf<'browsers:test'>> {
    const r = await this.request();
    if (r === null) throw new SiglaError('TOKEN_NOT_FOUND', 'no module', { params: { token: '', candidates: '' } });
    // Only a database the status lists, where the module is reachable: never a path of the renderer's choosing.
    const db = (await this.stores(this.childEnv()).status(r)).find((d) => d.path === path && d.browser !== 'windows-store');
    if (!db || !['registered-by-sigla', 'registered', 'via-p11-kit'].includes(db.state)) throw new SiglaError('USAGE', 'not a registered browser database', { params: { detail: path } });
    const cert = r.web.find((c) => c.use === 'authentication');
    if (!cert) throw new SiglaError('CERT_NOT_FOUND', 'no authentication certificate', { params: { candidates: r.web.map((c) => c.label).join(', ') } });
    const state = (r.tokens.find((t) => t.label === cert.token)?.userPin ?? 'ok') as PinState;
    const request = { tokenLabel: cert.token, state, kind: 'user' as const };
    if (state === 'locked') throw new SiglaError('PIN_LOCKED', 'PIN locked', { params: { token: cert.token } });
    if (state === 'finalTry' && !(await this.pins.confirmFinalTry(request))) throw new SiglaError('PIN_FINAL_TRY_REFUSED', 'final try refused', { params: { token: cert.token, what: 'PIN' } });
    const pin = await this.pins.pin(request);
    try {
      const result = await tlsClientCheck({ database: db.path, nickname: cert.nickname, pin, env: this.childEnv() });
      return { authenticated: result.authenticated, ...(result.subject !== undefined ? { subject: result.subject } : {}), ...(result.use !== undefined ? { use: result.use } : {}) };
    } finally {
      pin.fill(0);
    }
  }
}
