/** Pieces every backend shares: argument checks, instance dirs, formatting, undo-on-failure. */
import { mkdir, readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../util/exec.js';
import { ImageError } from '../errors.js';
import type { CachedImage } from '../cache.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Disk names become file names and LV names (LVM allows [A-Za-z0-9+_.-]).
const NAME_RE = /^disk(\.[a-z0-9]{1,16})?$/;

export function checkUuid(uuid: string): void {
  if (!UUID_RE.test(uuid)) throw new ImageError('INVALID_ARGUMENT', `instance uuid ${JSON.stringify(uuid)} is not a uuid`);
}

export function checkDiskName(name: string): void {
  if (!NAME_RE.test(name)) throw new ImageError('INVALID_ARGUMENT', `disk name ${JSON.stringify(name)} must look like disk or disk.<suffix>`);
}

export function checkSize(sizeBytes: number, what: string): void {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) throw new ImageError('INVALID_ARGUMENT', `${what} size must be a positive integer of bytes, got ${sizeBytes}`);
}

/** The root size: the flavor's, which must hold the image; 0/undefined means the image's own size. */
export function rootSize(cached: CachedImage, sizeBytes: number | undefined): number {
  const virtual = cached.info.virtualSize;
  if (sizeBytes === undefined || sizeBytes === 0) return virtual;
  checkSize(sizeBytes, 'root disk');
  if (virtual > sizeBytes) {
    throw new ImageError('TOO_LARGE', `image virtual size ${virtual} bytes exceeds the root disk's ${sizeBytes} bytes`, { imageId: cached.imageId, path: cached.path });
  }
  return sizeBytes;
}

export function instanceDir(instancesPath: string, uuid: string): string {
  return join(instancesPath, uuid);
}

/** mkdir; returns true when this call created it (so a failure can remove what it made). */
export async function ensureDir(dir: string): Promise<boolean> {
  const made = await mkdir(dir, { recursive: true });
  return made !== undefined;
}

export async function removeDirIfEmpty(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length === 0) await rmdir(dir);
  } catch {
    // already gone or not empty: fine
  }
}

/** Make an ext4 filesystem or swap signature on a raw file or block device. */
export async function formatDisk(target: string, fs: 'ext4' | 'swap', label: string): Promise<void> {
  if (fs === 'ext4') {
    // -F: a regular file is not a "block special device"; lazy init keeps it fast on big disks.
    await run('mkfs.ext4', ['-F', '-q', '-L', label.slice(0, 16), '-E', 'lazy_itable_init=1,lazy_journal_init=1', target]);
  } else {
    await run('mkswap', ['-L', label.slice(0, 16), target]);
  }
}

/** Run `make`; if it throws, run `undo` (its own errors are swallowed) and rethrow as BACKEND_FAILED. */
export async function undoing<T>(what: string, path: string, make: () => Promise<T>, undo: () => Promise<void>): Promise<T> {
  try {
    return await make();
  } catch (e) {
    await undo().catch(() => {});
    if (e instanceof ImageError) throw e;
    throw new ImageError('BACKEND_FAILED', `${what} failed: ${e instanceof Error ? e.message : String(e)}`, { path, cause: e });
  }
}
