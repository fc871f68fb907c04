/**
 * Runs one of NSS's own tools (`modutil`, `tstclnt` from libnss3-tools): an argument array without a shell,
 * bounded time and output, the environment the caller chose (never a PIN: tstclnt reads it from a file). A tool
 * that is not installed is NSS_TOOL_MISSING, with the package to install.
 */
import { spawn } from 'node:child_process';
import { SiglaError } from '../../shared/errors.js';

export interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ToolOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  readonly input?: string;
}

const OUTPUT_LIMIT = 1024 * 1024;

export function runNssTool(tool: string, args: readonly string[], o: ToolOptions): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: o.env, stdio: ['pipe', 'pipe', 'pipe'], shell: false, windowsHide: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs ?? 30_000);
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < OUTPUT_LIMIT) stderr += d.toString('utf8');
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.input ?? '');
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ENOENT') reject(new SiglaError('NSS_TOOL_MISSING', `${tool} not found`, { params: { tool }, cause: e }));
      else reject(new SiglaError('NSS_TOOL_FAILED', `${tool}: ${e.message}`, { params: { tool }, cause: e }));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      if (timedOut) reject(new SiglaError('NSS_TOOL_FAILED', `${tool} timed out`, { params: { tool } }));
      else resolve({ status, stdout, stderr });
    });
  });
}

/** The tool's outcome as a coded error when it failed: its own (English) output is kept as the cause, not shown. */
export function toolFailure(tool: string, run: ToolRun): SiglaError {
  return new SiglaError('NSS_TOOL_FAILED', `${tool} exited with ${String(run.status)}`, { params: { tool }, cause: new Error(run.stderr || run.stdout) });
}
