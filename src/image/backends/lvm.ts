/**
 * The lvm backend: one logical volume per disk in a configured volume group, named `<uuid>_<disk>`,
 * the image written into `/dev/<vg>/<lv>` with `qemu-img convert -n`. The instance directory still
 * exists (the console log lives there) but holds no disks.
 *
 * Containers and hosts without udev: LVM waits for udev to create /dev nodes unless told not to,
 * and hangs or fails. Every call therefore runs with udev sync and rules off (`--config`) and
 * DM_DISABLE_UDEV=1, which makes libdevmapper create the /dev/mapper and /dev/<vg> nodes itself.
 * LVs need the kernel's device-mapper; `lvmUsable()` says whether this host has it.
 */
import { readFile, rm } from 'node:fs/promises';
import { run } from '../../util/exec.js';
import { CommandError } from '../../util/exec.js';
import { convertImage } from '../qemu-img.js';
import type { CachedImage } from '../cache.js';
import { ImageError } from '../errors.js';
import type { BackendConfig, DiskBackend, DiskSpec, EphemeralOptions } from './types.js';
import { checkDiskName, checkSize, checkUuid, ensureDir, formatDisk, instanceDir, rootSize, undoing } from './common.js';

const LVM_CONFIG = ['--config', 'activation { udev_sync=0 udev_rules=0 } devices { obtain_device_list_from_udev=0 }'];
const LVM_ENV = { ...process.env, DM_DISABLE_UDEV: '1', LVM_SUPPRESS_FD_WARNINGS: '1' };

/** Run an LVM command the way this backend always does (no udev, no fd-leak noise). */
export function lvm(cmd: string, args: readonly string[]): Promise<{ stdout: string }> {
  return run(cmd, [...LVM_CONFIG, ...args], { env: LVM_ENV, timeoutMs: 120_000 });
}

/** Why LVM cannot hold instance disks here, or undefined when it can. */
export async function lvmUnusableReason(volumeGroup?: string): Promise<string | undefined> {
  let misc = '';
  try {
    misc = await readFile('/proc/misc', 'utf8');
  } catch {
    return 'cannot read /proc/misc to check for device-mapper';
  }
  if (!/\bdevice-mapper\b/.test(misc)) {
    return 'the kernel has no device-mapper (no "device-mapper" in /proc/misc): logical volumes cannot be activated';
  }
  if (volumeGroup !== undefined) {
    try {
      await lvm('vgs', ['--noheadings', '-o', 'vg_name', volumeGroup]);
    } catch (e) {
      return `volume group ${volumeGroup} is not usable: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return undefined;
}

export class LvmBackend implements DiskBackend {
  readonly kind = 'lvm' as const;
  private readonly vg: string;
  private usable: Promise<void> | undefined;

  constructor(private readonly config: BackendConfig) {
    if (!config.volumeGroup || !/^[A-Za-z0-9+_.-]+$/.test(config.volumeGroup)) {
      throw new ImageError('INVALID_ARGUMENT', `the lvm backend needs a volume group name, got ${JSON.stringify(config.volumeGroup)}`);
    }
    this.vg = config.volumeGroup;
  }

  /** Checked once, at the first create, so a host without device-mapper gets one clear error. */
  private ensureUsable(): Promise<void> {
    this.usable ??= lvmUnusableReason(this.vg).then((why) => {
      if (why) {
        this.usable = undefined;
        throw new ImageError('LVM_UNAVAILABLE', why);
      }
    });
    return this.usable;
  }

  lvName(uuid: string, disk: string): string {
    return `${uuid}_${disk}`;
  }

  devPath(uuid: string, disk: string): string {
    return `/dev/${this.vg}/${this.lvName(uuid, disk)}`;
  }

  async createRoot(uuid: string, cached: CachedImage, sizeBytes?: number): Promise<DiskSpec> {
    checkUuid(uuid);
    const size = rootSize(cached, sizeBytes);
    return this.createLv(uuid, 'disk', size, async (dev) => {
      await convertImage(cached.path, dev, { sourceFormat: cached.format, targetFormat: 'raw', targetExists: true });
    });
  }

  async createEphemeral(uuid: string, name: string, sizeBytes: number, opts: EphemeralOptions = {}): Promise<DiskSpec> {
    checkDiskName(name);
    if (name === 'disk') throw new ImageError('INVALID_ARGUMENT', 'an ephemeral disk cannot be named disk (that is the root)');
    const fs = opts.fs ?? 'ext4';
    const label = opts.label ?? name.replace(/^disk\./, 'ephemeral_');
    return this.createLv(uuid, name, sizeBytes, async (dev) => {
      if (fs === 'ext4') await formatDisk(dev, 'ext4', label);
    });
  }

  async createSwap(uuid: string, sizeBytes: number): Promise<DiskSpec> {
    return this.createLv(uuid, 'disk.swap', sizeBytes, (dev) => formatDisk(dev, 'swap', 'swap'));
  }

  private async createLv(uuid: string, disk: string, sizeBytes: number, fill: (dev: string) => Promise<void>): Promise<DiskSpec> {
    checkUuid(uuid);
    checkDiskName(disk);
    checkSize(sizeBytes, disk);
    await this.ensureUsable();
    await ensureDir(instanceDir(this.config.instancesPath, uuid));
    const lv = this.lvName(uuid, disk);
    const dev = this.devPath(uuid, disk);
    let created = false;
    await undoing(
      `creating logical volume ${this.vg}/${lv}`,
      dev,
      async () => {
        // Size in bytes ('b'); LVM rounds up to its extent size. -y --wipesignatures: old data on
        // reused extents must not look like a filesystem to the new guest or to blkid.
        await lvm('lvcreate', ['-y', '--wipesignatures', 'y', '-Zy', '-L', `${sizeBytes}b`, '-n', lv, this.vg]);
        created = true;
        await fill(dev);
      },
      async () => {
        if (created) await lvm('lvremove', ['-f', `${this.vg}/${lv}`]);
      },
    );
    return { name: disk, type: 'block', path: dev, format: 'raw' };
  }

  private async lvsOf(uuid: string): Promise<string[]> {
    let stdout: string;
    try {
      ({ stdout } = await lvm('lvs', ['--noheadings', '-o', 'lv_name', this.vg]));
    } catch (e) {
      if (e instanceof CommandError) throw new ImageError('LVM_UNAVAILABLE', `cannot list volume group ${this.vg}: ${e.message}`, { cause: e });
      throw e;
    }
    const prefix = `${uuid}_`;
    return stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((n) => n.startsWith(prefix))
      .sort();
  }

  async list(uuid: string): Promise<DiskSpec[]> {
    checkUuid(uuid);
    return (await this.lvsOf(uuid)).map((lv) => {
      const name = lv.slice(uuid.length + 1);
      return { name, type: 'block' as const, path: `/dev/${this.vg}/${lv}`, format: 'raw' as const };
    });
  }

  async deleteAll(uuid: string): Promise<void> {
    checkUuid(uuid);
    for (const lv of await this.lvsOf(uuid)) await lvm('lvremove', ['-f', `${this.vg}/${lv}`]);
    await rm(instanceDir(this.config.instancesPath, uuid), { recursive: true, force: true });
  }
}
