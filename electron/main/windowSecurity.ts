/**
 * The window's security settings, in one place and testable without Electron: Electron's security checklist
 * (contextIsolation, sandbox, no nodeIntegration, no remote content), a strict Content-Security-Policy, no
 * navigation, no new windows, no permissions.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

/** The CSP of every response the renderer gets: nothing but the app's own files; no network at all. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Creates the app window. The options are written out literally in the `new BrowserWindow({...})` call so that
 * static checkers (electronegativity) see them; `BrowserWindow` is passed in so tests run without Electron.
 */
export function createWindow<W>(BrowserWindow: new (o: BrowserWindowConstructorOptions) => W, preload: string): W {
  return new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sigla',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click opens links in new windows otherwise (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** Denies what a signing tool's window never needs: navigation, pop-ups, webviews, permissions. */
export function hardenWebContents(wc: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>): void {
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-navigate', (e) => e.preventDefault());
  wc.on('will-redirect', (e) => e.preventDefault());
  wc.on('will-attach-webview', (e) => e.preventDefault());
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** IPC is accepted only from the app's own page, in the main frame (Electron checklist §17). */
export function trustedSender(frameUrl: string | undefined, appIndexUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const a = new URL(frameUrl);
    const b = new URL(appIndexUrl);
    // The app's own page only: same scheme (app://, or file:// in older setups), same host, same path.
    return (a.protocol === 'file:' || a.protocol === 'app:') && a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}
