/**
 * The BrowserStores of this computer. Linux: the NSS databases under HOME. Windows: the user's certificate store
 * (WindowsBrowserStores over certutil) and, when NSS's `modutil` is installed, the Firefox profiles under
 * %APPDATA%\Mozilla\Firefox (Firefox's enterprise roots and policies are out of scope).
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { BrowserChange, BrowserDatabaseStatus, BrowserRequest, BrowserStores } from './BrowserStores.js';
import { nssFormat, type NssDatabase } from './nssDatabases.js';
import { parseProfilesIni } from './profilesIni.js';
import { NssBrowserStores } from './NssBrowserStores.js';
import { CertutilWindowsOps } from './windows/CertutilWindowsOps.js';
import { WindowsBrowserStores } from './windows/WindowsBrowserStores.js';

/** Several stores as one: statuses and changes one after the other. */
class CombinedStores implements BrowserStores {
  constructor(private readonly parts: readonly BrowserStores[]) {}
  async status(r: BrowserRequest): Promise<BrowserDatabaseStatus[]> {
    const out: BrowserDatabaseStatus[] = [];
    for (const p of this.parts) out.push(...(await p.status(r)));
    return out;
  }
  async register(r: BrowserRequest): Promise<BrowserChange[]> {
    const out: BrowserChange[] = [];
    for (const p of this.parts) out.push(...(await p.register(r)));
    return out;
  }
  async unregister(r: BrowserRequest): Promise<BrowserChange[]> {
    const out: BrowserChange[] = [];
    for (const p of this.parts) out.push(...(await p.unregister(r)));
    return out;
  }
}

function onPath(tool: string, env: NodeJS.ProcessEnv): boolean {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  return (env['PATH'] ?? env['Path'] ?? '').split(delimiter).some((d) => d !== '' && exts.some((e) => existsSync(join(d, tool + e))));
}

/** Firefox's profiles on Windows: %APPDATA%\Mozilla\Firefox\profiles.ini. */
function windowsFirefoxDatabases(appData: string): NssDatabase[] {
  const root = join(appData, 'Mozilla', 'Firefox');
  try {
    return parseProfilesIni(readFileSync(join(root, 'profiles.ini'), 'utf8'), root).map((p) => ({ browser: 'firefox', profile: p.name, path: p.path, format: nssFormat(p.path), firefoxProfile: true }));
  } catch {
    return [];
  }
}

export function localBrowserStores(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): BrowserStores {
  const home = env['HOME'] ?? env['USERPROFILE'] ?? '';
  if (platform !== 'win32') return new NssBrowserStores({ home, env });
  const parts: BrowserStores[] = [new WindowsBrowserStores(new CertutilWindowsOps(env))];
  const appData = env['APPDATA'];
  if (appData !== undefined && onPath('modutil', env)) parts.push(new NssBrowserStores({ home, env, databases: () => windowsFirefoxDatabases(appData) }));
  return new CombinedStores(parts);
}

