/**
 * A pool of verification worker threads with per-input limits: each worker has a 1 MB stack (close to the main
 * thread's ~984 KB, so deep recursion fails where the CLI's would) and a 512 MB old-generation heap
 * (`resourceLimits.maxOldGenerationSizeMb`; a worker that runs out dies with ERR_WORKER_OUT_OF_MEMORY → "oom"), each
 * input a time limit (the worker is terminated → "hang"), and the whole process an RSS limit for memory the V8 heap
 * limit does not see (ArrayBuffers): past it, the busy workers are terminated and their inputs come back as "rss",
 * to be run again alone (a one-worker pool) where the blame is certain.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { WorkRequest, WorkResult } from './worker.js';

export type Outcome =
  | { readonly kind: 'done'; readonly result: WorkResult }
  | { readonly kind: 'hang'; readonly ms: number }
  | { readonly kind: 'oom'; readonly message: string }
  | { readonly kind: 'rss'; readonly rssMb: number }
  | { readonly kind: 'crash'; readonly message: string; readonly stack: string };

export interface PoolOptions {
  readonly workers: number;
  readonly timeoutMs: number;
  readonly heapMb: number;
  readonly rssLimitMb: number;
}

interface Slot {
  worker: Worker;
  busy: { req: WorkRequest; done: (o: Outcome) => void; timer: NodeJS.Timeout; t0: number } | null;
}

const WORKER_FILE = join(__dirname, 'worker.js');

export class VerifyPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { req: WorkRequest; done: (o: Outcome) => void }[] = [];
  private readonly watchdog: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly o: PoolOptions) {
    for (let i = 0; i < o.workers; i++) this.slots.push({ worker: this.spawn(i), busy: null });
    this.watchdog = setInterval(() => this.checkRss(), 100);
  }

  private spawn(i: number): Worker {
    const w = new Worker(WORKER_FILE, { execArgv: ['--enable-source-maps'], resourceLimits: { maxOldGenerationSizeMb: this.o.heapMb, stackSizeMb: 1 } });
    w.on('message', (r: WorkResult) => this.finish(i, { kind: 'done', result: r }, false));
    w.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap limit/i.test(e.message);
      this.finish(i, oom ? { kind: 'oom', message: e.message } : { kind: 'crash', message: e.message, stack: e.stack ?? '' }, true);
    });
    w.on('exit', () => {
      const s = this.slots[i];
      if (s && s.worker === w && s.busy) this.finish(i, { kind: 'crash', message: 'worker exited', stack: '' }, true);
    });
    return w;
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
    if (replace && !this.closed) {
      const old = s.worker;
      s.worker = this.spawn(i);
      void old.terminate();
    }
    this.pump();
  }

  private rssQuietUntil = 0;

  private checkRss(): void {
    if (Date.now() < this.rssQuietUntil) return;
    const rssMb = process.memoryUsage.rss() / (1 << 20);
    if (rssMb <= this.o.rssLimitMb) return;
    this.rssQuietUntil = Date.now() + 3000; // terminated workers take a moment to give their memory back
    this.slots.forEach((s, i) => {
      if (s.busy) this.finish(i, { kind: 'rss', rssMb: Math.round(rssMb) }, true);
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
      s.worker.postMessage(next.req);
    }
  }

  run(req: WorkRequest): Promise<Outcome> {
    return new Promise((done) => {
      this.queue.push({ req, done });
      this.pump();
    });
  }

  /** Inputs waiting or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
