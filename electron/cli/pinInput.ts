/**
 * PINs and passwords for the command line: the first line of stdin (`--pin-stdin`) or a hidden prompt on the
 * terminal. Never argv, never the environment, never echoed or logged.
 */
import { SiglaError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n/locale.js';
import type { PinRequest, PinSource } from '../token/PinSource.js';

/** Reads stdin up to the first newline (or end), once; later calls get the next lines. */
export class StdinLines {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private readonly waiters: (() => void)[] = [];
  private started = false;

  private start(): void {
    if (this.started) return;
    this.started = true;
    process.stdin.on('data', (chunk: Buffer) => {
      const next = Buffer.concat([this.buffer, chunk]);
      this.buffer.fill(0);
      this.buffer = next;
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
    this.start();
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
        if (this.buffer.length === 0 && this.ended) process.stdin.pause();
        return line;
      }
      if (this.ended) return null;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  close(): void {
    this.buffer.fill(0);
    process.stdin.pause();
    process.stdin.destroy();
  }
}

/** A hidden prompt on the controlling terminal; Ctrl-C or Ctrl-D cancels. */
export function promptHidden(question: string): Promise<Buffer> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return Promise.reject(new SiglaError('USAGE', 'no terminal to ask for the PIN: use --pin-stdin', { params: { detail: '--pin-stdin' } }));
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

const PROMPTS = {
  it: {
    user: (l: string) => `PIN del dispositivo "${l}": `,
    context: (l: string) => `PIN per questa firma ("${l}"): `,
    countLow: 'Attenzione: il PIN è stato sbagliato di recente, restano pochi tentativi.\n',
    finalTry: (l: string) => `ATTENZIONE: resta un solo tentativo per il PIN di "${l}". Se è errato il PIN si blocca. Continuare? [s/N] `,
    yes: /^(s|si|sì|y|yes)$/i,
  },
  en: {
    user: (l: string) => `PIN of token "${l}": `,
    context: (l: string) => `PIN for this signature ("${l}"): `,
    countLow: 'Warning: a wrong PIN was typed recently; few tries are left.\n',
    finalTry: (l: string) => `WARNING: only one PIN try is left on "${l}". A wrong PIN locks it. Continue? [y/N] `,
    yes: /^(y|yes)$/i,
  },
} as const;

/**
 * The CLI's PinSource. With `--pin-stdin` the PIN is the first stdin line; a CKA_ALWAYS_AUTHENTICATE key asks for
 * the next line for each signature, falling back to the batch PIN typed for this same command when stdin has no
 * more lines (the user authorised this one batch; nothing is kept after it).
 */
export class CliPinSource implements PinSource {
  private batchPin: Buffer | null = null;

  constructor(
    private readonly lang: Lang,
    private readonly stdin: StdinLines | null,
  ) {}

  async pin(request: PinRequest): Promise<Buffer> {
    const t = PROMPTS[this.lang];
    let pin: Buffer | null;
    if (this.stdin) {
      pin = await this.stdin.line();
      if (pin === null && request.kind === 'context' && this.batchPin) pin = Buffer.from(this.batchPin);
      if (pin === null) throw new SiglaError('USAGE', 'no PIN on standard input', { params: { detail: '--pin-stdin' } });
    } else {
      if (request.state === 'countLow') process.stderr.write(t.countLow);
      pin = await promptHidden(request.kind === 'user' ? t.user(request.tokenLabel) : t.context(request.tokenLabel));
    }
    if (request.kind === 'user') {
      this.batchPin?.fill(0);
      this.batchPin = Buffer.from(pin);
    }
    return pin;
  }

  async confirmFinalTry(request: PinRequest): Promise<boolean> {
    if (this.stdin || !process.stdin.isTTY) return false;
    const answer = await promptLine(PROMPTS[this.lang].finalTry(request.tokenLabel));
    return PROMPTS[this.lang].yes.test(answer);
  }

  /** Zeroes what this batch kept. */
  dispose(): void {
    this.batchPin?.fill(0);
    this.batchPin = null;
  }
}
