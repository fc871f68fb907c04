/**
 * A failed write, said with its cause: the operating system's error code (errno) picks the coded error — disk full,
 * read-only file system, permission denied, missing folder — and the original error is kept as its cause.
 */
import { dirname } from 'node:path';
import { SiglaError, type ErrorCode } from '../shared/errors.js';

const BY_ERRNO: Readonly<Record<string, ErrorCode>> = {
  ENOSPC: 'OUTPUT_DISK_FULL',
  EDQUOT: 'OUTPUT_DISK_FULL',
  EFBIG: 'OUTPUT_DISK_FULL',
  EROFS: 'OUTPUT_READ_ONLY',
  EACCES: 'OUTPUT_PERMISSION',
  EPERM: 'OUTPUT_PERMISSION',
  ENOENT: 'OUTPUT_FOLDER_MISSING',
  ENOTDIR: 'OUTPUT_FOLDER_MISSING',
};

/** The coded error for a failed write of `target` (a SiglaError passes through unchanged). */
export function writeError(target: string, e: unknown): SiglaError {
  if (e instanceof SiglaError) return e;
  const errno = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const code = BY_ERRNO[errno] ?? 'OUTPUT_WRITE';
  return new SiglaError(code, `cannot write ${target}${errno ? ` (${errno})` : ''}`, {
    params: { file: target, folder: dirname(target), errno: errno || '?' },
    cause: e,
  });
}
