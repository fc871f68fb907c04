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
    // 800×600 works (issue 14: every screen fits it without horizontal scrolling).
    minWidth: 800,
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

type Preventable = { preventDefault(): void };
/** What the hardening needs of a WebContents (tests pass plain objects). */
export type HardenableContents = Pick<WebContents, 'setWindowOpenHandler'> & { on(event: string, listener: (e: Preventable, ...rest: unknown[]) => void): unknown };
export type HardenableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'>;

/**
 * Denies what a signing tool's web contents never need: new windows, navigation of any frame (the app is one page
 * whose routes are in-page hash changes, which fire none of these events; `loadURL` fires none either), redirects,
 * webviews. Electron security checklist §13 (navigation), §14 (new windows), §12 (webviews).
 */
export function hardenContents(wc: HardenableContents): void {
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  const deny = (e: Preventable): void => e.preventDefault();
  wc.on('will-navigate', deny);
  // Unlike will-navigate, also subframes (there are none: CSP frame-src falls back to default-src 'none').
  wc.on('will-frame-navigate', deny);
  wc.on('will-redirect', deny);
  wc.on('will-attach-webview', deny);
}

const hardenedSessions = new WeakSet<object>();

/**
 * No permission is ever granted (checklist §5), nor any device (HID, USB, serial); the CSP goes on every response.
 * Once per session (later calls do nothing).
 */
export function hardenSession(session: HardenableSession): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** The window's contents and its session, at once. */
export function hardenWebContents(wc: HardenableContents, session: HardenableSession): void {
  hardenContents(wc);
  hardenSession(session);
}

/**
 * App-wide: every web contents Electron creates — the window's, and any other (a devtools page, a contents a bug
 * or an exploit might open) — gets the same rules as the window, and its session the same permission and CSP rules.
 * Installed before the app is ready, so nothing is created before it.
 */
export function hardenAllWebContents(app: { on(event: 'web-contents-created', listener: (event: unknown, contents: HardenableContents & { session: HardenableSession }) => void): unknown }): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents);
    hardenSession(contents.session);
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
