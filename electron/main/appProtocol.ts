/**
 * The renderer is served from a privileged custom scheme, `app://sigla/…`, not from file://: with the
 * `GrantFileProtocolExtraPrivileges` fuse off (packaging), file:// pages lose what module scripts and workers need,
 * and a custom scheme gives the page a real origin that IPC checks can name (Electron security checklist §18).
 * Only files under the built renderer folder are served; anything else is a 404. Every response carries the CSP.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './windowSecurity.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sigla';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The file an `app://sigla/…` URL names inside `root`, or null (other host, traversal, missing, not a file). */
export function resolveAppFile(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname).replace(/^\/+/, '');
  } catch {
    return null;
  }
  if (rel === '') rel = 'index.html';
  if (rel.includes('\0')) return null;
  const base = realpathSync(root);
  const file = normalize(join(base, rel));
  if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) return null;
  // A symlink inside the folder must not lead outside it.
  return realpathSync(file).startsWith(base + sep) ? file : null;
}

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Before `app.whenReady()`: the scheme is standard (relative URLs, an origin) and secure (like https). */
export function appSchemePrivileges(): Parameters<Protocol['registerSchemesAsPrivileged']>[0] {
  return [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }];
}

/** After ready: serves the built renderer (`root`) on app://sigla/. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveAppFile(root, request.url);
    if (!file) return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new Response(readFileSync(file), { status: 200, headers: { 'Content-Type': contentTypeOf(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' } });
  });
}
