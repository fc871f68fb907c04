/**
 * Elenchi di fiducia behind the contract (trustLists:status, trustLists:update + trustLists:progress,
 * trustLists:cancel, trustLists:import), and the background fetch of the first start. The lists themselves (fetch,
 * XML signature checks, cache shared with the CLI) are electron/io/trustedLists; this module only runs them for the
 * app: one fetch at a time, cancellable, its progress sent as events, its failure kept to be shown (offline, the
 * last good copy stays in use: ETSI TS 119 615 §4.1 lets a relying party use the last valid list it holds).
 */
import { basename } from 'node:path';
import { certificatesInFile } from '../io/certificateFiles.js';
import { importTrustLists, refreshTrustListsIfDue, trustListsStatus, updateTrustLists, type TrustListsStatus } from '../io/trustedLists/index.js';
import { SiglaError } from '../shared/errors.js';
import { describeError, TL_REASON_WORDS } from '../shared/i18n/messages.js';
import type { Lang } from '../shared/i18n/locale.js';
import type { EventName, EventOf, ResultOf } from '../shared/ipc/contract.js';
import type { DocumentRegistry } from './DocumentRegistry.js';

type StatusView = ResultOf<'trustLists:status'>;
type Emit = <E extends EventName>(event: E, payload: EventOf<E>) => void;

/** Reasons whose words name a command-line option: the app has its own words for them. */
const appReason = (reason: string): string => (reason === 'NO_SIGNERS' ? 'NO_SIGNERS_APP' : reason);

/** A failure as the app says it: coded, never an exception's raw text, no command-line option named. */
function forApp(e: unknown): SiglaError {
  if (!(e instanceof SiglaError)) return new SiglaError('INTERNAL', 'trusted lists', { params: { detail: '' }, cause: e });
  const reason = e.params['reason'];
  const source = e.params['source'];
  const localSource = typeof source === 'string' && !/^[a-z]+:\/\//i.test(source);
  if ((typeof reason !== 'string' || appReason(reason) === reason) && !localSource) return e;
  return new SiglaError(e.code, e.message, { params: { ...e.params, ...(typeof reason === 'string' ? { reason: appReason(reason) } : {}), ...(localSource ? { source: basename(source) } : {}) }, cause: e });
}

function asCoded(e: unknown, lang: Lang): { code: string; message: string } {
  const err = forApp(e);
  return { code: err.code, message: describeError(err, lang, 'app') };
}

export class TrustListActions {
  private running: { controller: AbortController; background: boolean; settled: Promise<{ error?: unknown }> } | undefined;
  private lastError: { code: string; message: string } | undefined;

  constructor(
    /** The environment with the proxy settings applied (SettingsActions.networkEnv), read at each call. */
    private readonly env: () => NodeJS.ProcessEnv,
    private readonly documents: DocumentRegistry,
    private readonly lang: () => Lang,
    private readonly emit: Emit,
  ) {}

  /** The lists in use, each list's reason in words. */
  status(): StatusView {
    return this.view(trustListsStatus(this.env()));
  }

  private view(s: TrustListsStatus): StatusView {
    const lang = this.lang();
    return {
      ...s,
      lists: s.lists.map(({ error: _e, ...l }) => {
        const words = l.reason !== undefined ? TL_REASON_WORDS[lang][appReason(l.reason)] : undefined;
        // A list imported from a file is named by its file name: the renderer is never told paths.
        const source = /^[a-z]+:\/\//i.test(l.source) ? l.source : basename(l.source);
        return { ...l, source, ...(words !== undefined ? { reasonText: words } : {}) };
      }),
      updating: this.running !== undefined,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /**
   * Fetches the LOTL and the member states' lists (an update already running, the background one included, is
   * joined rather than started twice). Resolves with the lists in use; CANCELLED when stopped.
   */
  async update(background = false): Promise<StatusView> {
    // A stopped fetch may still be finishing a download: a new one starts once it is over.
    if (this.running?.controller.signal.aborted) await this.running.settled;
    if (!this.running) {
      const controller = new AbortController();
      // Once stopped, a download still finishing is not shown as progress.
      const progress = (p: { done: number; total: number; territory?: string }): void => {
        if (!controller.signal.aborted) this.emit('trustLists:progress', { running: true, background, done: p.done, total: p.total, ...(p.territory ? { territory: p.territory } : {}) });
      };
      this.emit('trustLists:progress', { running: true, background, done: 0, total: 0 });
      const settled: Promise<{ error?: unknown }> = updateTrustLists({ env: this.env(), onProgress: progress, signal: controller.signal })
        .then(
          (): { error?: unknown } => ({}),
          (error: unknown): { error?: unknown } => ({ error }),
        )
        .then((r) => {
          this.lastError = r.error === undefined || controller.signal.aborted ? undefined : asCoded(r.error, this.lang());
          this.running = undefined;
          this.emit('trustLists:progress', { running: false, background, done: 0, total: 0 });
          this.emit('trustLists:changed', this.status());
          return r;
        });
      this.running = { controller, background, settled };
    }
    const { settled, controller } = this.running;
    // "Interrompi" answers at once, even while a download in flight is not over yet (it ends in the background and
    // changes nothing the user did not see: the lists accepted so far stay, the others as they were).
    const stopped = new Promise<{ error?: unknown }>((resolve) => controller.signal.addEventListener('abort', () => resolve({}), { once: true }));
    const r = await Promise.race([settled, stopped]);
    // Stopped: the lists already checked and stored stay in use, the others as they were.
    if (controller.signal.aborted) throw new SiglaError('CANCELLED', 'trusted lists update cancelled', r.error !== undefined ? { cause: r.error } : {});
    if (r.error !== undefined) throw forApp(r.error);
    return this.status();
  }

  /** Stops a running update; the lists in use stay as they were. */
  cancel(): null {
    this.running?.controller.abort();
    return null;
  }

  /** TL/LOTL files and the certificates to check them, all picked through main (opaque ids). */
  import(documents: readonly string[], signers: readonly string[]): StatusView {
    const files = documents.map((id) => this.documents.path(id));
    const certs = signers.flatMap((id) => {
      const path = this.documents.path(id);
      const found = certificatesInFile(path);
      if (found.length === 0) throw new SiglaError('INPUT_FORMAT', 'no certificate', { params: { file: basename(path), detail: 'no certificate' } });
      return found;
    });
    let imported: TrustListsStatus;
    try {
      imported = importTrustLists(files, certs.length > 0 ? certs : undefined, this.env());
    } catch (e) {
      throw forApp(e);
    }
    const s = this.view(imported);
    this.emit('trustLists:changed', s);
    return s;
  }

  /**
   * At the app's start: with no list cached, fetch them in the background with progress (the banner); else the
   * daily refresh (at most once a day, decided by the cache). Offline, nothing changes and the failure is kept.
   */
  async startup(now = new Date()): Promise<void> {
    try {
      // Nothing usable yet (never fetched, or every attempt failed): fetch now, whatever the daily rhythm says.
      if (!trustListsStatus(this.env(), now).lists.some((l) => l.valid)) await this.update(true);
      else if (await refreshTrustListsIfDue(this.env(), now)) this.emit('trustLists:changed', this.status());
    } catch (e) {
      if (!this.lastError) this.lastError = asCoded(e, this.lang());
    }
  }
}
