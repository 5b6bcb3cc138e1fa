/**
 * The image store: a directory holding `<id>.img` (the bytes) and `<id>.json` (the metadata). The
 * metadata file is written last and is what makes an image exist, so a crash mid-import leaves at
 * most a `.tmp-*` file that `list()` never sees and the next import sweeps up.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyHashed, sha256File, type CopyResult } from './copy.js';
import { convertImage } from './qemu-img.js';
import { CommandError } from '../util/exec.js';
import { ImageError } from './errors.js';
import { checkImage, detectFormat, DISK_FORMATS, type DiskFormat } from './safety.js';

export type ContainerFormat = 'bare' | 'ami' | 'aki' | 'ari';
export const CONTAINER_FORMATS: readonly ContainerFormat[] = ['bare', 'ami', 'aki', 'ari'];

export interface ImageMeta {
  id: string;
  name: string;
  diskFormat: DiskFormat;
  containerFormat: ContainerFormat;
  /** Bytes of the stored file. */
  size: number;
  /** Bytes the guest sees (qemu-img virtual size). */
  virtualSize: number;
  /** sha256 of the stored file, hex. */
  checksum: string;
  /** GiB. */
  minDisk: number;
  /** MiB. */
  minRam: number;
  /** architecture, hypervisor_type, vm_mode, os_type, hw_*, kernel_id, ramdisk_id, ... */
  properties: Record<string, string>;
  createdAt: string;
}

export interface ImportOptions {
  name: string;
  /** Declared format; when absent it is detected (and must still be raw or qcow2). */
  diskFormat?: DiskFormat;
  containerFormat?: ContainerFormat;
  properties?: Record<string, string>;
  minDisk?: number;
  minRam?: number;
  /** Use this id instead of a fresh one (e.g. snapshots that pre-announce their id). */
  id?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface SnapshotOptions extends Omit<ImportOptions, 'diskFormat' | 'onProgress'> {
  /** The disk's format ('qcow2' for an overlay, 'raw' for a raw file or an LV). */
  sourceFormat: 'qcow2' | 'raw';
  /** Read a disk that a paused guest's QEMU holds open. */
  forceShare?: boolean;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertImageId(id: string): void {
  // Ids become file names: anything but a lowercase uuid could walk out of the directory.
  if (!UUID_RE.test(id)) throw new ImageError('INVALID_ARGUMENT', `image id ${JSON.stringify(id)} is not a uuid`);
}

export class ImageStore {
  constructor(readonly dir: string) {}

  path(id: string): string {
    assertImageId(id);
    return join(this.dir, `${id}.img`);
  }

  private metaPath(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Copy a file into the store (sparse, hashed on the fly), detect/check its format, then commit. */
  import(file: string, opts: ImportOptions): Promise<ImageMeta> {
    return this.ingest(file, opts, async (tmp, id) => {
      try {
        return await copyHashed(file, tmp, { onProgress: opts.onProgress });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ImageError('NOT_FOUND', 'the file to import does not exist', { imageId: id, path: file, cause: e });
        throw e;
      }
    });
  }

  /**
   * A new qcow2 image from an instance's disk (a snapshot): `qemu-img convert` flattens the disk's
   * backing chain into one self-contained file written straight into the store, then it is hashed
   * and checked like any import. The guest should be paused or stopped (forceShare lets qemu-img
   * read a disk QEMU holds open).
   */
  snapshotFrom(disk: string, opts: SnapshotOptions): Promise<ImageMeta> {
    return this.ingest(disk, { ...opts, diskFormat: 'qcow2' }, async (tmp, id) => {
      try {
        await convertImage(disk, tmp, { sourceFormat: opts.sourceFormat, targetFormat: 'qcow2', forceShare: opts.forceShare });
      } catch (e) {
        const missing = e instanceof CommandError && /No such file or directory/.test(e.stderr);
        throw new ImageError(missing ? 'NOT_FOUND' : 'INVALID_IMAGE', `cannot read the disk to snapshot: ${(e as Error).message}`, { imageId: id, path: disk, cause: e });
      }
      const size = (await stat(tmp)).size;
      return { size, sha256: await sha256File(tmp) };
    });
  }

  private async ingest(source: string, opts: ImportOptions, fill: (tmp: string, id: string) => Promise<CopyResult>): Promise<ImageMeta> {
    const id = opts.id ?? randomUUID();
    assertImageId(id);
    const containerFormat = opts.containerFormat ?? 'bare';
    if (!CONTAINER_FORMATS.includes(containerFormat)) {
      throw new ImageError('INVALID_ARGUMENT', `container format ${String(containerFormat)} is not one of ${CONTAINER_FORMATS.join(', ')}`, { imageId: id });
    }
    if (opts.diskFormat !== undefined && !DISK_FORMATS.includes(opts.diskFormat)) {
      throw new ImageError('UNSUPPORTED_FORMAT', `disk format ${String(opts.diskFormat)} is not one of ${DISK_FORMATS.join(', ')}`, { imageId: id });
    }
    for (const [k, v] of Object.entries(opts.properties ?? {})) {
      if (typeof v !== 'string') throw new ImageError('INVALID_ARGUMENT', `property ${k} must be a string`, { imageId: id });
    }
    if (!opts.name) throw new ImageError('INVALID_ARGUMENT', 'an image needs a name', { imageId: id });
    await mkdir(this.dir, { recursive: true });
    if (await this.exists(id)) throw new ImageError('INVALID_ARGUMENT', 'an image with this id exists', { imageId: id });

    const tmpImg = join(this.dir, `.tmp-${id}.img`);
    const tmpMeta = join(this.dir, `.tmp-${id}.json`);
    const finalImg = this.path(id);
    let renamedImg = false;
    try {
      const copied = await fill(tmpImg, id);
      // Detect from the copy (not the source, which could change under us).
      let diskFormat = opts.diskFormat;
      if (diskFormat === undefined) {
        const found = await detectFormat(tmpImg);
        if (!DISK_FORMATS.includes(found as DiskFormat)) {
          throw new ImageError('UNSUPPORTED_FORMAT', `detected format ${found} is not one of ${DISK_FORMATS.join(', ')}`, { imageId: id, path: source });
        }
        diskFormat = found as DiskFormat;
      }
      const info = await checkImage(tmpImg, { declaredFormat: diskFormat, imageId: id }).catch((e: unknown) => {
        // Name the user's file, not our temp copy.
        if (e instanceof ImageError) throw new ImageError(e.code, e.reason, { imageId: id, path: source, cause: e });
        throw e;
      });
      const meta: ImageMeta = {
        id,
        name: opts.name,
        diskFormat,
        containerFormat,
        size: copied.size,
        virtualSize: info.virtualSize,
        checksum: copied.sha256,
        minDisk: opts.minDisk ?? 0,
        minRam: opts.minRam ?? 0,
        properties: { ...(opts.properties ?? {}) },
        createdAt: new Date().toISOString(),
      };
      await writeFile(tmpMeta, JSON.stringify(meta, null, 2) + '\n', { flag: 'wx' });
      await rename(tmpImg, finalImg);
      renamedImg = true;
      await rename(tmpMeta, this.metaPath(id)); // the commit point
      return meta;
    } catch (e) {
      await rm(tmpImg, { force: true });
      await rm(tmpMeta, { force: true });
      if (renamedImg) await rm(finalImg, { force: true });
      throw e;
    }
  }

  private async exists(id: string): Promise<boolean> {
    try {
      await readFile(this.metaPath(id));
      return true;
    } catch {
      return false;
    }
  }

  async get(id: string): Promise<ImageMeta> {
    assertImageId(id);
    let text: string;
    try {
      text = await readFile(this.metaPath(id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ImageError('NOT_FOUND', 'no such image in the store', { imageId: id, cause: e });
      throw e;
    }
    return JSON.parse(text) as ImageMeta;
  }

  async list(): Promise<ImageMeta[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const ids = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -5)).filter((id) => UUID_RE.test(id));
    const metas = await Promise.all(ids.map((id) => this.get(id).catch(() => undefined)));
    return metas.filter((m): m is ImageMeta => m !== undefined).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async delete(id: string): Promise<void> {
    assertImageId(id);
    try {
      await unlink(this.metaPath(id)); // gone for readers first, then the bytes
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ImageError('NOT_FOUND', 'no such image in the store', { imageId: id, cause: e });
      throw e;
    }
    await rm(this.path(id), { force: true });
  }

  /** Re-hash the stored bytes and compare with the recorded checksum. */
  async verify(id: string): Promise<void> {
    const meta = await this.get(id);
    const sum = await sha256File(this.path(id));
    if (sum !== meta.checksum) {
      throw new ImageError('CHECKSUM', `stored bytes hash to ${sum}, expected ${meta.checksum}`, { imageId: id, path: this.path(id) });
    }
  }
}
