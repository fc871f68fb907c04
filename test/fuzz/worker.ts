/**
 * A fuzz worker process: verifies one input at a time with the engine, in process (`verifyFile`, and
 * `extractContent` for envelopes), and sends back the report or the error as plain data over IPC. The pool gives it
 * a 512 MB heap, an RSS limit and a time limit per input (see pool.ts).
 */
import { verifyFile } from '../../electron/core/verify/verifyFile.js';
import { extractContent } from '../../electron/core/verify/extractContent.js';
import type { FileReport } from '../../electron/core/verify/VerificationReport.js';

export interface WorkRequest {
  readonly id: number;
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly anchors: readonly Uint8Array[];
  readonly detachedContent?: Uint8Array;
  /** ISO time to validate at (fixed, so that a run does not depend on the clock more than needed). */
  readonly at?: string;
  readonly extract: boolean;
}

export interface ThrownError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly detail?: string;
  readonly stack: string;
  /** The causes, outermost first (name: message). */
  readonly causes: readonly string[];
}

export interface WorkResult {
  readonly id: number;
  readonly report?: FileReport;
  readonly verifyError?: ThrownError;
  readonly extractError?: ThrownError;
  readonly ms: number;
}

export function describeThrown(e: unknown): ThrownError {
  if (!(e instanceof Error)) return { name: typeof e, message: String(e), stack: '', causes: [] };
  const causes: string[] = [];
  let c: unknown = e.cause;
  for (let i = 0; c !== undefined && i < 8; i++) {
    causes.push(c instanceof Error ? `${c.name}: ${c.message}\n${c.stack ?? ''}` : String(c));
    c = c instanceof Error ? c.cause : undefined;
  }
  const coded = e as Error & { code?: unknown; params?: Record<string, unknown> };
  const detail = coded.params && typeof coded.params.detail === 'string' ? coded.params.detail : undefined;
  return {
    name: e.name,
    ...(typeof coded.code === 'string' ? { code: coded.code } : {}),
    message: e.message,
    ...(detail !== undefined ? { detail } : {}),
    stack: e.stack ?? '',
    causes,
  };
}

async function handle(q: WorkRequest): Promise<WorkResult> {
  const t0 = Date.now();
  let report: FileReport | undefined;
  let verifyError: ThrownError | undefined;
  let extractError: ThrownError | undefined;
  try {
    report = await verifyFile(q.name, q.bytes, {
      anchors: q.anchors,
      ...(q.at ? { at: new Date(q.at) } : {}),
      ...(q.detachedContent ? { detachedContent: q.detachedContent } : {}),
    });
  } catch (e) {
    verifyError = describeThrown(e);
  }
  if (q.extract) {
    try {
      extractContent(q.bytes, q.name);
    } catch (e) {
      extractError = describeThrown(e);
    }
  }
  return { id: q.id, ...(report ? { report } : {}), ...(verifyError ? { verifyError } : {}), ...(extractError ? { extractError } : {}), ms: Date.now() - t0 };
}

if (require.main === module && process.send) {
  process.on('message', (q: WorkRequest) => {
    handle(q).then(
      (r) => process.send?.(r),
      (e: unknown) => process.send?.({ id: q.id, verifyError: describeThrown(e), ms: 0 }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
