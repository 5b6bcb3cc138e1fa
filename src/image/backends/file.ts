/**
 * The file backends: `qcow2` (an overlay on the cached base, or a full qcow2 copy when
 * useCowImages is false) and `raw` (a sparse full copy). Disks are files in `<instancesPath>/<uuid>/`.
 * Ephemeral and swap disks are formatted as raw files (mkfs needs raw bytes); the qcow2 backend then
 * converts them to qcow2 so every disk of an instance has one format.
 */
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { convertImage, createImage, resizeImage } from '../qemu-img.js';
import type { CachedImage } from '../cache.js';
import type { BackendConfig, DiskBackend, DiskSpec, EphemeralOptions } from './types.js';
import { checkDiskName, checkSize, checkUuid, ensureDir, formatDisk, instanceDir, removeDirIfEmpty, rootSize, undoing } from './common.js';
import { ImageError } from '../errors.js';

export class FileBackend implements DiskBackend {
  readonly kind: 'qcow2' | 'raw';
  private readonly useCow: boolean;

  constructor(private readonly config: BackendConfig) {
    if (config.imagesType === 'lvm') throw new ImageError('INVALID_ARGUMENT', 'FileBackend is for qcow2 and raw');
    this.kind = config.imagesType;
    this.useCow = config.useCowImages ?? true;
  }

  private get format(): 'qcow2' | 'raw' {
    return this.kind;
  }

  async createRoot(uuid: string, cached: CachedImage, sizeBytes?: number): Promise<DiskSpec> {
    checkUuid(uuid);
    const size = rootSize(cached, sizeBytes);
    const dir = instanceDir(this.config.instancesPath, uuid);
    const path = join(dir, 'disk');
    const madeDir = await ensureDir(dir);
    await this.refuseExisting(path);
    await undoing(
      'creating the root disk',
      path,
      async () => {
        if (this.kind === 'qcow2' && this.useCow) {
          // Overlay sized directly to the flavor: no separate resize step.
          await createImage(path, { format: 'qcow2', backingFile: cached.path, backingFormat: cached.format, size });
        } else {
          await convertImage(cached.path, path, { sourceFormat: cached.format, targetFormat: this.format });
          if (size > cached.info.virtualSize) await resizeImage(path, size, { format: this.format });
        }
      },
      async () => {
        await rm(path, { force: true });
        if (madeDir) await removeDirIfEmpty(dir);
      },
    );
    return { name: 'disk', type: 'file', path, format: this.format };
  }

  async createEphemeral(uuid: string, name: string, sizeBytes: number, opts: EphemeralOptions = {}): Promise<DiskSpec> {
    checkDiskName(name);
    if (name === 'disk') throw new ImageError('INVALID_ARGUMENT', 'an ephemeral disk cannot be named disk (that is the root)');
    const fs = opts.fs ?? 'ext4';
    return this.createFormatted(uuid, name, sizeBytes, fs === 'none' ? undefined : 'ext4', opts.label ?? name.replace(/^disk\./, 'ephemeral_'));
  }

  async createSwap(uuid: string, sizeBytes: number): Promise<DiskSpec> {
    return this.createFormatted(uuid, 'disk.swap', sizeBytes, 'swap', 'swap');
  }

  private async createFormatted(uuid: string, name: string, sizeBytes: number, fs: 'ext4' | 'swap' | undefined, label: string): Promise<DiskSpec> {
    checkUuid(uuid);
    checkSize(sizeBytes, name);
    const dir = instanceDir(this.config.instancesPath, uuid);
    const path = join(dir, name);
    const raw = this.kind === 'raw' ? path : `${path}.raw-tmp`;
    const madeDir = await ensureDir(dir);
    await this.refuseExisting(path);
    await undoing(
      `creating ${name}`,
      path,
      async () => {
        await createImage(raw, { format: 'raw', size: sizeBytes });
        if (fs) await formatDisk(raw, fs, label);
        if (raw !== path) {
          await convertImage(raw, `${path}.tmp`, { sourceFormat: 'raw', targetFormat: 'qcow2' });
          await rename(`${path}.tmp`, path);
          await rm(raw, { force: true });
        }
      },
      async () => {
        await rm(path, { force: true });
        await rm(`${path}.tmp`, { force: true });
        await rm(raw, { force: true });
        if (madeDir) await removeDirIfEmpty(dir);
      },
    );
    return { name, type: 'file', path, format: this.format };
  }

  private async refuseExisting(path: string): Promise<void> {
    try {
      await stat(path);
    } catch {
      return;
    }
    // Never overwrite: it may be a running guest's disk.
    throw new ImageError('BACKEND_FAILED', 'the disk already exists', { path });
  }

  async list(uuid: string): Promise<DiskSpec[]> {
    checkUuid(uuid);
    const dir = instanceDir(this.config.instancesPath, uuid);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => /^disk(\.[a-z0-9]{1,16})?$/.test(n))
      .sort()
      .map((n) => ({ name: n, type: 'file' as const, path: join(dir, n), format: this.format }));
  }

  async deleteAll(uuid: string): Promise<void> {
    checkUuid(uuid);
    await rm(instanceDir(this.config.instancesPath, uuid), { recursive: true, force: true });
  }
}
