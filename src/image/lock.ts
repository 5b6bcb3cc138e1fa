/**
 * A cross-process lock file: `open(path, 'wx')` succeeds for exactly one process. The file holds
 * the owner's pid and start time; a lock whose owner is dead, or older than `staleMs`, is taken over
 * (a crashed agent must not block its image forever).
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { ImageError } from './errors.js';

export interface LockOptions {
  /** A lock older than this is stale whatever its pid says (default 10 min: a slow copy of a big image). */
  staleMs?: number;
  /** Give up after this long (default 30 min). */
  timeoutMs?: number;
  pollMs?: number;
}

export async function withLockFile<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const staleMs = opts.staleMs ?? 10 * 60_000;
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  let poll = opts.pollMs ?? 20;
  for (;;) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(JSON.stringify({ pid: process.pid, at: Date.now() }));
      } finally {
        await fh.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await isStale(path, staleMs)) {
      // Two waiters may both see it stale; unlink of an already-replaced lock is the race left.
      // It is narrowed by re-reading right before unlinking.
      if (await isStale(path, staleMs)) await unlink(path).catch(() => {});
      continue;
    }
    if (Date.now() > deadline) throw new ImageError('BACKEND_FAILED', 'timed out waiting for a lock', { path });
    await new Promise((r) => setTimeout(r, poll));
    poll = Math.min(poll * 2, 500);
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => {});
  }
}

async function isStale(path: string, staleMs: number): Promise<boolean> {
  let owner: { pid?: unknown; at?: unknown };
  try {
    owner = JSON.parse(await readFile(path, 'utf8')) as typeof owner;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // released meanwhile: retry open
    // Empty or half-written: the owner is between open and write. Stale only if old.
    return false;
  }
  if (typeof owner.at === 'number' && Date.now() - owner.at > staleMs) return true;
  if (typeof owner.pid === 'number' && owner.pid !== process.pid) {
    try {
      process.kill(owner.pid, 0);
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
  return false;
}
