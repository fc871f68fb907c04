/**
 * Whether Firefox runs with a profile. On Linux Firefox holds `lock`, a symbolic link whose target is
 * `ADDRESS:+PID` (nsProfileLock), plus an fcntl lock on `.parentlock`; a link left by a crashed Firefox names a
 * process that no longer exists. The link is what is read here: its process must be alive (`/proc/PID`). An
 * fcntl lock cannot be probed from Node without taking it, so a `.parentlock` alone is not taken as running.
 * Limits: a Flatpak Firefox writes a process id of its own namespace, which may match an unrelated process here
 * (then the profile is reported as in use, the safe side) or none (then it is not seen as running).
 */
import { existsSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface ProfileLock {
  readonly pid: number;
  readonly host: string;
}

/** The live lock on a profile folder, or null when Firefox does not hold it (no link, or its process is gone). */
export function liveProfileLock(profileDir: string, processAlive: (pid: number) => boolean = procAlive): ProfileLock | null {
  let target: string;
  try {
    target = readlinkSync(join(profileDir, 'lock'));
  } catch {
    return null;
  }
  const m = /^(.*):\+(\d+)$/.exec(target);
  if (!m) return null;
  const pid = Number(m[2]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  return processAlive(pid) ? { pid, host: m[1] ?? '' } : null;
}

function procAlive(pid: number): boolean {
  if (existsSync('/proc/self')) return existsSync(`/proc/${pid}`);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
