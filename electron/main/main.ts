/**
 * Electron main: one sandboxed window, the typed IPC contract validated here (sender frame and every argument),
 * the token host as a child process, settings in the user data folder. Runs where Electron is installed
 * (`npm start`); nothing in the tests needs it.
 */
import { app, BrowserWindow, dialog, ipcMain, Notification, session } from 'electron';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { AppService } from '../app/AppService.js';
import { detectLang } from '../shared/i18n/locale.js';
import type { EventName, EventOf } from '../shared/ipc/contract.js';
import { EncryptedSecretStore } from '../app/secrets/EncryptedSecretStore.js';
import { dataDir } from '../io/dataDir.js';
import { safeStorageCipher } from './safeStorageCipher.js';
import { createWindow, hardenWebContents, trustedSender } from './windowSecurity.js';

const ROOT = join(__dirname, '..', '..', '..');
const INDEX = join(ROOT, 'dist', 'renderer', 'index.html');

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | undefined;

async function start(): Promise<void> {
  await app.whenReady();
  const lang = detectLang(undefined);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  win = createWindow(BrowserWindow, join(__dirname, '..', 'preload', 'preload.js'));
  hardenWebContents(win.webContents, session.defaultSession);
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => win?.webContents.send(`sigla:event:${event}`, payload);
  const service = new AppService({
    version: pkg.version,
    lang,
    emit,
    pick: async (purpose) => {
      const r = await dialog.showOpenDialog(win as BrowserWindow, {
        properties: purpose === 'certificate' ? ['openFile'] : ['openFile', 'multiSelections'],
        filters:
          purpose === 'verify'
            ? [{ name: 'Documenti firmati', extensions: ['p7m', 'p7s', 'pdf', 'm7m', 'tsd'] }]
            : purpose === 'certificate'
              ? [{ name: 'Certificati', extensions: ['cer', 'crt', 'pem', 'der'] }]
              : [],
      });
      return r.canceled ? [] : r.filePaths;
    },
    save: async (suggestedName, kind) => {
      const r = await dialog.showSaveDialog(win as BrowserWindow, {
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: kind === 'certificate-der' ? [{ name: 'Certificato (DER)', extensions: ['cer'] }, { name: 'Certificato (PEM)', extensions: ['pem'] }] : [{ name: 'Certificato (PEM)', extensions: ['pem'] }, { name: 'Certificato (DER)', extensions: ['cer'] }],
      });
      return r.canceled || !r.filePath ? undefined : r.filePath;
    },
    secrets: new EncryptedSecretStore(join(dataDir(), 'secrets.json'), safeStorageCipher),
  });
  const indexUrl = new URL(`file://${INDEX}`).href;
  ipcMain.handle('sigla:invoke', async (event, channel: unknown, args: unknown) => {
    if (!trustedSender(event.senderFrame?.url, indexUrl) || typeof channel !== 'string') {
      return { ok: false, error: { code: 'USAGE', message: 'refused' } };
    }
    return service.dispatch(channel, args);
  });
  app.on('second-instance', () => win?.focus());
  app.on('window-all-closed', () => {
    void service.close().then(() => app.quit());
  });
  win.once('ready-to-show', () => win?.show());
  await win.loadFile(INDEX);
  void Notification;
}

void start();
