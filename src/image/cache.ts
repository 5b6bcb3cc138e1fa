/**
 * Base images for one host: `<instancesPath>/_base/<sha1(imageId)>`, copied from the store once and
 * shared read-only by every instance of that image (qcow2 overlays name it as their backing file).
 * Ten spawns of one image at once make one copy: concurrent callers in this process share one
 * promise, and other processes wait on the lock file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { copyHashed } from './copy.js';
import { ImageError } from './errors.js';
import { withLockFile, type LockOptions } from './lock.js';
import type { ImageInfo } from './qemu-img.js';
import { checkImage, type DiskFormat } from './safety.js';
import { assertImageId, type ImageStore } from './store.js';

export interface CachedImage {
  imageId: string;
  path: string;
  format: DiskFormat;
  /** From `qemu-img info -f <format>` after the safety check. */
  info: ImageInfo;
}

export class ImageCache {
  readonly baseDir: string;
  /** Copies made from the store by this object (a test counts these). */
  fetchCount = 0;
  private readonly inflight = new Map<string, Promise<CachedImage>>();
  /** Bases this object has checked, with the inode and mtime it checked (a replaced file is re-checked). */
  private readonly checked = new Map<string, { image: CachedImage; ino: number; mtimeMs: number }>();

  constructor(
    readonly instancesPath: string,
    readonly store: ImageStore,
    private readonly lockOptions: LockOptions = {},
  ) {
    this.baseDir = join(instancesPath, '_base');
  }

  /** The base file name: a hash of the id, as Nova does, so names are fixed-length and opaque. */
  basePath(imageId: string): string {
    assertImageId(imageId);
    return join(this.baseDir, createHash('sha1').update(imageId).digest('hex'));
  }

  fetch(imageId: string): Promise<CachedImage> {
    const running = this.inflight.get(imageId);
    if (running) return running;
    const p = this.fetchOnce(imageId).finally(() => this.inflight.delete(imageId));
    this.inflight.set(imageId, p);
    return p;
  }

  private async fetchOnce(imageId: string): Promise<CachedImage> {
    const meta = await this.store.get(imageId);
    const base = this.basePath(imageId);
    const seen = this.checked.get(imageId);
    if (seen) {
      const st = await stat(base).catch(() => undefined);
      if (st && st.ino === seen.ino && st.mtimeMs === seen.mtimeMs) return seen.image;
      this.checked.delete(imageId);
    }
    await mkdir(this.baseDir, { recursive: true });
    await withLockFile(
      `${base}.lock`,
      async () => {
        if (await exists(base)) return; // another process made it while we waited
        const tmp = `${base}.part-${process.pid}-${randomBytes(4).toString('hex')}`;
        try {
          const copied = await copyHashed(this.store.path(imageId), tmp).catch((e: unknown) => {
            if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
              throw new ImageError('NOT_FOUND', "the store has this image's metadata but not its bytes", { imageId, path: this.store.path(imageId), cause: e });
            }
            throw e;
          });
          this.fetchCount++;
          if (copied.sha256 !== meta.checksum) {
            throw new ImageError('CHECKSUM', `the store's copy hashes to ${copied.sha256}, expected ${meta.checksum}`, { imageId, path: this.store.path(imageId) });
          }
          await checkImage(tmp, { declaredFormat: meta.diskFormat, imageId });
          await rename(tmp, base);
        } catch (e) {
          await rm(tmp, { force: true });
          throw e;
        }
      },
      this.lockOptions,
    );
    // Checked also when the base was already there (made by another process or an earlier run):
    // it is the file every overlay will point at. Once per file per ImageCache, so repeated spawns
    // of one image do not pay two qemu-img runs each.
    const st = await stat(base);
    const info = await checkImage(base, { declaredFormat: meta.diskFormat, imageId });
    const image: CachedImage = { imageId, path: base, format: meta.diskFormat, info };
    this.checked.set(imageId, { image, ino: st.ino, mtimeMs: st.mtimeMs });
    return image;
  }

  /** Remove a base (the caller knows no instance uses it). */
  async remove(imageId: string): Promise<void> {
    this.checked.delete(imageId);
    await rm(this.basePath(imageId), { force: true });
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}
