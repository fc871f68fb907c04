/**
 * The PKCS#11 modules loaded in this process. A module is C_Initialize'd once per process (PKCS#11 v2.40 §5.4) and
 * kept loaded until the process ends: the token host lives as long as the app, and tokens come and go under it.
 */
import { SiglaError } from '../shared/errors.js';
import { discoverModules } from './moduleDiscovery.js';
import { Pkcs11Module } from './pkcs11/Pkcs11Module.js';

export interface OpenedModules {
  readonly modules: Pkcs11Module[];
  readonly failures: { path: string; error: SiglaError }[];
}

export class ModuleRegistry {
  private readonly loaded = new Map<string, Pkcs11Module>();

  /**
   * The modules found (or the one named), loaded. A module that fails to load is reported, not fatal, unless it was
   * named or is the only one; no module at all is MODULE_LOAD_FAILED.
   */
  open(explicit?: string): OpenedModules {
    const found = discoverModules(explicit);
    if (found.length === 0) {
      throw new SiglaError('MODULE_LOAD_FAILED', 'no PKCS#11 module found: install the middleware or pass --module', { params: { module: '' } });
    }
    const modules: Pkcs11Module[] = [];
    const failures: { path: string; error: SiglaError }[] = [];
    for (const f of found) {
      try {
        modules.push(this.load(f.path));
      } catch (e) {
        const err = e instanceof SiglaError ? e : new SiglaError('MODULE_LOAD_FAILED', String(e), { params: { module: f.path }, cause: e });
        if (explicit || found.length === 1) throw err;
        failures.push({ path: f.path, error: err });
      }
    }
    return { modules, failures };
  }

  load(path: string): Pkcs11Module {
    const have = this.loaded.get(path);
    if (have && !have.isClosed) return have;
    const mod = Pkcs11Module.load(path);
    this.loaded.set(path, mod);
    return mod;
  }

  all(): Pkcs11Module[] {
    return [...this.loaded.values()].filter((m) => !m.isClosed);
  }

  closeAll(): void {
    for (const m of this.loaded.values()) m.close();
    this.loaded.clear();
  }
}
