/**
 * The PKCS#11 fault-injection shim (native/, built by `npm run build:native`): where the library is, and a
 * ShimControl that writes its control file and reads what it recorded. The shim re-reads the control file on every
 * PKCS#11 call, so a test may change the keys while the process under test runs; see native/README.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './cli.js';

/** Absolute path of the built shim. */
export const SHIM_PATH = path.join(REPO, 'native', 'build', 'libsigla-pkcs11-shim.so');

/** True when the shim has been built (Linux or macOS with a C compiler). */
export function hasShim(): boolean {
  return fs.existsSync(SHIM_PATH);
}

/** Control-file keys (native/README.md). Lists are written comma-separated, booleans as 1/0. */
export interface ShimSettings {
  present?: boolean;
  remove_after_signs?: number;
  device_error?: readonly string[];
  device_error_after?: number;
  latency_ms?: number;
  latency_fns?: readonly string[];
  always_authenticate?: boolean;
  pinpad?: boolean;
  pinpad_pin?: string;
  pinpad_cancel?: boolean;
  pin_max_tries?: number;
  so_pin_max_tries?: number;
  pin_state_file?: string;
  sign_count_file?: string;
  stats_file?: string;
}

type Key = keyof ShimSettings;

/**
 * One control file in a private temp dir, with stats_file and sign_count_file pointing next to it (and the PIN
 * policy state at its default place, `<control>.state`).
 */
export class ShimControl {
  readonly dir: string;
  readonly controlPath: string;
  readonly statsPath: string;
  readonly signCountPath: string;
  readonly pinStatePath: string;
  private readonly keys = new Map<Key, string>();

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-shim-'));
    this.controlPath = path.join(this.dir, 'control');
    this.statsPath = path.join(this.dir, 'stats');
    this.signCountPath = path.join(this.dir, 'signs');
    this.pinStatePath = `${this.controlPath}.state`;
    this.reset();
  }

  /** `base` plus SIGLA_SHIM_CONTROL (and SIGLA_SHIM_MODULE when `realModule` is given), for a child process. */
  env(base: NodeJS.ProcessEnv, realModule?: string): NodeJS.ProcessEnv {
    return { ...base, SIGLA_SHIM_CONTROL: this.controlPath, ...(realModule ? { SIGLA_SHIM_MODULE: realModule } : {}) };
  }

  /** Merges `settings` into the control file (written whole and renamed into place, never seen half-written). */
  set(settings: ShimSettings): this {
    for (const [k, v] of Object.entries(settings) as [Key, ShimSettings[Key]][]) {
      if (v === undefined) continue;
      this.keys.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : Array.isArray(v) ? v.join(',') : String(v));
    }
    return this.write();
  }

  /** Removes keys, so they fall back to their defaults. */
  unset(...names: Key[]): this {
    for (const n of names) this.keys.delete(n);
    return this.write();
  }

  /** Back to pure pass-through; clears the stats, the signature count and the PIN counters. */
  reset(): this {
    this.keys.clear();
    this.keys.set('stats_file', this.statsPath);
    this.keys.set('sign_count_file', this.signCountPath);
    for (const f of [this.statsPath, this.signCountPath, this.pinStatePath]) fs.rmSync(f, { force: true });
    return this.write();
  }

  /** Lines the shim appended to stats_file, e.g. 'login user ok', 'sign ok', 'device_error C_Sign'. */
  stats(): string[] {
    return readLines(this.statsPath);
  }

  /** Signatures made through the shim, by every process that used this control file. */
  signCount(): number {
    return readLines(this.signCountPath).length;
  }

  /** Wrong-PIN counters of the PIN policy (pin_max_tries / so_pin_max_tries). */
  pinFailures(): { user: number; so: number } {
    const text = fs.existsSync(this.pinStatePath) ? fs.readFileSync(this.pinStatePath, 'utf8') : '';
    const get = (k: string): number => Number(new RegExp(`^${k}=(\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    return { user: get('user_failures'), so: get('so_failures') };
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private write(): this {
    const text = ['# written by test/helpers/shim.ts', ...[...this.keys].map(([k, v]) => `${k}=${v}`), ''].join('\n');
    const tmp = `${this.controlPath}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, this.controlPath);
    return this;
  }
}

function readLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}
