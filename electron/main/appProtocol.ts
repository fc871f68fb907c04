/**
 * The renderer is served from `app://sigla/`, a privileged custom scheme, not from file:// (Electron security
 * checklist §18, "Avoid usage of the file protocol and prefer usage of custom protocols"): the page gets a real
 * origin, can reach nothing but the built renderer folder, and the packaged app can turn off the
 * grantFileProtocolExtraPrivileges fuse (electron-builder.yml). Plain Node, tested without Electron; main.ts
 * registers the scheme and answers requests with {@link appResponse}.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './windowSecurity.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sigla';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdfjs's worker is an ES module file; with nosniff it must be served as JavaScript.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The file under `rendererDir` an app:// URL names, or null (other host, escape attempts, odd URLs). */
export function appFilePath(url: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  rel = rel === '/' ? 'index.html' : rel.replace(/^\/+/, '');
  const root = normalize(rendererDir);
  const file = normalize(join(root, rel));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

/** The response for an app:// request: the file with its type and the app's CSP, or 404. */
export async function appResponse(url: string, rendererDir: string): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array | null }> {
  const file = appFilePath(url, rendererDir);
  const notFound = { status: 404, headers: { 'Content-Type': 'text/plain' }, body: null };
  if (!file) return notFound;
  try {
    // A symlink inside the folder must not lead out of it.
    const [real, realRoot] = await Promise.all([realpath(file), realpath(rendererDir)]);
    if (!real.startsWith(realRoot + sep)) return notFound;
    const body = new Uint8Array(await readFile(real));
    return { status: 200, headers: { 'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' }, body };
  } catch {
    return notFound;
  }
}
