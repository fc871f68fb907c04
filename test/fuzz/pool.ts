/**
 * A pool of verification child processes with per-input limits. Each child is `node --max-old-space-size=512
 * --stack-size=984` running worker.js (the CLI's own stack size, so deep recursion fails where the CLI's would): a
 * child that runs out of heap dies (V8 aborts) → "oom"; a child whose resident memory passes the RSS limit
 * (ArrayBuffers are outside the V8 heap; read from /proc/PID/status) is killed → "oom"; an input that takes longer
 * than the time limit gets its child killed → "hang". Processes rather than worker threads: a worker thread that
 * exhausts its heap inside some V8 paths (a Map growing) aborts the whole process, fuzzer included.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkRequest, WorkResult } from './worker.js';

export type Outcome =
  | { readonly kind: 'done'; readonly result: WorkResult }
  | { readonly kind: 'hang'; readonly ms: number }
  | { readonly kind: 'oom'; readonly message: string }
  | { readonly kind: 'crash'; readonly message: string; readonly stack: string };

export interface PoolOptions {
  readonly workers: number;
  readonly timeoutMs: number;
  readonly heapMb: number;
  readonly rssLimitMb: number;
}

interface Slot {
  child: ChildProcess;
  stderr: string;
  busy: { req: WorkRequest; done: (o: Outcome) => void; timer: NodeJS.Timeout; t0: number } | null;
}

const WORKER_FILE = join(__dirname, 'worker.js');

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export class VerifyPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { req: WorkRequest; done: (o: Outcome) => void }[] = [];
  private readonly watchdog: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly o: PoolOptions) {
    for (let i = 0; i < o.workers; i++) this.slots.push(this.spawn(i));
    this.watchdog = setInterval(() => this.checkRss(), 100);
  }

  private spawn(i: number): Slot {
    const child = fork(WORKER_FILE, [], {
      execArgv: [`--max-old-space-size=${this.o.heapMb}`, '--stack-size=984', '--enable-source-maps'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const slot: Slot = { child, stderr: '', busy: null };
    child.stderr?.on('data', (d: Buffer) => {
      slot.stderr = (slot.stderr + d.toString('utf8')).slice(-4000);
    });
    child.on('message', (r: WorkResult) => {
      if (this.slots[i] === slot) this.finish(i, { kind: 'done', result: r }, false);
    });
    child.on('exit', (code, signal) => {
      if (this.slots[i] !== slot || !slot.busy) return;
      const oom = /heap out of memory|Allocation failed/i.test(slot.stderr);
      this.finish(i, oom ? { kind: 'oom', message: `heap exhausted (${this.o.heapMb} MB)` } : { kind: 'crash', message: `child exited ${String(code)} ${String(signal)}`, stack: slot.stderr }, true);
    });
    return slot;
  }

  private finish(i: number, o: Outcome, replace: boolean): void {
    const s = this.slots[i];
    if (!s) return;
    const b = s.busy;
    s.busy = null;
    if (b) {
      clearTimeout(b.timer);
      b.done(o);
    }
    if (replace) {
      s.child.kill('SIGKILL');
      if (!this.closed) this.slots[i] = this.spawn(i);
    }
    this.pump();
  }

  private checkRss(): void {
    this.slots.forEach((s, i) => {
      if (!s.busy) return;
      const mb = rssMb(s.child.pid);
      if (mb > this.o.rssLimitMb) this.finish(i, { kind: 'oom', message: `RSS ${Math.round(mb)} MB over ${this.o.rssLimitMb} MB` }, true);
    });
  }

  private pump(): void {
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s || s.busy) continue;
      const next = this.queue.shift();
      if (!next) return;
      const t0 = Date.now();
      const timer = setTimeout(() => this.finish(i, { kind: 'hang', ms: Date.now() - t0 }, true), this.o.timeoutMs);
      s.busy = { ...next, timer, t0 };
      s.stderr = '';
      s.child.send(next.req);
    }
  }

  run(req: WorkRequest): Promise<Outcome> {
    return new Promise((done) => {
      this.queue.push({ req, done });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((res) => {
            if (s.child.exitCode !== null || s.child.signalCode !== null) return res();
            s.child.once('exit', () => res());
            s.child.kill('SIGKILL');
          }),
      ),
    );
  }
}
