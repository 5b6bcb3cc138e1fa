/**
 * Disk cache mode from the filesystem under the instance dir. `cache='none'` makes QEMU open the
 * image with O_DIRECT, which some filesystems (tmpfs, some FUSE and network filesystems) refuse;
 * there the guest would not start. So: try O_DIRECT on a scratch file in that directory.
 */
import { constants } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DriverError } from './errors.js';

export type ProbedCacheMode = 'none' | 'writethrough';

/** 'none' when `dir`'s filesystem supports O_DIRECT, else 'writethrough' (safe without it). */
export async function cacheModeFor(dir: string): Promise<ProbedCacheMode> {
  return (await supportsDirectIo(dir)) ? 'none' : 'writethrough';
}

/** Whether a file in `dir` can be opened with O_DIRECT. Errors other than EINVAL are real failures. */
export async function supportsDirectIo(dir: string): Promise<boolean> {
  const path = join(dir, `.stratus-directio-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fh;
  try {
    fh = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_DIRECT, 0o600);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // tmpfs answers EINVAL; the file may or may not have been created first
    if (code === 'EINVAL' || code === 'EOPNOTSUPP') return false;
    throw new DriverError('HOST_PROBE_FAILED', `cannot probe O_DIRECT support in ${dir}: ${(err as Error).message}`, { path: dir }, { cause: err });
  } finally {
    await fh?.close();
    await unlink(path).catch(() => undefined);
  }
}
