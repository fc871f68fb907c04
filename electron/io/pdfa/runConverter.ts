/**
 * Runs a converter (LibreOffice, Ghostscript) as a child process: argv arrays, never a shell; its own process group
 * (POSIX), killed whole when the time is up (soffice starts helpers of its own); an ALLOW-LISTED environment whose
 * HOME and temp folders are the conversion's private folder, so nothing of the parent's environment (a TSA
 * password, CI tokens) reaches it and nothing it writes outlives the conversion. Its output text is not kept: users
 * are told the exit status, never a tool's raw words.
 */
import { spawn, spawnSync } from 'node:child_process';
import { SiglaError } from '../../shared/errors.js';

/** Exact names passed on (upper case): locale, time zone, what Windows programs need to start. */
const PASSED = new Set(['PATH', 'LANG', 'LANGUAGE', 'TZ', 'DISPLAY', 'SYSTEMROOT', 'WINDIR', 'SYSTEMDRIVE', 'PATHEXT', 'COMSPEC', 'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE', 'OS', 'PROGRAMFILES', 'PROGRAMFILES(X86)', 'FONTCONFIG_FILE', 'FONTCONFIG_PATH']);

/** The child's environment: the allow-listed variables of `env`, and the private folder as home and temp. */
export function converterEnvironment(env: NodeJS.ProcessEnv, privateDir: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    const n = k.toUpperCase();
    if (v !== undefined && (PASSED.has(n) || n.startsWith('LC_'))) out[k] = v;
  }
  for (const k of ['HOME', 'TMPDIR', 'TMP', 'TEMP', 'USERPROFILE']) out[k] = privateDir;
  return out;
}

export interface ConverterRun {
  readonly executable: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Which converter, for the error (`libreoffice`, `ghostscript`). */
  readonly converter: string;
  readonly signal?: AbortSignal;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // Windows has no process groups: taskkill /T ends the tree the converter started (synchronously: also at exit).
    if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true, shell: false });
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs the converter to its end; a non-zero exit, a signal, a start failure or the time limit is CONVERSION_FAILED. */
export function runConverter(r: ConverterRun): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const fail = (status: string, cause?: unknown): void =>
      reject(new SiglaError('CONVERSION_FAILED', `${r.converter} failed: ${status}`, { params: { converter: r.converter, status }, ...(cause !== undefined ? { cause } : {}) }));
    let child;
    try {
      child = spawn(r.executable, [...r.args], { cwd: r.cwd, env: r.env, stdio: 'ignore', detached: process.platform !== 'win32', windowsHide: true, shell: false });
    } catch (e) {
      fail('start', e);
      return;
    }
    let settled = false;
    // A signal ends the CLI through process.exit: the converter's group (not in the terminal's) goes with it.
    const onExit = (): void => killGroup(child.pid);
    process.prependOnceListener('exit', onExit);
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      killGroup(child.pid);
      fail('timeout');
    }, r.timeoutMs);
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(child.pid);
      reject(new SiglaError('CANCELLED', `${r.converter} cancelled`));
    };
    r.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('exit', () => process.removeListener('exit', onExit));
    child.on('error', (e) => {
      process.removeListener('exit', onExit);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fail('start', e);
    });
    child.on('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      r.signal?.removeEventListener('abort', onAbort);
      // Helpers the converter left in its group go with it (POSIX: the group outlives its leader; on Windows the
      // ended converter's pid may already be another program's, so nothing is killed after a normal end).
      if (process.platform !== 'win32') killGroup(child.pid);
      if (code === 0) resolvePromise();
      else fail(signal ? signal : String(code));
    });
  });
}
