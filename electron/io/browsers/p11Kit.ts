/**
 * p11-kit (p11-glue): where a distribution loads `p11-kit-proxy.so` into NSS, every module registered with p11-kit
 * (a `NAME.module` file whose `module:` names the library, p11-kit's pkcs11.conf(5)) is already reachable from that
 * NSS database; registering it again would show the token twice. `p11-kit-trust.so` alone only brings the trust
 * anchors, not tokens.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Pkcs11TxtEntry } from './pkcs11Txt.js';

/** The folders p11-kit reads module files from: the packages', the administrator's, the user's. */
export function p11KitModuleDirs(home: string): string[] {
  return ['/usr/share/p11-kit/modules', '/etc/pkcs11/modules', join(home, '.config', 'pkcs11', 'modules')];
}

/** Whether an NSS database's module list loads the p11-kit proxy. */
export function loadsP11KitProxy(entries: readonly Pkcs11TxtEntry[]): boolean {
  return entries.some((e) => /(^|\/)p11-kit-proxy\.so(\.\d+)*$/.test(e.library));
}

/** Whether `module` is registered with p11-kit in one of `dirs` (compared by real path, or by file name when the module file gives a bare name). */
export function registeredWithP11Kit(module: string, dirs: readonly string[]): boolean {
  const wanted = realPath(module);
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.module'));
    } catch {
      continue;
    }
    for (const n of names) {
      let text: string;
      try {
        text = readFileSync(join(dir, n), 'utf8').slice(0, 64 * 1024);
      } catch {
        continue;
      }
      const lib = /^\s*module\s*:\s*(.+?)\s*$/m.exec(text)?.[1];
      if (lib === undefined || /^\s*disable-in\s*:.*\bp11-kit-proxy\b/m.test(text)) continue;
      if (isAbsolute(lib) ? realPath(lib) === wanted : basename(lib) === basename(wanted)) return true;
    }
  }
  return false;
}

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
