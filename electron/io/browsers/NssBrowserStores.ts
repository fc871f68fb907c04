/**
 * BrowserStores over NSS databases (Linux; Firefox on Windows when `modutil` is installed). Registration is NSS's
 * own tool: `modutil -dbdir sql:DIR -add "Sigla: FILE" -libfile MODULE -force` (`-force` skips modutil's
 * interactive "browser running?" prompt; Sigla checks Firefox's lock itself first), and `modutil -delete NAME
 * -force` for unregister. The state is read from `pkcs11.txt` directly, so that a status loads no module.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SiglaError } from '../../shared/errors.js';
import type { BrowserChange, BrowserDatabaseStatus, BrowserRequest, BrowserStores } from './BrowserStores.js';
import { SIGLA_ENTRY_PREFIX } from './BrowserStores.js';
import { liveProfileLock } from './firefoxLock.js';
import { findNssDatabases, type NssDatabase } from './nssDatabases.js';
import { loadsP11KitProxy, p11KitModuleDirs, registeredWithP11Kit } from './p11Kit.js';
import { parsePkcs11Txt, PKCS11_TXT_LIMIT, type Pkcs11TxtEntry } from './pkcs11Txt.js';
import { runNssTool, toolFailure } from './nssTool.js';

export interface NssStoresOptions {
  /** The user's home folder (the environment's HOME). */
  readonly home: string;
  /** The environment modutil runs with: what the module needs (SOFTHSM2_CONF…), never a secret. */
  readonly env: NodeJS.ProcessEnv;
  /** The NSS databases to consider; by default those found under `home`. */
  readonly databases?: () => NssDatabase[];
  /** p11-kit's module folders; by default the system's and the user's. */
  readonly p11KitDirs?: readonly string[];
  readonly processAlive?: (pid: number) => boolean;
  readonly modutil?: string;
}

/** The Sigla entry's name for a module: `Sigla: libfoo.so`. */
export function siglaEntryName(module: string): string {
  return `${SIGLA_ENTRY_PREFIX}${basename(module)}`;
}

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function readEntries(dir: string): Pkcs11TxtEntry[] {
  try {
    return parsePkcs11Txt(readFileSync(join(dir, 'pkcs11.txt'), 'utf8').slice(0, PKCS11_TXT_LIMIT));
  } catch {
    return [];
  }
}

export class NssBrowserStores implements BrowserStores {
  constructor(private readonly o: NssStoresOptions) {}

  private databases(): NssDatabase[] {
    return this.o.databases ? this.o.databases() : findNssDatabases(this.o.home);
  }

  private stateOf(db: NssDatabase, module: string): BrowserDatabaseStatus {
    const base = { browser: db.browser, profile: db.profile, path: db.path };
    if (db.firefoxProfile && liveProfileLock(db.path, this.o.processAlive)) return { ...base, state: 'locked' };
    if (db.format === 'dbm') return { ...base, state: 'unsupported', reason: 'legacy-dbm' };
    if (db.format === 'none') return { ...base, state: 'unsupported', reason: 'no-database' };
    const entries = readEntries(db.path);
    const wanted = realPath(module);
    const loading = entries.filter((e) => e.library !== '' && realPath(e.library) === wanted);
    const ours = loading.find((e) => e.name.startsWith(SIGLA_ENTRY_PREFIX));
    if (ours) return { ...base, state: 'registered-by-sigla', entry: ours.name };
    const other = loading[0];
    if (other) return { ...base, state: 'registered', entry: other.name };
    if (loadsP11KitProxy(entries) && registeredWithP11Kit(module, this.o.p11KitDirs ?? p11KitModuleDirs(this.o.home))) return { ...base, state: 'via-p11-kit' };
    return { ...base, state: 'not-registered' };
  }

  status(request: BrowserRequest): Promise<BrowserDatabaseStatus[]> {
    return Promise.resolve(this.databases().map((db) => this.stateOf(db, request.module)));
  }

  /** Every database's state, refused as a whole when a running Firefox holds a profile. */
  private unlocked(module: string): Array<{ db: NssDatabase; status: BrowserDatabaseStatus }> {
    const rows = this.databases().map((db) => ({ db, status: this.stateOf(db, module) }));
    const locked = rows.find((r) => r.status.state === 'locked');
    if (locked) throw new SiglaError('BROWSER_RUNNING', `Firefox is running with ${locked.db.path}`, { params: { profile: locked.db.profile, path: locked.db.path } });
    return rows;
  }

  async register(request: BrowserRequest): Promise<BrowserChange[]> {
    const out: BrowserChange[] = [];
    for (const { db, status } of this.unlocked(request.module)) {
      if (status.state !== 'not-registered') {
        out.push({ ...status, action: 'unchanged' });
        continue;
      }
      const name = siglaEntryName(request.module);
      const run = await runNssTool(this.o.modutil ?? 'modutil', ['-dbdir', `sql:${db.path}`, '-add', name, '-libfile', request.module, '-force'], { env: this.o.env });
      const after = this.stateOf(db, request.module);
      if (run.status !== 0 || after.state !== 'registered-by-sigla') throw toolFailure('modutil', run);
      out.push({ ...after, action: 'added' });
    }
    return out;
  }

  async unregister(request: BrowserRequest): Promise<BrowserChange[]> {
    const out: BrowserChange[] = [];
    const wanted = realPath(request.module);
    for (const { db, status } of this.unlocked(request.module)) {
      const ours = db.format === 'sql' ? readEntries(db.path).filter((e) => e.name.startsWith(SIGLA_ENTRY_PREFIX) && e.library !== '' && realPath(e.library) === wanted) : [];
      for (const e of ours) {
        const run = await runNssTool(this.o.modutil ?? 'modutil', ['-dbdir', `sql:${db.path}`, '-delete', e.name, '-force'], { env: this.o.env });
        if (run.status !== 0) throw toolFailure('modutil', run);
      }
      out.push({ ...(ours.length > 0 ? this.stateOf(db, request.module) : status), action: ours.length > 0 ? 'removed' : 'unchanged' });
    }
    return out;
  }
}
