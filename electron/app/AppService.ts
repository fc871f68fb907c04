/**
 * What the desktop app can do, behind the typed IPC contract (electron/shared/ipc/contract.ts). Electron's main
 * process and the browser test harness both route every request here after validating it with the contract's
 * schema; the same core and token host as the CLI do the work.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { planSign } from '../io/signing/signRequest.js';
import { networkValidationData } from '../io/ltv/networkValidationData.js';
import { extendBeside } from './ExtendActions.js';
import { checkBeforeSigning, outcomeCode, runSignBatch } from '../io/signing/runSignBatch.js';
import { pdfaWarnings } from '../io/signing/pdfaWarnings.js';
import { SiglaError } from '../shared/errors.js';
import { describeError } from '../shared/i18n/messages.js';
import type { Lang } from '../shared/i18n/locale.js';
import { EVENTS, REQUESTS, type Channel, type EventName, type EventOf, type PickPurpose, type Result, type ResultOf } from '../shared/ipc/contract.js';
import { HostSigner } from '../token/host/HostSigner.js';
import { forkTransport, TokenHostClient, type HostTransport } from '../token/host/TokenHostClient.js';
import type { TokenSummary } from '../token/host/protocol.js';
import { DocumentRegistry } from './DocumentRegistry.js';
import { rememberCertificates } from '../io/certificateMemory.js';
import { GuiPinSource } from './GuiPinSource.js';
import { extractBeside, saveReportBeside, verifyDocument } from './VerifyActions.js';
import { OpenedContents, previewOf, saveSignedDocument, signedDocument } from './SignedContent.js';
import { localizeReport } from '../core/verify/localizeReport.js';
import { droppedFiles } from './droppedFiles.js';
import { groupByRoute } from './openedFiles.js';
import { Reminders } from './Reminders.js';
import { listModules } from './moduleListing.js';
import { runPinAction } from './PinActions.js';
import { withPinRetry } from './pinRetry.js';
import { SlotWatch } from './SlotWatch.js';
import { tokenProfileInfo } from './tokenProfileInfo.js';
import { exportCertificate, type SaveDialog } from './CertificateExport.js';
import { MemorySecretStore, type SecretStore } from './secrets/SecretStore.js';
import { SettingsActions } from './SettingsActions.js';
import { TrustActions } from './TrustActions.js';
import { TrustListActions } from './TrustListActions.js';
import { readTextPreview } from './textPreview.js';
import { convertBeside, pdfaStatus } from './PdfaActions.js';
import { checkPecDocuments, pecProfileList } from './PecActions.js';
import { usageError } from '../shared/i18n/usage.js';
import { BrowserActions } from './BrowserActions.js';

export interface AppDeps {
  readonly version: string;
  readonly lang: Lang;
  /** Files the user picked (Electron: a dialog; the harness: its documents folder). */
  readonly pick: (purpose: PickPurpose) => Promise<string[]>;
  /** Where to save a file Sigla writes on request (Electron: a save dialog; the harness: its documents folder). */
  readonly save?: SaveDialog;
  /** TSA passwords (Electron: safeStorage ciphertext in the data folder; default: memory only). */
  readonly secrets?: SecretStore;
  readonly emit: <E extends EventName>(event: E, payload: EventOf<E>) => void;
  /** Shows a file in the system's file manager (Electron: shell.showItemInFolder); absent in the harness. */
  readonly reveal?: (path: string) => void;
  /**
   * Opens a file with the system's application for it (Electron: shell.openPath; a failure is DOCUMENT_OPEN_FAILED);
   * only ever called with a file Sigla wrote in this session. Absent in the harness unless a test gives it.
   */
  readonly openPath?: (path: string) => Promise<void>;
  readonly env?: NodeJS.ProcessEnv;
  /** How the token host is started: a Node child process by default; Electron main passes a utilityProcess. */
  readonly hostTransport?: (env: NodeJS.ProcessEnv) => HostTransport;
  /**
   * Fetch the trusted lists in the background at start when none is usable, else refresh them when due (at most once
   * a day): `trustLists.startup()` at once. Electron main calls it itself once its window shows; off by default so
   * that tests reach no network unless they ask.
   */
  readonly trustListsAtStart?: boolean;
}

/** The largest PDF handed to the renderer for its page preview. */
const PREVIEW_MAX_BYTES = 200 * 1024 * 1024;

export class AppService {
  readonly documents = new DocumentRegistry();
  private readonly pins: GuiPinSource;
  private readonly host: TokenHostClient;
  /** Set by `sign:cancel`; the running batch stops after the file being signed. */
  private cancelRequested = false;
  readonly reminders: Reminders;
  /** Files opened from the OS before the renderer asked for them (documents:takeOpened). */
  private openedQueue: EventOf<'documents:opened'>[] = [];
  private openedListening = false;
  private readonly watch: SlotWatch;
  private readonly settings: SettingsActions;
  private readonly trust: TrustActions;
  readonly trustLists: TrustListActions;
  /** Dispositivi → «Usa la CNS nei browser». */
  private readonly browsers: BrowserActions;
  /** Signed documents opened from Verifica: a private temp folder, removed at close. */
  readonly openedContents = new OpenedContents();

  constructor(private readonly deps: AppDeps) {
    this.settings = new SettingsActions(deps.env ?? process.env, deps.secrets ?? new MemorySecretStore());
    this.trust = new TrustActions(deps.env ?? process.env, this.documents);
    this.pins = new GuiPinSource((p) => deps.emit('pin:request', EVENTS['pin:request'].parse(p)), () => this.lang(), (p) => deps.emit('pin:pinpad', EVENTS['pin:pinpad'].parse(p)));
    this.host = new TokenHostClient((deps.hostTransport ?? forkTransport)(deps.env ?? process.env), this.pins);
    this.host.onEvent((e) => deps.emit('tokens:changed', { type: e.type, token: contractToken(e.token) }));
    this.watch = new SlotWatch(this.host);
    this.browsers = new BrowserActions(this.host, deps.env ?? process.env, this.pins);
    void this.watch.ensure();
    this.reminders = new Reminders(deps.env ?? process.env, () => this.lang(), (p) => deps.emit('reminders:due', p));
    this.reminders.start();
    this.trustLists = new TrustListActions(() => this.settings.networkEnv(), this.documents, () => this.lang(), deps.emit);
    if (deps.trustListsAtStart) void this.trustLists.startup();
  }

  /** Files dropped on the window (paths from preload's webUtils.getPathForFile), validated, as documents. */
  registerDropped(purpose: unknown, paths: unknown): Result<ResultOf<'documents:pick'>> {
    const d = droppedFiles(purpose, paths);
    if (!d) return { ok: false, error: { code: 'USAGE', message: describeError(usageError('invalidFiles'), this.lang(), 'app') } };
    return { ok: true, value: d.paths.map((p) => this.documents.register(p)) };
  }

  /**
   * Files the OS asked to open (electron/app/openedFiles.ts decides the screen): registered as documents and sent
   * to the renderer, or kept until it asks (documents:takeOpened) when it is not listening yet.
   */
  async openFiles(paths: readonly string[]): Promise<EventOf<'documents:opened'>[]> {
    const batches = (await groupByRoute(paths)).map((g) => ({ route: g.route, documents: g.paths.map((p) => this.documents.register(p)) }));
    for (const b of batches) {
      if (this.openedListening) this.deps.emit('documents:opened', b);
      else this.openedQueue.push(b);
    }
    return batches;
  }

  /** Validates the arguments with the contract, runs the request, and wraps the outcome. */
  async dispatch(channel: string, rawArgs: unknown): Promise<Result<unknown>> {
    if (!Object.hasOwn(REQUESTS, channel)) return { ok: false, error: { code: 'USAGE', message: `unknown channel ${channel}` } };
    const c = channel as Channel;
    const parsed = REQUESTS[c][0].safeParse(rawArgs ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'USAGE', message: 'invalid arguments' } };
    try {
      const value = await this.handle(c, parsed.data as never);
      return { ok: true, value: REQUESTS[c][1].parse(value) };
    } catch (e) {
      const err = e instanceof SiglaError ? e : new SiglaError('INTERNAL', String((e as Error)?.message ?? e), { params: { detail: String((e as Error)?.message ?? e) } });
      return { ok: false, error: { code: err.code, message: describeError(err, this.lang(), 'app') } };
    }
  }

  /** The language of messages from main: the one chosen in Impostazioni, else the system's. */
  lang(): Lang {
    return this.settings.language() ?? this.deps.lang;
  }

  private async handle(c: Channel, args: Record<string, unknown>): Promise<unknown> {
    switch (c) {
      case 'app:info':
        return { version: this.deps.version, lang: this.lang() };
      case 'tokens:list': {
        const { tokens } = await this.host.call('tokens', {});
        void this.watch.ensure();
        return tokens.map(contractToken);
      }
      case 'certs:list': {
        const rows = await this.host.call('certs', args['token'] ? { token: String(args['token']) } : {});
        rememberCertificates(rows.map((r) => new Uint8Array(Buffer.from(r.der, 'base64'))), this.deps.env);
        this.reminders.check('certificates');
        return rows.map(({ der: _d, module: _m, label: _l, serial: _s, qcSSCD: _q, ...r }) => r);
      }
      case 'documents:pick':
        return (await this.deps.pick(args['purpose'] as PickPurpose)).map((p) => this.documents.register(p));
      case 'sign:run':
        return this.sign(args as ResultOfArgs<'sign:run'>);
      case 'sign:cancel':
        this.cancelRequested = true;
        this.pins.cancelAll();
        return null;
      case 'documents:pdf':
        return { base64: this.pdfBytes(String(args['document'])) };
      case 'documents:text': {
        const id = String(args['document']);
        return readTextPreview(this.documents.path(id), this.documents.describe(id).size);
      }
      case 'documents:open':
        return this.openOutput(String(args['document']));
      case 'documents:reveal': {
        const path = this.documents.path(String(args['document']));
        this.deps.reveal?.(path);
        return null;
      }
      case 'pec:profiles':
        return pecProfileList(this.settings.networkEnv(), this.lang());
      case 'pec:check': {
        const ids = (args['documents'] as string[]).map(String);
        return checkPecDocuments(ids.map((id) => ({ id, path: this.documents.path(id) })), args['main'] === undefined ? undefined : String(args['main']), args['profile'] === undefined ? undefined : String(args['profile']), this.settings.networkEnv(), this.lang());
      }
      case 'verify:run':
        // The texts are filled in here, once, in the app's language: the renderer shows them as they are.
        return localizeReport(await verifyDocument(this.documents.path(String(args['document'])), this.settings.networkEnv(), this.contentPath(args)), this.lang(), 'app');
      case 'verify:extract':
        return this.documents.registerOutput(await extractBeside(this.documents.path(String(args['document']))));
      case 'verify:extend':
        return this.documents.registerOutput(
          await extendBeside(this.documents.path(String(args['document'])), args['level'] === 'B-LTA' ? 'B-LTA' : 'B-LT', this.settings.networkEnv(), args['level'] === 'B-LTA' ? await this.settings.defaultTimestamper() : undefined),
        );
      case 'verify:saveReport':
        return this.documents.registerOutput(await saveReportBeside(this.documents.path(String(args['document'])), args['format'] === 'json' ? 'json' : args['format'] === 'pdf' ? 'pdf' : 'txt', this.lang(), this.settings.networkEnv(), this.contentPath(args)));
      case 'verify:content':
        return previewOf(await signedDocument(this.documents.path(String(args['document']))));
      case 'verify:openContent': {
        const source = this.documents.path(String(args['document']));
        if (!this.deps.openPath) throw usageError('openUnavailable');
        await this.deps.openPath(await this.openedContents.write(await signedDocument(source), source));
        return null;
      }
      case 'verify:saveContent': {
        const source = this.documents.path(String(args['document']));
        return saveSignedDocument(await signedDocument(source), source, this.deps.save);
      }
      case 'pin:respond':
        this.pins.respond(args as { requestId: number });
        return null;
      case 'reminders:list':
        return this.reminders.list();
      case 'reminders:snooze':
        return this.reminders.snooze(String(args['fingerprintSha256']).replace(/:/g, '').toLowerCase());
      case 'documents:takeOpened':
        this.openedListening = true;
        return this.openedQueue.splice(0);
      case 'pin:run':
        return runPinAction(this.host, args as ResultOfArgs<'pin:run'>, this.lang());
      case 'tokens:profile':
        return tokenProfileInfo(String(args['profile']), this.lang());
      case 'modules:list':
        return listModules(this.host, this.lang());
      case 'settings:get':
        return this.settings.view();
      case 'settings:update':
        return this.settings.update(args as ResultOfArgs<'settings:update'>);
      case 'tsa:save':
        return this.settings.saveTsa(args as ResultOfArgs<'tsa:save'>);
      case 'tsa:delete':
        return this.settings.deleteTsa(String(args['id']));
      case 'tsa:test':
        return this.settings.testTsa(String(args['id']));
      case 'trust:list':
        return this.trust.list();
      case 'trust:import':
        return this.trust.import(String(args['document']));
      case 'trust:remove':
        return this.trust.remove(String(args['id']));
      case 'trustLists:status':
        return this.trustLists.status();
      case 'trustLists:update':
        return this.trustLists.update();
      case 'trustLists:cancel':
        return this.trustLists.cancel();
      case 'trustLists:import': {
        const a = args as ResultOfArgs<'trustLists:import'>;
        return this.trustLists.import(a.documents, a.signers);
      }
      case 'pdfa:status': {
        const id = String(args['document']);
        return pdfaStatus(this.documents.path(id), this.documents.describe(id).size, this.deps.env ?? process.env);
      }
      case 'pdfa:convert': {
        const a = args as ResultOfArgs<'pdfa:convert'>;
        const r = await convertBeside(this.documents.path(a.document), this.deps.env ?? process.env, a.level);
        return { document: this.documents.registerOutput(r.output), level: r.level, fonts: r.check.fonts };
      }
      case 'certs:export':
        return exportCertificate(this.host, this.deps.save, args as ResultOfArgs<'certs:export'>);
      case 'browsers:status':
        return this.browsers.run('status');
      case 'browsers:register':
        return this.browsers.run('register');
      case 'browsers:unregister':
        return this.browsers.run('unregister');
      case 'browsers:test':
        return this.browsers.test(String(args['path']));
    }
  }

  /** The document the user chose for a detached signature (`content` of verify:run / verify:saveReport), if any. */
  private contentPath(args: Record<string, unknown>): string | undefined {
    return args['content'] === undefined ? undefined : this.documents.path(String(args['content']));
  }

  /** `documents:open`: only a file this session wrote; a document the user chose (an input) is never launched. */
  private async openOutput(id: string): Promise<null> {
    const path = this.documents.path(id);
    if (!this.documents.isOutput(id)) throw usageError('notSiglaOutput');
    if (!this.deps.openPath) throw usageError('openUnavailable');
    await this.deps.openPath(path);
    return null;
  }

  private pdfBytes(id: string): string {
    const path = this.documents.path(id);
    const doc = this.documents.describe(id);
    if (doc.kind !== 'pdf') throw usageError('pdfOnly');
    if (doc.size > PREVIEW_MAX_BYTES) throw new SiglaError('INPUT_UNREADABLE', 'PDF too large for the preview', { params: { file: doc.name } });
    return readFileSync(path).toString('base64');
  }

  /**
   * A batch through the signing pipeline (io/signing), the one the CLI uses: same dispatch, output names (never
   * replacing a file: the next free name), batch-stopping errors and durable flush. The app adds what a window needs:
   * one PIN prompt (asked again when typed wrong), `sign:cancel`, and a `sign:progress` event per document.
   */
  private async sign(req: ResultOfArgs<'sign:run'>): Promise<ResultOf<'sign:run'>> {
    const ids = req.items.map((i) => i.document);
    const plan = planSign({
      items: req.items.map((i) => ({ input: this.documents.path(i.document), format: i.format, ...(i.visible ? { visible: { page: i.visible.page, rect: i.visible.rect } } : {}) })),
      detached: req.detached,
      ...(req.mode ? { mode: req.mode } : {}),
      digest: req.digest,
      level: req.level ?? (req.tsaAccount ? 'B-T' : 'B-B'),
      ...(req.countersign ? { countersignIndexes: req.countersign.map((n) => n - 1) } : {}),
      ...(req.detachedContent ? { detachedContent: this.documents.path(req.detachedContent) } : {}),
      pades: { ...(req.reason ? { reason: req.reason } : {}), ...(req.location ? { location: req.location } : {}) },
      existing: 'nextFree',
    });
    // Refused before the PIN is asked: an unreadable document, an output that would be an input, an unknown TSA account.
    checkBeforeSigning(plan);
    // A PDF that claims PDF/A but already breaks it: the warning goes with its result; signing goes on. The file is
    // named, never its path (the renderer sees documents as id and name only).
    const named = (w: SiglaError, file: string): SiglaError => new SiglaError(w.code, w.message, { params: { ...w.params, file: basename(file) }, cause: w });
    const warnings = new Map((await pdfaWarnings(plan)).map((w) => [w.file, { code: w.warning.code, message: describeError(named(w.warning, w.file), this.lang(), 'app') }]));
    const level = plan.request.level ?? 'B-B';
    if (level !== 'B-B' && !req.tsaAccount) throw usageError('levelNeedsTsa', { level });
    const timestamper = req.tsaAccount && level !== 'B-B' ? await this.settings.timestamper(req.tsaAccount) : undefined;
    // B-LT/B-LTA: validation data over the network, anchors from the app's trust store and the trusted lists.
    const validationData = level === 'B-LT' || level === 'B-LTA' ? networkValidationData(this.settings.networkEnv()) : undefined;
    this.cancelRequested = false;
    // A wrong PIN is asked again (with the new state), never replayed; see pinRetry.ts.
    const signer = await withPinRetry(() => HostSigner.open(this.host, { ...(req.token ? { token: req.token } : {}), ...(req.certificate ? { certId: req.certificate } : {}), allowFinalTry: false, extraCertificates: [] }), this.pins);
    const results: ResultOf<'sign:run'> = [];
    try {
      await runSignBatch(
        plan,
        { signer, ...(timestamper ? { timestamper } : {}), ...(validationData ? { validationData } : {}) },
        {
          cancelled: () => this.cancelRequested,
          // A key that asks for its PIN before every signature (CKA_ALWAYS_AUTHENTICATE) may get a wrong one: the
          // document is signed again from the start with a freshly typed PIN (nothing of the failed attempt is kept).
          attempt: (run) => withPinRetry(run, this.pins),
          onEvent: (e) => {
            const id = ids[e.index] ?? '';
            const name = basename(e.outcome.job.input);
            const o = e.outcome;
            const warning = warnings.get(o.job.input);
            results.push({
              ...(o.ok ? { id, name, ok: true, output: this.documents.registerOutput(o.output) } : { id, name, ok: false, error: { code: outcomeCode(o), message: describeError(o.error, this.lang(), 'app') } }),
              ...(warning ? { warning } : {}),
            });
            if (o.ok || o.attempted) this.deps.emit('sign:progress', { id, done: e.index + 1, total: e.total });
          },
        },
      );
    } finally {
      await signer.close();
    }
    return results;
  }

  async close(): Promise<void> {
    this.openedContents.dispose();
    this.reminders.stop();
    this.pins.cancelAll();
    await this.host.close();
  }
}

/** A token as the contract shows it to the renderer (TokenSchema): no slot index, no PIN length limits. */
function contractToken(t: TokenSummary): EventOf<'tokens:changed'>['token'] {
  return { module: t.module, slotId: t.slotId, label: t.label, manufacturer: t.manufacturer, model: t.model, serial: t.serial, userPin: t.userPin, soPin: t.soPin, pinpad: t.pinpad, profile: t.profile };
}

type ResultOfArgs<C extends Channel> = import('zod').output<(typeof REQUESTS)[C][0]>;

/** Files of a folder, for the harness's "picker". */
export function filesIn(dir: string, purpose: PickPurpose): string[] {
  const wanted = (n: string): boolean =>
    purpose === 'certificate' || purpose === 'listSigners'
      ? /\.(pem|crt|cer|der)$/i.test(n)
      : purpose === 'trustedList'
        ? /\.xml$/i.test(n)
        : purpose === 'verify'
          ? /\.(p7m|p7s|m7m|tsd|pdf)$/i.test(n)
          : !/\.(p7m|p7s|m7m|tsd|tsr)$/i.test(n) && !/-firmato(-\d+)?\.pdf$/i.test(n);
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isFile())
    .filter(wanted)
    .sort()
    .map((n) => join(dir, n));
}
