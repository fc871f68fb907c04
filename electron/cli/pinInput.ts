/**
 * PINs and passwords for the command line: the first line of stdin (`--pin-stdin`) or a hidden prompt on the
 * terminal. Never argv, never the environment, never echoed or logged.
 */
import { fstatSync, readSync } from 'node:fs';
import { SiglaError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n/locale.js';
import { PROMPTS } from '../shared/i18n/prompts.js';
import { usageError } from '../shared/i18n/usage.js';
import type { PinpadPrompt, PinRequest, PinSource } from '../token/PinSource.js';

/**
 * Reads stdin up to the first newline (or end), once; later calls get the next lines. A regular file on stdin
 * (`--pin-stdin < file`) is read with plain synchronous reads, which never wait: creating `process.stdin` (a stream
 * over Node's file machinery) costs ~10 ms of a command's start-up (issue 13). A terminal, a pipe or a socket is read
 * through `process.stdin`, whose waiting lets a signal end the command.
 */
export class StdinLines {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private readonly waiters: (() => void)[] = [];
  private started = false;
  private mode: 'sync' | 'stream' | undefined;

  /**
   * Whether stdin is a regular file, read synchronously. Not a pipe or socket: a read there blocks until a writer
   * writes or closes, and a blocked read would hold off SIGINT/SIGTERM (their handlers run on the event loop).
   */
  private static readableSync(): boolean {
    try {
      return fstatSync(0).isFile();
    } catch {
      return false;
    }
  }

  private append(chunk: Uint8Array): void {
    const next = Buffer.concat([this.buffer, chunk]);
    this.buffer.fill(0);
    this.buffer = next;
  }

  /** Synchronous reads of the file on stdin until the buffer holds a line or the file ends. */
  private fillSync(): void {
    const chunk = Buffer.alloc(4096);
    try {
      while (!this.ended && this.buffer.indexOf(0x0a) < 0) {
        const n = readSync(0, chunk, 0, chunk.length, null);
        if (n === 0) this.ended = true;
        else this.append(chunk.subarray(0, n));
      }
    } catch {
      // An unreadable stdin ends the input, as a stream error does.
      this.ended = true;
    } finally {
      chunk.fill(0);
    }
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    process.stdin.on('data', (chunk: Buffer) => {
      this.append(chunk);
      this.wake();
    });
    process.stdin.on('end', () => {
      this.ended = true;
      this.wake();
    });
    process.stdin.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  async line(): Promise<Buffer | null> {
    this.mode ??= StdinLines.readableSync() ? 'sync' : 'stream';
    if (this.mode === 'sync') this.fillSync();
    else this.start();
    for (;;) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl >= 0 || (this.ended && this.buffer.length > 0)) {
        const end = nl >= 0 ? nl : this.buffer.length;
        let lineEnd = end;
        if (lineEnd > 0 && this.buffer[lineEnd - 1] === 0x0d) lineEnd--;
        const line = Buffer.from(this.buffer.subarray(0, lineEnd));
        const rest = Buffer.from(this.buffer.subarray(nl >= 0 ? nl + 1 : end));
        this.buffer.fill(0);
        this.buffer = rest;
        if (this.buffer.length === 0 && this.ended && this.started) process.stdin.pause();
        return line;
      }
      if (this.ended) return null;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  close(): void {
    this.buffer.fill(0);
    // process.stdin exists only if the stream was used: touching it here would create it.
    if (!this.started) return;
    process.stdin.pause();
    process.stdin.destroy();
  }
}

/** A hidden prompt on the controlling terminal; Ctrl-C or Ctrl-D cancels. */
export function promptHidden(question: string): Promise<Buffer> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return Promise.reject(usageError('noTerminal'));
  }
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = Buffer.alloc(0);
    stdin.setRawMode(true);
    stdin.resume();
    const done = (err: SiglaError | null): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) {
        value.fill(0);
        reject(err);
      } else resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const b of chunk) {
        if (b === 0x03 || b === 0x04) return done(new SiglaError('CANCELLED', 'cancelled at the PIN prompt'));
        if (b === 0x0d || b === 0x0a) return done(null);
        if (b === 0x7f || b === 0x08) {
          const shorter = Buffer.from(value.subarray(0, Math.max(0, value.length - 1)));
          value.fill(0);
          value = shorter;
        } else {
          const longer = Buffer.concat([value, Buffer.of(b)]);
          value.fill(0);
          value = longer;
        }
      }
      chunk.fill(0);
    };
    stdin.on('data', onData);
  });
}

export function promptLine(question: string): Promise<string> {
  return new Promise((resolve) => {
    if (!process.stdin.isTTY) return resolve('');
    process.stderr.write(question);
    process.stdin.resume();
    process.stdin.once('data', (d: Buffer) => {
      process.stdin.pause();
      resolve(d.toString('utf8').trim());
    });
  });
}

/**
 * The CLI's PinSource. With `--pin-stdin` (`--stdin` for `pin change|unblock`) each request takes the next stdin
 * line, in the order the command documents (a CKA_ALWAYS_AUTHENTICATE key needs one more line per signature: a PIN
 * is never replayed). Otherwise a hidden prompt on the terminal; a new PIN is typed twice. Before a PUK is asked
 * for, the warning is printed whatever the input.
 */
export class CliPinSource implements PinSource {
  constructor(
    private readonly lang: Lang,
    private readonly stdin: StdinLines | null,
  ) {}

  async pin(request: PinRequest): Promise<Buffer> {
    const t = PROMPTS[this.lang];
    if (request.kind === 'puk') {
      // Said before the PUK is typed, for every token: the user may not know which kind they hold.
      process.stderr.write(t.pukHeader(request.state) + t.pukUnusable);
      if (request.pukWarning) process.stderr.write(`${request.pukWarning[this.lang]}\n`);
    }
    if (this.stdin) {
      const pin = await this.stdin.line();
      if (pin === null) {
        throw request.kind === 'context' ? usageError('noContextPinOnStdin') : usageError('noPinOnStdin', { what: request.kind === 'puk' ? 'puk' : 'pin' });
      }
      return pin;
    }
    if (request.state === 'countLow' && request.kind !== 'puk' && request.kind !== 'new') process.stderr.write(t.countLow);
    const question = { user: t.user, context: t.context, current: t.current, new: t.new, puk: t.puk }[request.kind](request.tokenLabel);
    const pin = await promptHidden(question);
    if (request.kind !== 'new') return pin;
    const again = await promptHidden(t.again);
    const same = again.equals(pin);
    again.fill(0);
    if (!same) {
      pin.fill(0);
      throw usageError('pinsDiffer');
    }
    return pin;
  }

  /** The password of a PKCS#12 file: the next stdin line with `--pin-stdin`, else a hidden prompt that names the file. */
  async password(file: string): Promise<Buffer> {
    if (this.stdin) {
      const line = await this.stdin.line();
      if (line === null) throw usageError('noPinOnStdin', { what: 'p12' });
      return line;
    }
    return promptHidden(PROMPTS[this.lang].p12(file));
  }

  async confirmFinalTry(request: PinRequest): Promise<boolean> {
    if (this.stdin || !process.stdin.isTTY) return false;
    const t = PROMPTS[this.lang];
    const answer = await promptLine(request.kind === 'puk' ? t.finalTryPuk(request.tokenLabel) : t.finalTry(request.tokenLabel));
    return t.yes.test(answer);
  }

  /**
   * A pinpad reader waits for the PIN: said on stderr (stdout may be JSON), with the state warnings, since nothing
   * else shows while C_Login blocks. Nothing is read from stdin.
   */
  pinpad(request: PinRequest): Promise<PinpadPrompt> {
    const t = PROMPTS[this.lang];
    const warning = request.state === 'finalTry' ? t.pinpadFinalTry : request.state === 'countLow' ? t.countLow : '';
    process.stderr.write(warning + (request.kind === 'context' ? t.pinpadContext : t.pinpad)(request.tokenLabel));
    return Promise.resolve({ end: () => undefined });
  }

  /** Nothing is kept between requests; kept for symmetry with key sources that hold secrets. */
  dispose(): void {
    // no state
  }
}
