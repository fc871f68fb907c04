/**
 * Finds the token to use among the modules found: by label when given, otherwise the only one present.
 */
import { SiglaError } from '../shared/errors.js';
import { discoverModules } from './moduleDiscovery.js';
import { Pkcs11Module, type TokenSlot } from './pkcs11/Pkcs11Module.js';

export interface OpenModules {
  readonly modules: Pkcs11Module[];
  close(): void;
}

/** Loads every module found (or the one named); modules that fail to load are reported, not fatal, unless named. */
export function openModules(explicit?: string): OpenModules & { failures: { path: string; error: SiglaError }[] } {
  const found = discoverModules(explicit);
  const modules: Pkcs11Module[] = [];
  const failures: { path: string; error: SiglaError }[] = [];
  for (const f of found) {
    try {
      modules.push(Pkcs11Module.load(f.path));
    } catch (e) {
      const err = e instanceof SiglaError ? e : new SiglaError('MODULE_LOAD_FAILED', String(e), { cause: e });
      if (explicit || found.length === 1) throw err;
      failures.push({ path: f.path, error: err });
    }
  }
  if (found.length === 0) {
    throw new SiglaError('MODULE_LOAD_FAILED', 'no PKCS#11 module found: install the middleware or pass --module', {
      params: { module: '' },
    });
  }
  return { modules, failures, close: () => modules.forEach((m) => m.close()) };
}

export function selectToken(modules: readonly Pkcs11Module[], label?: string): { module: Pkcs11Module; token: TokenSlot } {
  const all = modules.flatMap((m) => m.tokens().map((t) => ({ module: m, token: t })));
  const matching = label === undefined ? all : all.filter((x) => x.token.label === label);
  const list = all.map((x) => x.token.label).join(', ');
  if (matching.length === 0) {
    throw new SiglaError('TOKEN_NOT_FOUND', label ? `no token labelled "${label}"` : 'no token present', {
      params: { token: label ?? '', candidates: list },
    });
  }
  const [only, ...others] = matching;
  if (!only || others.length > 0) {
    throw new SiglaError('TOKEN_AMBIGUOUS', 'several tokens present: choose one with --token', { params: { candidates: list } });
  }
  return only;
}
