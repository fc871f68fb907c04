/**
 * Electron main: a single instance with one sandboxed window, the typed IPC contract validated here (sender frame
 * and every argument), the token host as a utilityProcess, files opened from the OS (argv, `second-instance`,
 * macOS `open-file`) sent to Verifica or Firma, renewal reminders as OS notifications, the renderer served from
 * app://sigla/ (appProtocol.ts). Runs where Electron is
 * installed (`npm start`); nothing in the tests needs it: the logic sits in plain modules (electron/app/*,
 * ./windowSecurity.ts, ./reminderNotification.ts) that the tests exercise.
 */
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, Notification, protocol, session, shell } from 'electron';
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { SiglaError } from '../shared/errors.js';
import { AppService } from '../app/AppService.js';
import { fileArguments } from '../app/openedFiles.js';
import { detectLang } from '../shared/i18n/locale.js';
import type { EventName, EventOf, PickPurpose } from '../shared/ipc/contract.js';
import { APP_INDEX_URL, APP_SCHEME, appResponse } from './appProtocol.js';
import { appPaths } from './appPaths.js';
import { reminderNotification } from './reminderNotification.js';
import { utilityHostTransport } from './utilityHostTransport.js';
import { EncryptedSecretStore } from '../app/secrets/EncryptedSecretStore.js';
import { dataDir } from '../io/dataDir.js';
import { installTempCleanup } from '../io/tempFiles.js';
import { safeStorageCipher } from './safeStorageCipher.js';
import { createWindow, hardenAllWebContents, hardenSession, trustedSender } from './windowSecurity.js';
import { themeSource } from './themeSource.js';

const PATHS = appPaths(__dirname);

app.enableSandbox();
// Every web contents, the window's and any other, gets the window's rules (windowSecurity.ts).
hardenAllWebContents(app);
// The renderer's own origin (appProtocol.ts); must be declared before `ready`.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
/** A second start hands its argv (the files to open) to the running instance through `second-instance` and quits. */
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

let win: BrowserWindow | undefined;
let service: AppService | undefined;

// SIGINT/SIGTERM/SIGHUP (a terminal's Ctrl-C, a logout, a shutdown): the temp file of a signature in progress is
// removed at once, then the app quits as cancelled (exit 11, as the CLI); at exit, temp files left open go too.
installTempCleanup(() => app.exit(11));
/** Paths the OS handed over before the service existed (macOS sends open-file before `ready`). */
const early: string[] = [];

function open(paths: readonly string[]): void {
  if (paths.length === 0) return;
  if (!service) {
    early.push(...paths);
    return;
  }
  // Queued by AppService until the renderer asks for them, so nothing is lost while the window loads.
  service.openFiles(paths).catch(() => undefined);
}

function focusWindow(): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

app.on('open-file', (event, path) => {
  event.preventDefault();
  open([path]);
  focusWindow();
});

app.on('second-instance', (_event, argv, workingDirectory) => {
  open(fileArguments(argv, workingDirectory));
  focusWindow();
});

async function start(): Promise<void> {
  await app.whenReady();
  const lang = detectLang(undefined);
  const pkg = JSON.parse(readFileSync(PATHS.packageJson, 'utf8')) as { version: string };
  session.defaultSession.protocol.handle(APP_SCHEME, async (req) => {
    const r = await appResponse(req.url, PATHS.renderer);
    return new Response(r.body ? Buffer.from(r.body) : null, { status: r.status, headers: r.headers });
  });
  // The default session before the page loads (web-contents-created does it too, for every other session).
  hardenSession(session.defaultSession);
  win = createWindow(BrowserWindow, PATHS.preload);
  const send = <E extends EventName>(event: E, payload: EventOf<E>): void => win?.webContents.send(`sigla:event:${event}`, payload);
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    send(event, payload);
    if (event === 'reminders:due') notify(payload as EventOf<'reminders:due'>);
  };
  const notify = (due: EventOf<'reminders:due'>): void => {
    const n = reminderNotification(due, service?.lang() ?? lang);
    if (!n || !Notification.isSupported()) return;
    const shown = new Notification({ title: n.title, body: n.body });
    shown.on('click', () => {
      focusWindow();
      send('reminders:show', {});
    });
    shown.show();
  };
  service = new AppService({
    version: pkg.version,
    lang,
    emit,
    hostTransport: utilityHostTransport,
    reveal: (path) => shell.showItemInFolder(path),
    // shell.openPath answers with an error text (the OS's, in English): the user gets a coded message instead.
    openPath: async (path) => {
      if ((await shell.openPath(path)) !== '') throw new SiglaError('DOCUMENT_OPEN_FAILED', `cannot open ${path}`, { params: { file: basename(path) } });
    },
    pick: async (purpose) => {
      const filters: Record<PickPurpose, Electron.FileFilter[]> = {
        verify: [{ name: 'Documenti firmati', extensions: ['p7m', 'p7s', 'pdf', 'm7m', 'tsd'] }],
        certificate: [{ name: 'Certificati', extensions: ['cer', 'crt', 'pem', 'der'] }],
        listSigners: [{ name: 'Certificati', extensions: ['cer', 'crt', 'pem', 'der'] }],
        trustedList: [{ name: 'Elenchi di fiducia (XML)', extensions: ['xml'] }],
        sign: [],
        content: [],
      };
      const r = await dialog.showOpenDialog(win as BrowserWindow, {
        properties: purpose === 'certificate' || purpose === 'content' ? ['openFile'] : ['openFile', 'multiSelections'],
        filters: filters[purpose],
      });
      return r.canceled ? [] : r.filePaths;
    },
    save: async (suggestedName, kind) => {
      const r = await dialog.showSaveDialog(win as BrowserWindow, {
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters:
          kind === 'document'
            ? documentFilters(suggestedName)
            : kind === 'certificate-der' ? [{ name: 'Certificato (DER)', extensions: ['cer'] }, { name: 'Certificato (PEM)', extensions: ['pem'] }] : [{ name: 'Certificato (PEM)', extensions: ['pem'] }, { name: 'Certificato (DER)', extensions: ['cer'] }],
      });
      return r.canceled || !r.filePath ? undefined : r.filePath;
    },
    secrets: new EncryptedSecretStore(join(dataDir(), 'secrets.json'), safeStorageCipher),
  });
  open([...early.splice(0), ...fileArguments(process.argv, process.cwd())]);
  ipcMain.handle('sigla:invoke', async (event, channel: unknown, args: unknown) => {
    if (!trustedSender(event.senderFrame?.url, APP_INDEX_URL) || typeof channel !== 'string' || !service) {
      return { ok: false, error: { code: 'USAGE', message: 'refused' } };
    }
    const result = await service.dispatch(channel, args);
    const theme = themeSource(channel, result);
    if (theme) nativeTheme.themeSource = theme;
    return result;
  });
  ipcMain.handle('sigla:drop', (event, purpose: unknown, paths: unknown) => {
    if (!trustedSender(event.senderFrame?.url, APP_INDEX_URL) || !service) return { ok: false, error: { code: 'USAGE', message: 'refused' } };
    return service.registerDropped(purpose, paths);
  });
  app.on('window-all-closed', () => {
    void service?.close().then(() => app.quit());
  });
  win.once('ready-to-show', () => {
    win?.show();
    // The trusted lists: fetched in the background when none is usable (the window shows a banner meanwhile), else
    // refreshed when due (at most once a day); once the window is up, so the user sees what is happening.
    void service?.trustLists.startup();
  });
  await win.loadURL(APP_INDEX_URL);
}

/** The save dialog's filters for a signed document: its own extension first, then any file. */
function documentFilters(name: string): Electron.FileFilter[] {
  const ext = extname(name).slice(1);
  return [...(ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : []), { name: 'Tutti i file', extensions: ['*'] }];
}

if (primary) void start();
