/**
 * pdf-lib's whole-file parser hands control back to the event loop every 100 objects (`parseSpeed` Slow, its
 * default), which keeps the app's main process answering while a large PDF is read. It does so with
 * `setTimeout(0)`, which Node clamps to at least 1 ms: a file of 20,000 objects waited 200 ms doing nothing, and a
 * `verify` of many files spent a tenth of its time idle (issue 13). The same hand-back is made with `setImmediate`,
 * which lets pending I/O (IPC included) run first and then continues at once.
 *
 * The parser reads `waitForTick` from pdf-lib's utils module at each call, so it is replaced there, once.
 */
import * as pdfLibUtils from 'pdf-lib/cjs/utils';

let installed = false;

/** Replaces pdf-lib's tick wait once per process (idempotent). */
export function installImmediateParseTicks(): void {
  if (installed) return;
  installed = true;
  (pdfLibUtils as { waitForTick: () => Promise<void> }).waitForTick = () => new Promise<void>((resolve) => setImmediate(resolve));
}
